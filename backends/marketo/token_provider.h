// TokenProvider: Marketo access tokens (OAuth 2.0 client credentials), cached per
// connection and refreshed when they expire.
//
// Marketo's identity endpoint answers the same token with its remaining lifetime (rounded
// down to whole seconds) until it expires, so refreshing early only buys the same token
// again: the cache keeps a token to its latest possible expiry (expires_in + 1 s), and the
// 602 a call may meet in that last second is handled by Invalidate() and one replay
// (MarketoRestStub). That makes one identity call per token lifetime. A refresh margin can
// still be configured for identity servers that issue new tokens early.
//
// One refresh at a time: callers arriving while a refresh runs wait for its outcome
// (token or error) instead of sending their own identity call. If a refresh fails while
// the cached token has not expired yet, that token is still handed out.
//
// The client secret is read with expose() only to build the identity request, which
// sends it in a form body (never in a URL that proxies log). Tokens and the secret never
// appear in errors. Thread-safe (std::mutex + std::condition_variable: TSan cannot see
// Debian's absl::Mutex).
#ifndef LEADGW_BACKENDS_MARKETO_TOKEN_PROVIDER_H_
#define LEADGW_BACKENDS_MARKETO_TOKEN_PROVIDER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "backends/connection_settings.h"
#include "backends/marketo/settings.h"
#include "upstream/guard/call_guard.h"
#include "upstream/http/http_client.h"
#include "common/secret.h"

namespace leadgw::backends::marketo {

struct TokenProviderOptions {
  // Refresh this long before the token's expiry. 0 by default: Marketo answers the live
  // token until it expires, so an earlier refresh costs an identity call and gains nothing.
  absl::Duration refresh_margin = absl::ZeroDuration();
  // Clock for token lifetimes (tests inject one). Waiting for a refresh uses real time,
  // like the deadlines it is bounded by.
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // Told the outcome of every identity call (metrics); may be empty. Called without locks.
  std::function<void(bool ok)> on_refresh;
  // Governs identity calls like every other call of the connection (null:
  // upstream::DirectCalls, one attempt, for tests).
  std::shared_ptr<upstream::CallGuard> guard;
};

class TokenProvider {
 public:
  // Uses the MarketoSettings part of `settings` (identity_url, client_id, client_secret)
  // and settings.TimeoutFor("identity").
  TokenProvider(const ConnectionSettings& settings, std::shared_ptr<upstream::http::HttpClient> http,
                TokenProviderOptions options = {});
  TokenProvider(const TokenProvider&) = delete;
  TokenProvider& operator=(const TokenProvider&) = delete;

  // A token valid now, fetching one when none is cached or the cached one is inside the
  // refresh margin. Errors: UNAUTHENTICATED (identity HTTP 401: bad client id or secret),
  // UNAVAILABLE / DEADLINE_EXCEEDED (identity unreachable or slow; also while waiting for
  // another caller's refresh past `deadline`), INTERNAL (an answer without a token).
  absl::StatusOr<Secret> GetToken(absl::Time deadline);

  // Forgets `token` after Marketo rejected it (601/602), so the next GetToken() fetches a
  // new one. A no-op when the cache already holds another token (a concurrent caller
  // refreshed it), so N callers hitting one expiry cause one identity call.
  void Invalidate(const Secret& token);

  // Identity calls sent so far (successful or not), for tests and metrics.
  int64_t identity_calls() const;

  // When the cached token expires; InfinitePast() when none is cached.
  absl::Time expires_at() const;

 private:
  TokenProvider(const ConnectionSettings& settings, const MarketoSettings& marketo,
                std::shared_ptr<upstream::http::HttpClient> http, TokenProviderOptions options);

  struct Issued {
    std::string token;
    absl::Duration expires_in;
  };

  // One identity call; no lock held.
  absl::StatusOr<Issued> Fetch(absl::Time deadline);
  // One identity call with `timeout`, its answer read.
  absl::StatusOr<Issued> FetchOnce(absl::Duration timeout) const;
  // True when `token_` may be handed out without a refresh.
  bool FreshLocked(absl::Time now) const { return !token_.empty() && now < refresh_at_; }
  // True when `token_` has not expired yet (a fallback when a refresh failed).
  bool UnexpiredLocked(absl::Time now) const { return !token_.empty() && now < expires_at_; }

  const std::string token_url_;
  const Secret client_id_;
  const Secret client_secret_;
  const std::shared_ptr<upstream::http::HttpClient> http_;
  const TokenProviderOptions options_;

  mutable std::mutex mu_;
  std::condition_variable refresh_done_;
  // All guarded by mu_.
  std::string token_;
  absl::Time refresh_at_ = absl::InfinitePast();
  absl::Time expires_at_ = absl::InfinitePast();
  bool refreshing_ = false;
  uint64_t refresh_generation_ = 0;  // bumped when a refresh ends
  absl::Status last_refresh_status_;
  int64_t identity_calls_ = 0;
};

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_TOKEN_PROVIDER_H_
