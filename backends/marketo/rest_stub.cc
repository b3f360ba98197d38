#include "backends/marketo/rest_stub.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "upstream/guard/direct_calls.h"
#include "upstream/upstream_error.h"
#include "upstream/http/url.h"
#include "backends/common/call_spec.h"
#include "backends/marketo/errors.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {
namespace {

// Transport errors keep their code and payloads; the message names the endpoint.
absl::Status TransportError(const absl::Status& status, absl::string_view endpoint) {
  absl::Status out(status.code(), absl::StrCat("marketo ", endpoint, ": ", status.message()));
  status.ForEachPayload(
      [&out](absl::string_view url, const absl::Cord& payload) { out.SetPayload(url, payload); });
  return out;
}

}  // namespace

MarketoRestStub::MarketoRestStub(const ConnectionSettings& settings,
                                 std::shared_ptr<upstream::http::HttpClient> http,
                                 std::shared_ptr<TokenProvider> tokens,
                                 std::shared_ptr<upstream::CallGuard> guard,
                                 std::function<absl::Time()> now)
    : base_url_(settings.base_url),
      settings_(settings),
      http_(std::move(http)),
      tokens_(std::move(tokens)),
      guard_(guard != nullptr ? std::move(guard)
                              : std::make_shared<upstream::DirectCalls>(settings)),
      now_(std::move(now)) {}

upstream::http::HttpRequest MarketoRestStub::BuildRequest(const MarketoCall& call,
                                                          const Secret& token,
                                                          absl::Duration timeout) const {
  upstream::http::HttpRequest request;
  request.timeout = timeout;
  request.headers = {{"Authorization", absl::StrCat("Bearer ", token.expose())},
                     {"Accept", "application/json"}};
  const std::string query = upstream::http::BuildQueryString(call.query);
  const std::string url = absl::StrCat(base_url_, call.path);
  if (call.method == upstream::http::HttpMethod::kGet) {
    if (query.empty()) {
      request.url = url;
    } else if (call.path.size() + 1 + query.size() <= kMaxGetTargetBytes) {
      request.url = absl::StrCat(url, "?", query);
    } else {
      // Marketo's documented escape hatch for queries over 8 KB (HTTP 414 otherwise).
      request.method = upstream::http::HttpMethod::kPost;
      request.url = absl::StrCat(url, "?_method=GET");
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      request.body = query;
    }
    return request;
  }
  request.method = call.method;
  request.url = query.empty() ? url : absl::StrCat(url, "?", query);
  if (!call.json_body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = call.json_body;
  }
  return request;
}

absl::StatusOr<Envelope> MarketoRestStub::Send(const MarketoCall& call, const Secret& token,
                                               const upstream::Attempt& attempt) const {
  upstream::http::HttpRequest request = BuildRequest(call, token, attempt.timeout);
  request.cancellation = attempt.cancellation;
  absl::StatusOr<upstream::http::HttpResponse> response = http_->Send(request);
  if (!response.ok()) return TransportError(response.status(), call.endpoint);

  ErrorContext context;
  context.endpoint = call.endpoint;
  context.now = now_();
  if (response->status_code < 200 || response->status_code > 299) {
    return MapHttpStatus(response->status_code, context);
  }
  absl::StatusOr<Envelope> envelope = ParseEnvelope(response->body);
  if (!envelope.ok()) {
    return UnreadableAnswer(call.endpoint, envelope.status());
  }
  if (envelope->success) return envelope;
  context.request_id = envelope->request_id;
  const std::string code = envelope->error_code.empty() ? "unknown" : envelope->error_code;
  return MapApiError(code, envelope->error_message, context);
}

absl::StatusOr<Envelope> MarketoRestStub::Call(const MarketoCall& call, const CallContext& ctx) {
  upstream::CallSpec spec = common::CallSpecFor(call.endpoint, call.idempotent, ctx);
  // Attempt 0, and attempt 1 only after 601/602 with a fresh token (Marketo rejects the
  // token before running anything, so the replay is safe for every call).
  for (int attempt = 0;; ++attempt) {
    LEADGW_ASSIGN_OR_RETURN(Secret token, tokens_->GetToken(ctx.deadline));
    spec.auth_replay = attempt > 0;
    absl::StatusOr<Envelope> envelope = guard_->Call<Envelope>(
        spec, [&](const upstream::Attempt& a) { return Send(call, token, a); });
    if (envelope.ok() || attempt > 0) return envelope;
    const std::optional<std::string> code = upstream::UpstreamCode(envelope.status());
    if (!code.has_value() || !IsTokenError(*code) ||
        upstream::UpstreamBackend(envelope.status()) != kBackendName) {
      return envelope;
    }
    tokens_->Invalidate(token);
  }
}

}  // namespace leadgw::backends::marketo
