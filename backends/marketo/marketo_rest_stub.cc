#include "backends/marketo/marketo_rest_stub.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "upstream/upstream_timeout.h"
#include "upstream/http/url.h"
#include "backends/marketo/marketo_errors.h"
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
                                 std::function<absl::Time()> now)
    : base_url_(settings.base_url),
      settings_(settings),
      http_(std::move(http)),
      tokens_(std::move(tokens)),
      now_(std::move(now)),
      window_(settings.limits.calls_per_window, settings.limits.window) {}

upstream::http::HttpRequest MarketoRestStub::BuildRequest(const MarketoCall& call, const Secret& token,
                                                absl::Duration timeout,
                                                const CallContext& ctx) const {
  upstream::http::HttpRequest request;
  request.timeout = timeout;
  request.endpoint = call.endpoint;
  request.deadline = ctx.deadline;
  request.priority = ctx.priority;
  request.request_id = ctx.request_id;
  request.idempotent = call.idempotent;
  request.upstream_timeout = settings_.TimeoutFor(call.endpoint);
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
  request.method = upstream::http::HttpMethod::kPost;
  request.url = query.empty() ? url : absl::StrCat(url, "?", query);
  if (!call.json_body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = call.json_body;
  }
  return request;
}

absl::StatusOr<Envelope> MarketoRestStub::Call(const MarketoCall& call, const CallContext& ctx) {
  const absl::Time deadline = ctx.deadline;
  // Attempt 0, and attempt 1 only after 601/602 with a fresh token.
  for (int attempt = 0;; ++attempt) {
    LEADGW_ASSIGN_OR_RETURN(Secret token, tokens_->GetToken(deadline));
    LEADGW_ASSIGN_OR_RETURN(absl::Duration timeout,
                            upstream::UpstreamTimeout(settings_.TimeoutFor(call.endpoint), deadline,
                                                    absl::Now(), call.endpoint));
    window_.Record(now_());
    upstream::http::HttpRequest request = BuildRequest(call, token, timeout, ctx);
    request.auth_replay = attempt > 0;
    absl::StatusOr<upstream::http::HttpResponse> response = http_->Send(request);
    if (!response.ok()) return TransportError(response.status(), call.endpoint);

    ErrorContext context;
    context.endpoint = call.endpoint;
    context.now = now_();
    if (response->status_code < 200 || response->status_code > 299) {
      context.rate_retry_after = window_.RetryAfter(context.now);
      return MapHttpStatus(response->status_code, context);
    }
    absl::StatusOr<Envelope> envelope = ParseEnvelope(response->body);
    if (!envelope.ok()) {
      return UnreadableAnswer(call.endpoint, envelope.status());
    }
    if (envelope->success) return envelope;
    // Only a failed answer needs the retry-after estimate (a scan of the recent calls).
    context.rate_retry_after = window_.RetryAfter(context.now);
    context.request_id = envelope->request_id;
    const std::string code = envelope->error_code.empty() ? "unknown" : envelope->error_code;
    if (IsTokenError(code) && attempt == 0) {
      tokens_->Invalidate(token);
      continue;
    }
    return MapApiError(code, envelope->error_message, context);
  }
}

}  // namespace leadgw::backends::marketo
