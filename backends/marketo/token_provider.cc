#include "backends/marketo/token_provider.h"

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/common/json_reader.h"
#include "absl/strings/cord.h"
#include "upstream/guard/direct_calls.h"
#include "upstream/http/url.h"
#include "backends/marketo/errors.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {
namespace {

constexpr absl::string_view kEndpoint = "identity";

absl::Status Malformed(absl::string_view why) {
  // The body is not quoted: a partial answer could hold a token.
  return absl::InternalError(absl::StrCat("marketo identity: unreadable token answer: ", why));
}

}  // namespace

TokenProvider::TokenProvider(const ConnectionSettings& settings,
                             std::shared_ptr<upstream::http::HttpClient> http, TokenProviderOptions options)
    : TokenProvider(settings, VendorPartOrDefault<MarketoSettings>(settings), std::move(http),
                    std::move(options)) {}

TokenProvider::TokenProvider(const ConnectionSettings& settings, const MarketoSettings& marketo,
                             std::shared_ptr<upstream::http::HttpClient> http,
                             TokenProviderOptions options)
    : token_url_(absl::StrCat(marketo.identity_url, "/oauth/token")),
      client_id_(marketo.client_id),
      client_secret_(marketo.client_secret),
      http_(std::move(http)),
      options_([&] {
        if (options.guard == nullptr) {
          options.guard = std::make_shared<upstream::DirectCalls>(settings);
        }
        return std::move(options);
      }()) {}

absl::StatusOr<Secret> TokenProvider::GetToken(absl::Time deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    const absl::Time now = options_.now();
    if (FreshLocked(now)) return Secret(token_);
    if (!refreshing_) break;
    // Someone else is refreshing: wait for that refresh to end, then use its outcome.
    const uint64_t generation = refresh_generation_;
    auto ended = [&] { return refresh_generation_ != generation; };
    if (deadline == absl::InfiniteFuture()) {
      refresh_done_.wait(lock, ended);
    } else if (!refresh_done_.wait_until(lock, absl::ToChronoTime(deadline), ended)) {
      return absl::DeadlineExceededError(
          "marketo identity: deadline passed while waiting for the access token");
    }
    if (!last_refresh_status_.ok()) {
      if (UnexpiredLocked(options_.now())) return Secret(token_);
      return last_refresh_status_;
    }
  }
  refreshing_ = true;
  ++identity_calls_;
  lock.unlock();
  absl::StatusOr<Issued> issued = Fetch(deadline);
  if (options_.on_refresh) options_.on_refresh(issued.ok());
  lock.lock();
  refreshing_ = false;
  ++refresh_generation_;
  const absl::Time now = options_.now();
  if (issued.ok()) {
    token_ = std::move(issued->token);
    expires_at_ = now + issued->expires_in;
    // A token that lives less than the margin (Marketo re-answers the current token with
    // its remaining lifetime) is used to its end rather than refreshed on every call.
    refresh_at_ = issued->expires_in > options_.refresh_margin
                      ? expires_at_ - options_.refresh_margin
                      : expires_at_;
    last_refresh_status_ = absl::OkStatus();
  } else {
    last_refresh_status_ = issued.status();
  }
  refresh_done_.notify_all();
  if (issued.ok() || UnexpiredLocked(now)) return Secret(token_);
  return issued.status();
}

void TokenProvider::Invalidate(const Secret& token) {
  std::lock_guard<std::mutex> lock(mu_);
  if (token_ == token.expose()) {
    token_.clear();
    refresh_at_ = absl::InfinitePast();
    expires_at_ = absl::InfinitePast();
  }
}

absl::Time TokenProvider::expires_at() const {
  std::lock_guard<std::mutex> lock(mu_);
  return expires_at_;
}

int64_t TokenProvider::identity_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return identity_calls_;
}

absl::StatusOr<TokenProvider::Issued> TokenProvider::Fetch(absl::Time deadline) {
  upstream::CallSpec spec;
  spec.endpoint = kEndpoint;
  spec.deadline = deadline;
  return options_.guard->Call<Issued>(
      spec, [&](const upstream::Attempt& attempt) { return FetchOnce(attempt.timeout); });
}

absl::StatusOr<TokenProvider::Issued> TokenProvider::FetchOnce(absl::Duration timeout) const {
  upstream::http::HttpRequest request;
  request.method = upstream::http::HttpMethod::kPost;
  request.url = token_url_;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = upstream::http::BuildQueryString({{"grant_type", "client_credentials"},
                                                   {"client_id", client_id_.expose()},
                                                   {"client_secret", client_secret_.expose()}});
  request.timeout = timeout;
  absl::StatusOr<upstream::http::HttpResponse> response = http_->Send(request);
  if (!response.ok()) {
    // HttpClient messages name the URL without its query, and the secret is in the body.
    // The code and payloads (RequestWasNotSent) stay for the guard.
    absl::Status status(response.status().code(),
                        absl::StrCat("marketo identity: ", response.status().message()));
    response.status().ForEachPayload(
        [&status](absl::string_view url, const absl::Cord& payload) { status.SetPayload(url, payload); });
    return status;
  }
  if (response->status_code < 200 || response->status_code > 299) {
    ErrorContext context;
    context.endpoint = kEndpoint;
    context.now = options_.now();
    return MapHttpStatus(response->status_code, context);
  }
  absl::StatusOr<rapidjson::Document> json = common::ParseJsonObject(response->body);
  if (!json.ok()) return Malformed(json.status().message());
  absl::StatusOr<std::string> token = common::RequireString(*json, "access_token");
  if (!token.ok()) return Malformed(token.status().message());
  if (token->empty()) return Malformed("empty access_token");
  absl::StatusOr<int64_t> expires_in = common::RequireInt64(*json, "expires_in");
  if (!expires_in.ok()) return Malformed(expires_in.status().message());
  if (*expires_in < 0) return Malformed("expires_in is negative");
  // Marketo states the remaining lifetime rounded down to whole seconds (0: less than a
  // second left), so the token may live up to one second longer. The cache keeps it to that
  // upper bound: a refresh before the real expiry would only get the same token back, and
  // calls in the last fraction of a second meet 602, which MarketoRestStub answers with
  // one refresh and replay. That is one identity call per token lifetime.
  return Issued{*std::move(token), absl::Seconds(*expires_in + 1)};
}

}  // namespace leadgw::backends::marketo
