#include "emulators/marketo/token_registry.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace leadgw::emulators::marketo {

TokenRegistry::TokenRegistry(std::string client_id, std::string client_secret,
                             absl::Duration lifetime, common::NowFunction now)
    : client_id_(std::move(client_id)),
      client_secret_(std::move(client_secret)),
      lifetime_(lifetime),
      now_(std::move(now)),
      rng_(std::random_device{}()) {}

std::string TokenRegistry::NewTokenLocked() {
  const uint64_t a = rng_();
  const uint64_t b = rng_();
  // The shape of real tokens: a UUID and the pod suffix, e.g. "cdf01657-...-f986b2ff13a0:int".
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x:int", a >> 32, (a >> 16) & 0xffff,
                         a & 0xffff, b >> 48, b & 0xffffffffffffULL);
}

void TokenRegistry::ExpireIfDueLocked(absl::Time now) {
  if (!live_token_.empty() && now >= live_expiry_) {
    expired_unreported_.insert(live_token_);
    live_token_.clear();
  }
}

std::optional<IssuedToken> TokenRegistry::Issue(absl::string_view client_id,
                                                absl::string_view client_secret) {
  if (client_id != client_id_ || client_secret != client_secret_) return std::nullopt;
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  ExpireIfDueLocked(now);
  if (live_token_.empty()) {
    live_token_ = NewTokenLocked();
    live_expiry_ = now + lifetime_;
  }
  return IssuedToken{live_token_,
                     absl::ToInt64Seconds(absl::Trunc(live_expiry_ - now, absl::Seconds(1)))};
}

TokenRegistry::Check TokenRegistry::Validate(absl::string_view token) {
  if (token.empty()) return Check::kInvalid;
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  ExpireIfDueLocked(now);
  if (!live_token_.empty() && token == live_token_) return Check::kValid;
  auto it = expired_unreported_.find(std::string(token));
  if (it != expired_unreported_.end()) {
    expired_unreported_.erase(it);
    return Check::kExpired;
  }
  return Check::kInvalid;
}

void TokenRegistry::ExpireAll() {
  absl::MutexLock lock(&mu_);
  if (!live_token_.empty()) {
    expired_unreported_.insert(live_token_);
    live_token_.clear();
  }
}

}  // namespace leadgw::emulators::marketo
