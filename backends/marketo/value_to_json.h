// google.protobuf.Value (custom_fields, form_fields) to RapidJSON, for request bodies.
//
// Generic, not Marketo-specific: a candidate for backends/common/value_json.h, which has
// the reverse direction (JsonToValue) but not this one.
#ifndef LEADGW_BACKENDS_MARKETO_VALUE_TO_JSON_H_
#define LEADGW_BACKENDS_MARKETO_VALUE_TO_JSON_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"
#include "rapidjson/document.h"

namespace leadgw::backends::marketo {

// A JSON string holding a copy of `text` (which may contain NULs), from `allocator`.
rapidjson::Value JsonString(absl::string_view text, rapidjson::Document::AllocatorType& allocator);

// Sets `out` to `value`, allocating from `allocator`. Numbers without a fraction that fit
// an int64 become JSON integers ("leadScore": 45, not 45.0, which integer fields reject);
// structs and lists recurse. INVALID_ARGUMENT for an unset value or a non-finite number.
absl::Status ValueToJson(const google::protobuf::Value& value, rapidjson::Value& out,
                         rapidjson::Document::AllocatorType& allocator);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_VALUE_TO_JSON_H_
