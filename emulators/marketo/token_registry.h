// OAuth client-credentials tokens as Marketo's identity service hands them out.
#ifndef LEADGW_EMULATORS_MARKETO_TOKEN_REGISTRY_H_
#define LEADGW_EMULATORS_MARKETO_TOKEN_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "emulators/common/rolling_window_limiter.h"

namespace leadgw::emulators::marketo {

struct IssuedToken {
  std::string access_token;
  int64_t expires_in_seconds = 0;  // remaining lifetime, rounded down
};

// Thread-safe. One live token per configured client (Marketo ties tokens to the custom
// service, not to callers): asking again before expiry returns the same token with its
// remaining lifetime. An expired token answers 602 on its first use and 601 afterwards.
class TokenRegistry {
 public:
  enum class Check { kValid, kInvalid, kExpired };

  TokenRegistry(std::string client_id, std::string client_secret, absl::Duration lifetime,
                common::NowFunction now);
  TokenRegistry(const TokenRegistry&) = delete;
  TokenRegistry& operator=(const TokenRegistry&) = delete;

  // Returns the live token (issuing one if needed), or nullopt for wrong credentials.
  std::optional<IssuedToken> Issue(absl::string_view client_id,
                                   absl::string_view client_secret);

  // Classifies a bearer token: kValid, kExpired (first use after expiry; later uses
  // are kInvalid) or kInvalid (unknown, empty, or already reported expired).
  Check Validate(absl::string_view token);

  // Expires the live token now (its next use answers 602).
  void ExpireAll();

 private:
  // Moves the live token to the expired set if its lifetime is over.
  void ExpireIfDueLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string NewTokenLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string client_id_;
  const std::string client_secret_;
  const absl::Duration lifetime_;
  const common::NowFunction now_;
  absl::Mutex mu_;
  std::string live_token_ ABSL_GUARDED_BY(mu_);
  absl::Time live_expiry_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> expired_unreported_ ABSL_GUARDED_BY(mu_);
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_TOKEN_REGISTRY_H_
