// INVALID_ARGUMENT errors that name the offending request field.
#ifndef LEADGW_SERVICE_FIELD_ERROR_H_
#define LEADGW_SERVICE_FIELD_ERROR_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace leadgw::service {

inline constexpr absl::string_view kFieldPayloadUrl = "leadgw.field";

// INVALID_ARGUMENT "<field>: <problem>", e.g. InvalidField("leads[3].email", "at most 255
// characters"), with the field path in a payload for google.rpc.BadRequest.
inline absl::Status InvalidField(absl::string_view field, absl::string_view problem) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
  status.SetPayload(kFieldPayloadUrl, absl::Cord(field));
  return status;
}

// The field path of an InvalidField status.
inline std::optional<std::string> InvalidFieldPath(const absl::Status& status) {
  auto payload = status.GetPayload(kFieldPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_FIELD_ERROR_H_
