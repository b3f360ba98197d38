#include "backends/hotprofile/rest_stub.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "upstream/guard/direct_calls.h"
#include "upstream/http_outcome.h"
#include "backends/hotprofile/response_parser.h"
#include "upstream/http/retry_after.h"
#include "upstream/http/url.h"
#include "upstream/upstream_error.h"
#include "common/secret.h"
#include "common/status_macros.h"
#include "common/utf8.h"

namespace leadgw::backends::hotprofile {
namespace {

constexpr absl::string_view kBackend = "hotprofile";
// Upstream text kept in a status message, so one odd answer cannot flood logs.
constexpr size_t kMaxUpstreamText = 1000;

std::string Shorten(std::string text) {
  if (text.size() <= kMaxUpstreamText) return text;
  return absl::StrCat(Utf8Truncate(text, kMaxUpstreamText), "...");
}

}  // namespace

HotProfileRestStub::HotProfileRestStub(ConnectionSettings settings,
                                       std::shared_ptr<upstream::http::HttpClient> client,
                                       std::shared_ptr<upstream::CallGuard> guard, Clock clock)
    : settings_(std::move(settings)),
      client_(std::move(client)),
      guard_(guard != nullptr ? std::move(guard)
                              : std::make_shared<upstream::DirectCalls>(settings_)),
      clock_(std::move(clock)) {}

std::string HotProfileRestStub::Redact(absl::string_view text) const {
  const std::string& key = settings_.api_key.expose();
  if (key.empty()) return std::string(text);
  return absl::StrReplaceAll(text,
                             {{key, Secret::kRedacted}, {upstream::http::UrlEncode(key), Secret::kRedacted}});
}

absl::StatusOr<std::string> HotProfileRestStub::Call(const HotProfileCall& call,
                                                     const CallContext& ctx) const {
  upstream::CallSpec spec;
  spec.endpoint = call.endpoint;
  spec.deadline = ctx.deadline;
  spec.priority = ctx.priority;
  spec.idempotent = call.idempotent;
  spec.request_id = ctx.request_id;
  return guard_->Call<std::string>(
      spec, [&](const upstream::Attempt& attempt) { return Send(call, attempt.timeout); });
}

absl::StatusOr<std::string> HotProfileRestStub::Send(const HotProfileCall& call,
                                                     absl::Duration timeout) const {
  upstream::http::HttpRequest request;
  request.method = upstream::http::HttpMethod::kPost;
  request.timeout = timeout;
  const std::string base = absl::StrCat(settings_.base_url, call.path);
  // The key is exposed here only, to build the request; nothing below logs `request.url`.
  const std::string key_query = upstream::http::BuildQueryString({{"api_key", settings_.api_key.expose()}});
  const std::string params = upstream::http::BuildQueryString(call.params);
  request.headers.emplace_back("Accept", "application/json");
  if (base.size() + key_query.size() + params.size() + 2 <= kMaxUrlBytes) {
    request.url = params.empty() ? absl::StrCat(base, "?", key_query)
                                 : absl::StrCat(base, "?", key_query, "&", params);
  } else {
    request.url = absl::StrCat(base, "?", key_query);
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = params;
  }

  absl::StatusOr<upstream::http::HttpResponse> response = client_->Send(request);
  if (!response.ok()) {
    absl::Status status(
        response.status().code(),
        Redact(absl::StrCat(kBackend, " ", call.endpoint, ": ", response.status().message())));
    response.status().ForEachPayload(
        [&](absl::string_view url, const absl::Cord& payload) { status.SetPayload(url, payload); });
    return status;
  }
  if (response->status_code >= 200 && response->status_code < 300) {
    return std::move(response->body);
  }
  return MapError(call, *response);
}

absl::Status HotProfileRestStub::MapError(const HotProfileCall& call,
                                          const upstream::http::HttpResponse& response) const {
  absl::Status status = MapStatus(call, response);
  upstream::SetHttpOutcome(status, response, clock_());
  return status;
}

absl::Status HotProfileRestStub::MapStatus(const HotProfileCall& call,
                                           const upstream::http::HttpResponse& response) const {
  const int http_status = response.status_code;
  const std::string upstream_code = absl::StrCat(http_status);
  std::string detail = Shorten(Redact(DescribeErrorBody(response.body)));
  auto error = [&](absl::StatusCode code, absl::string_view what) {
    return upstream::UpstreamError(code, kBackend, upstream_code,
                         detail.empty() ? absl::StrCat(call.endpoint, ": ", what)
                                        : absl::StrCat(call.endpoint, ": ", what, ": ", detail));
  };
  switch (http_status) {
    case 400:
      return error(absl::StatusCode::kInvalidArgument, "rejected the request");
    case 401:
      // Never the key, nor HotProfile's text about it.
      return upstream::UpstreamError(
          absl::StatusCode::kUnauthenticated, kBackend, upstream_code,
          absl::StrCat("hotprofile rejected the API key of connection '", settings_.name, "'"));
    case 403:
      return error(absl::StatusCode::kPermissionDenied, "access denied");
    case 404:
      return error(absl::StatusCode::kNotFound, "not found");
    case 422:
      return error(absl::StatusCode::kFailedPrecondition, "refused the record");
    case 429: {
      const absl::Duration delay =
          upstream::http::ParseRetryAfter(response, clock_()).value_or(settings_.limits.window);
      absl::Status status = upstream::UpstreamError(
          absl::StatusCode::kResourceExhausted, kBackend, upstream_code,
          absl::StrCat(call.endpoint, ": rate limit exceeded (", settings_.limits.calls_per_window,
                       " calls per ", absl::FormatDuration(settings_.limits.window),
                       " per connection); retry after ", absl::FormatDuration(delay)));
      upstream::SetRetryAfter(status, delay);
      return status;
    }
    case 408:
      return error(absl::StatusCode::kUnavailable, "request timeout");
    default:
      break;
  }
  if (http_status >= 500 && http_status < 600) {
    return error(absl::StatusCode::kUnavailable, absl::StrCat("server error HTTP ", http_status));
  }
  return error(absl::StatusCode::kFailedPrecondition,
               absl::StrCat("unexpected HTTP ", http_status, " (check the connection's base_url)"));
}

}  // namespace leadgw::backends::hotprofile
