// SHA-256 through OpenSSL's one-shot SHA256() (not deprecated in OpenSSL 3, unlike
// SHA256_Init and friends): no context to allocate, cannot fail.
#ifndef LEADGW_COMMON_SHA256_H_
#define LEADGW_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace leadgw {

// The 32-byte digest of `bytes`.
std::string Sha256(absl::string_view bytes);

// The digest as 64 lower-case hex digits, as `sha256sum` prints it.
std::string Sha256Hex(absl::string_view bytes);

}  // namespace leadgw

#endif  // LEADGW_COMMON_SHA256_H_
