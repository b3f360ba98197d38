#include "service/idempotency/request_digest.h"

#include <algorithm>
#include <cstring>

#include "common/sha256.h"
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

std::string RequestDigest(absl::string_view request_bytes) { return Sha256(request_bytes); }

uint64_t LocalFingerprintOf(absl::string_view digest) {
  uint64_t fingerprint = 0;
  std::memcpy(&fingerprint, digest.data(), std::min(digest.size(), sizeof(fingerprint)));
  return fingerprint;
}

}  // namespace leadgw::service::idempotency
