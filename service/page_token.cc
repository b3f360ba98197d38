#include "service/page_token.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "service/field_error.h"

namespace leadgw::service {
namespace {

constexpr char kVersion = 1;
constexpr size_t kHeaderBytes = 1 + 8;

uint64_t Fnv1a64(absl::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

void ClearField(google::protobuf::Message& message, const char* name) {
  const google::protobuf::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field != nullptr) message.GetReflection()->ClearField(&message, field);
}

}  // namespace

uint64_t QueryFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> query(request.New());
  query->CopyFrom(request);
  ClearField(*query, "page_token");
  ClearField(*query, "page_size");
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream output(&bytes);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);  // map order must not change the hash
    query->SerializeToCodedStream(&coded);
  }
  // The message type counts too: a token of one RPC is never valid for another.
  return Fnv1a64(bytes) ^ Fnv1a64(request.GetDescriptor()->full_name());
}

std::string EncodePageToken(uint64_t fingerprint, absl::string_view cursor) {
  if (cursor.empty()) return "";
  std::string raw;
  raw.reserve(kHeaderBytes + cursor.size());
  raw.push_back(kVersion);
  for (int i = 0; i < 8; ++i) raw.push_back(static_cast<char>((fingerprint >> (8 * i)) & 0xFF));
  raw.append(cursor.data(), cursor.size());
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t fingerprint) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() <= kHeaderBytes ||
      raw[0] != kVersion) {
    return InvalidField("page_token", "malformed; pass next_page_token back unchanged");
  }
  uint64_t bound = 0;
  for (int i = 0; i < 8; ++i) {
    bound |= static_cast<uint64_t>(static_cast<unsigned char>(raw[1 + i])) << (8 * i);
  }
  if (bound != fingerprint) {
    return InvalidField("page_token",
                        "belongs to a different query; repeat the query that returned it");
  }
  return raw.substr(kHeaderBytes);
}

}  // namespace leadgw::service
