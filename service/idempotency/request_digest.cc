#include "service/idempotency/request_digest.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace leadgw::service::idempotency {

std::string DeterministicBytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

std::string RequestDigest(absl::string_view request_bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  // The one-shot SHA256() (not deprecated in OpenSSL 3, unlike SHA256_Init and friends)
  // needs no context to allocate and cannot fail.
  SHA256(reinterpret_cast<const unsigned char*>(request_bytes.data()), request_bytes.size(),
         digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

uint64_t LocalFingerprintOf(absl::string_view digest) {
  uint64_t fingerprint = 0;
  std::memcpy(&fingerprint, digest.data(), std::min(digest.size(), sizeof(fingerprint)));
  return fingerprint;
}

}  // namespace leadgw::service::idempotency
