#include "service/idempotency/stored_result_codec.h"

#include <cstdint>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/rpc/status.pb.h"

namespace leadgw::service::idempotency {
namespace {

// Bumped when the framing changes; a reader rejects other versions rather than misread
// a record written by a newer (or older) replica during a rolling update.
constexpr uint32_t kFormatVersion = 1;
constexpr int kHighestStatusCode = static_cast<int>(absl::StatusCode::kUnauthenticated);

absl::Status Malformed(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("stored idempotency result: ", what));
}

// Reads one length-prefixed part; false when the prefix promises more than `total` (a size
// that would not even fit an int must not reach ReadString) or than is left.
bool ReadFramed(google::protobuf::io::CodedInputStream& coded, size_t total, std::string* out) {
  uint32_t size = 0;
  if (!coded.ReadVarint32(&size) || size > total) return false;
  return coded.ReadString(out, static_cast<int>(size));
}

}  // namespace

std::string EncodeStoredResult(const StoredResult& result) {
  google::rpc::Status status;
  status.set_code(static_cast<int>(result.status.code()));
  status.set_message(std::string(result.status.message()));
  result.status.ForEachPayload([&status](absl::string_view type_url, const absl::Cord& payload) {
    google::protobuf::Any* any = status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  const std::string status_bytes = status.SerializeAsString();

  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.WriteVarint32(kFormatVersion);
    coded.WriteVarint32(static_cast<uint32_t>(status_bytes.size()));
    coded.WriteString(status_bytes);
    coded.WriteVarint32(static_cast<uint32_t>(result.response_bytes.size()));
    coded.WriteString(result.response_bytes);
  }
  return out;
}

absl::StatusOr<StoredResult> DecodeStoredResult(absl::string_view bytes) {
  google::protobuf::io::CodedInputStream coded(reinterpret_cast<const uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  uint32_t version = 0;
  if (!coded.ReadVarint32(&version)) return Malformed("empty");
  if (version != kFormatVersion) return Malformed("unknown format version");
  std::string status_bytes;
  if (!ReadFramed(coded, bytes.size(), &status_bytes)) return Malformed("truncated status");
  StoredResult result;
  if (!ReadFramed(coded, bytes.size(), &result.response_bytes)) {
    return Malformed("truncated response");
  }
  if (coded.CurrentPosition() != static_cast<int>(bytes.size())) {
    return Malformed("trailing bytes");
  }
  google::rpc::Status status;
  if (!status.ParseFromString(status_bytes)) return Malformed("unreadable status");
  if (status.code() < 0 || status.code() > kHighestStatusCode) {
    return Malformed("unknown status code");
  }
  if (status.code() == 0) return result;  // OK: absl keeps no message or payloads for it
  result.status = absl::Status(static_cast<absl::StatusCode>(status.code()), status.message());
  for (const google::protobuf::Any& detail : status.details()) {
    result.status.SetPayload(detail.type_url(), absl::Cord(detail.value()));
  }
  return result;
}

}  // namespace leadgw::service::idempotency
