// Neutral values (google.protobuf.Value, the type of every custom_fields map) to and from
// upstream JSON and form parameters.
#ifndef LEADGW_BACKENDS_COMMON_VALUE_JSON_H_
#define LEADGW_BACKENDS_COMMON_VALUE_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/struct.pb.h"
#include "rapidjson/document.h"

namespace leadgw::backends::common {

// A JSON value as a google.protobuf.Value: null, bool, number (as a double), string, and
// arrays / objects as list_value / struct_value, recursively. Never fails.
google::protobuf::Value JsonToValue(const rapidjson::Value& json);

// The same, written into `*value` (which the caller may own inside a record already).
void JsonToValue(const rapidjson::Value& json, google::protobuf::Value* value);

// The text of a scalar Value for a query or form parameter: strings as they are, booleans
// "true"/"false", numbers without a fraction as integers ("42", not "42.0") and others in
// their shortest round-trip form, null as "" (which clears a field on upstreams that
// accept it). INVALID_ARGUMENT for lists, structs and unset values.
absl::StatusOr<std::string> ValueToText(const google::protobuf::Value& value);

// Formats a finite double as ValueToText does for numbers.
std::string FormatNumber(double number);

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_VALUE_JSON_H_
