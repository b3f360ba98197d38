// INVALID_ARGUMENT errors that name the offending request field, made by adapters.
//
// Adapters must not depend on service/, yet their own checks (HotProfile lengths, Marketo
// limits) deserve the same answer as the service's: a message "<field path>: <problem>"
// and a google.rpc.BadRequest naming the field. The service builds BadRequest from the
// payload below, whose URL is the one service/field_error.h reads (kFieldPayloadUrl).
#ifndef LEADGW_BACKENDS_COMMON_INVALID_FIELD_H_
#define LEADGW_BACKENDS_COMMON_INVALID_FIELD_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace leadgw::backends::common {

// Must equal service/field_error.h's kFieldPayloadUrl (checked by the e2e tests, which see
// the resulting google.rpc.BadRequest).
inline constexpr absl::string_view kInvalidFieldPayloadUrl = "leadgw.field";

// INVALID_ARGUMENT "<field>: <problem>", e.g. InvalidField("cards[2].last_name",
// "at most 100 characters (HotProfile family_name)"). Name the limit, never the value:
// values may be personal data.
inline absl::Status InvalidField(absl::string_view field, absl::string_view problem) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
  status.SetPayload(kInvalidFieldPayloadUrl, absl::Cord(field));
  return status;
}

// Request field paths as a caller sees them: Index("cards", 2) == "cards[2]",
// Key("custom_fields", "x") == "custom_fields[\"x\"]", Join("cards[2]", "last_name") ==
// "cards[2].last_name" (an empty prefix gives the name alone).
inline std::string IndexPath(absl::string_view repeated, int index) {
  return absl::StrCat(repeated, "[", index, "]");
}
inline std::string KeyPath(absl::string_view map, absl::string_view key) {
  return absl::StrCat(map, "[\"", key, "\"]");
}
inline std::string JoinPath(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_INVALID_FIELD_H_
