// The per-request pipeline of MarketoEmulator: counting, faults, identity, auth,
// routing and limits, in the order the real service applies them.
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "emulators/common/connection_drop.h"
#include "emulators/common/json_util.h"
#include "emulators/marketo/marketo_emulator.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::marketo {
namespace {

constexpr char kIdentityPath[] = "/identity/oauth/token";
constexpr size_t kMaxUriBytes = 8192;
// Marketo's body limit, "1 MB" (413 above it), read strictly as 10^6 bytes so that a
// gateway that splits at the wrong size is caught.
constexpr size_t kMaxBodyBytes = 1000000;

Reply PlainReply(int status, std::string text) {
  Reply r;
  r.http_status = status;
  r.body = std::move(text);
  r.content_type = "text/plain";
  r.outcome = absl::StrCat(status);
  return r;
}

Reply IdentityError(int status, const char* error, const char* description) {
  rapidjson::Document doc(rapidjson::kObjectType);
  doc.AddMember("error", rapidjson::StringRef(error), doc.GetAllocator());
  doc.AddMember("error_description", rapidjson::StringRef(description), doc.GetAllocator());
  Reply r;
  r.http_status = status;
  r.body = common::ToJsonString(doc);
  r.outcome = absl::StrCat(status);
  return r;
}

// Vendor codes (6xx, 7xx, 1xxx) are answered in an HTTP 200 envelope; anything else
// is taken as an HTTP status.
bool IsVendorCode(const std::string& code) {
  int n = 0;
  return absl::SimpleAtoi(code, &n) && ((n >= 600 && n < 800) || n >= 1000);
}

std::string BearerToken(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  constexpr absl::string_view kPrefix = "bearer ";
  if (header.size() <= kPrefix.size() ||
      !absl::EqualsIgnoreCase(absl::string_view(header).substr(0, kPrefix.size()), kPrefix)) {
    return "";
  }
  return std::string(absl::StripAsciiWhitespace(header.substr(kPrefix.size())));
}

void WriteReply(const Reply& reply, httplib::Response& res) {
  res.status = reply.http_status;
  res.set_content(reply.body, reply.content_type.c_str());
}

}  // namespace

void MarketoEmulator::Serve(const httplib::Request& req, httplib::Response& res,
                            std::string body) {
  RestRequest rr;
  rr.request_id = request_ids_.Next();
  rr.method = req.method;
  rr.path = req.path;
  rr.params = std::multimap<std::string, std::string>(req.params.begin(), req.params.end());
  rr.body = std::move(body);
  rr.content_type = req.get_header_value("Content-Type");
  const bool identity = rr.path == kIdentityPath;
  if (rr.method == "POST" && rr.Param("_method") == "GET") {
    // The documented escape hatch for queries over 8 KB: the query travels as a form
    // body and the call is handled exactly like the GET.
    rr.method = "GET";
    ParseFormUrlEncoded(rr.body, &rr.params);
    rr.body.clear();
  }
  if (identity && rr.method == "POST" &&
      absl::StrContains(rr.content_type, "application/x-www-form-urlencoded")) {
    ParseFormUrlEncoded(rr.body, &rr.params);
  }
  std::string endpoint = "identity";
  if (!identity) {
    endpoint = router_.Find(rr.method, rr.path).endpoint;
    if (endpoint.empty()) endpoint = "unknown";
  }
  counters_.RecordRequest(endpoint);
  auto finish = [&](const Reply& reply) {
    counters_.RecordOutcome(endpoint, reply.outcome);
    WriteReply(reply, res);
  };

  if (req.target.size() > kMaxUriBytes) {
    return finish(PlainReply(414, "414 Request-URI Too Long"));
  }
  // After the _method=GET rewrite: a query sent as a form body has no size limit.
  if (rr.body.size() > kMaxBodyBytes) {
    return finish(PlainReply(413, "413 Request Entity Too Large"));
  }
  const common::FaultDecision fault = faults_.Decide();
  if (faults_.ConsumeTokenExpiry()) tokens_.ExpireAll();
  if (fault.down) return finish(PlainReply(503, "503 Service Unavailable"));
  if (fault.drop) {
    counters_.RecordOutcome(endpoint, common::kOutcomeDropped);
    if (!common::DropConnection(req)) common::SetEmptyCloseResponse(res);
    return;
  }
  // Identity calls are exempt from the concurrency, rate and quota limits.
  common::ConcurrencyGauge::Ticket ticket;
  if (!identity) {
    ticket = gauge_.TryEnter();
    if (!ticket.admitted()) {
      return finish(ErrorReply(
          rr.request_id, "615",
          absl::StrCat("Max '", options_.max_concurrent, "' concurrent access limit reached")));
    }
  }
  // The call is counted and run on arrival, as a real upstream does; the injected latency
  // delays only the answer. A client that gives up early has still spent the call.
  auto late = [&](auto reply) {
    if (fault.latency > absl::ZeroDuration()) absl::SleepFor(fault.latency);
    return finish(std::move(reply));
  };
  if (!fault.error_code.empty()) {
    if (!IsVendorCode(fault.error_code)) {
      int status = 500;
      if (!absl::SimpleAtoi(fault.error_code, &status) || status < 100 || status > 599) {
        status = 500;
      }
      return late(PlainReply(status, absl::StrCat(status, " Injected fault")));
    }
    if (!identity) {
      return late(ErrorReply(rr.request_id, fault.error_code, DefaultMessage(fault.error_code)));
    }
  }
  if (identity) return late(ServeIdentity(rr));
  return late(ServeRest(req, rr));
}

Reply MarketoEmulator::ServeIdentity(const RestRequest& rr) {
  if (rr.method != "GET" && rr.method != "POST") return PlainReply(405, "405 Method Not Allowed");
  if (rr.Param("grant_type") != "client_credentials") {
    return IdentityError(400, "invalid_request", "grant_type must be client_credentials");
  }
  std::optional<IssuedToken> token =
      tokens_.Issue(rr.Param("client_id"), rr.Param("client_secret"));
  if (!token.has_value()) {
    return IdentityError(401, "unauthorized", "Bad client credentials");
  }
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("access_token", JsonString(token->access_token, a), a);
  doc.AddMember("token_type", "bearer", a);
  doc.AddMember("expires_in", static_cast<int64_t>(token->expires_in_seconds), a);
  doc.AddMember("scope", "apis@leadgw-sandbox.example", a);
  Reply r;
  r.body = common::ToJsonString(doc);
  return r;
}

Reply MarketoEmulator::ServeRest(const httplib::Request& req, RestRequest& rr) {
  if (!absl::StartsWith(rr.path, "/rest/")) return PlainReply(404, "404 Not Found");
  switch (tokens_.Validate(BearerToken(req))) {
    case TokenRegistry::Check::kValid:
      break;
    case TokenRegistry::Check::kExpired:
      return ErrorReply(rr.request_id, "602", "Access token expired");
    case TokenRegistry::Check::kInvalid:
      return ErrorReply(rr.request_id, "601", "Access token invalid");
  }
  Router::Match match = router_.Find(rr.method, rr.path);
  if (match.handler == nullptr) {
    if (!match.endpoint.empty()) {
      return ErrorReply(rr.request_id, "605",
                        absl::StrCat("Request method '", rr.method, "' not supported"));
    }
    return ErrorReply(rr.request_id, "610", "Requested resource not found");
  }
  if (!rate_limiter_.TryAcquire()) {
    return ErrorReply(rr.request_id, "606",
                      absl::StrCat("Max rate limit '", options_.rate_limit_calls,
                                   "' exceeded with in '",
                                   absl::ToInt64Seconds(options_.rate_window), "' secs"));
  }
  if (!quota_.TryConsume()) {
    return ErrorReply(rr.request_id, "607",
                      absl::StrCat("Max daily quota '", options_.daily_quota, "' reached"));
  }
  rr.path_args = std::move(match.args);
  return (*match.handler)(rr);
}

}  // namespace leadgw::emulators::marketo
