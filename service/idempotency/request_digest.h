// RequestDigest: a fingerprint of a request that every gateway process computes alike
// (SHA-256), so replicas of a fleet can tell a retry of a write from a different request
// reusing its idempotency-key. FingerprintOf() (idempotency_cache.h) is seeded per process
// and serves only one process's cache.
#ifndef LEADGW_SERVICE_IDEMPOTENCY_REQUEST_DIGEST_H_
#define LEADGW_SERVICE_IDEMPOTENCY_REQUEST_DIGEST_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"

namespace leadgw::service::idempotency {

// The 32-byte SHA-256 of `request_bytes`. The bytes must come from deterministic
// serialization, or two identical requests may differ (protobuf maps serialise in any
// order otherwise).
std::string RequestDigest(absl::string_view request_bytes);

// `message` serialised deterministically (map entries in key order), so that equal
// messages give equal bytes, in any process.
std::string DeterministicBytes(const google::protobuf::MessageLite& message);

// A fingerprint for IdempotencyCache::Begin() taken from a digest (its first 8 bytes): as
// good as FingerprintOf() and costs no second pass over the request.
uint64_t LocalFingerprintOf(absl::string_view digest);

}  // namespace leadgw::service::idempotency

#endif  // LEADGW_SERVICE_IDEMPOTENCY_REQUEST_DIGEST_H_
