// Defensive reading of upstream JSON answers with RapidJSON.
//
// RapidJSON asserts (aborts) when a getter meets the wrong type, so adapters never call
// GetString()/GetInt64() on an upstream value directly: they go through these helpers,
// which check the parse result, IsObject() and the member's type first and report a
// mismatch as a status. Upstreams are inconsistent about numbers ("id": 12 and
// "id": "12" both occur), so the getters accept a number where text is expected and
// decimal text where a number is expected.
//
// Errors are INVALID_ARGUMENT describing the member ("member \"id\": expected an
// integer"); callers turn them into their own code (usually INTERNAL or UNAVAILABLE for
// an upstream answer) and add which answer it was. Thread-safe: pure functions.
#ifndef LEADGW_BACKENDS_COMMON_JSON_READER_H_
#define LEADGW_BACKENDS_COMMON_JSON_READER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace leadgw::backends::common {

// Parses `text` and requires an object at the top level. INVALID_ARGUMENT with RapidJSON's
// error and byte offset otherwise (the text itself is not quoted: it may hold personal data).
absl::StatusOr<rapidjson::Document> ParseJsonObject(absl::string_view text);

// The member `name` of `object`; nullptr when `object` is not an object, has no such
// member, or the member is null (absent and null mean the same to every caller).
const rapidjson::Value* FindMember(const rapidjson::Value& object, absl::string_view name);

// `value` as text: strings as they are, integers in decimal, other numbers in their
// shortest round-trip form, booleans "true"/"false". INVALID_ARGUMENT for null, arrays and
// objects.
absl::StatusOr<std::string> ScalarToString(const rapidjson::Value& value);

// `value` as an integer: integral JSON numbers within int64, or text holding an optional
// '-' and 1 to 18 decimal digits. INVALID_ARGUMENT otherwise.
absl::StatusOr<int64_t> ScalarToInt64(const rapidjson::Value& value);

// `value` as a boolean: true/false, the numbers 1/0, or the text "1", "0", "true", "false"
// (ASCII case-insensitive). INVALID_ARGUMENT otherwise.
absl::StatusOr<bool> ScalarToBool(const rapidjson::Value& value);

// Member getters. nullopt / nullptr when the member is absent or null; INVALID_ARGUMENT
// naming the member when it has a type the conversion above rejects.
absl::StatusOr<std::optional<std::string>> GetString(const rapidjson::Value& object,
                                                     absl::string_view name);
absl::StatusOr<std::optional<int64_t>> GetInt64(const rapidjson::Value& object,
                                                absl::string_view name);
absl::StatusOr<std::optional<bool>> GetBool(const rapidjson::Value& object, absl::string_view name);
absl::StatusOr<const rapidjson::Value*> GetArray(const rapidjson::Value& object,
                                                 absl::string_view name);
absl::StatusOr<const rapidjson::Value*> GetObject(const rapidjson::Value& object,
                                                  absl::string_view name);

// Like GetInt64 / GetString, with an absent or null member an INVALID_ARGUMENT too.
absl::StatusOr<int64_t> RequireInt64(const rapidjson::Value& object, absl::string_view name);
absl::StatusOr<std::string> RequireString(const rapidjson::Value& object, absl::string_view name);

// A compact JSON serialisation of `value` (for messages about small values and tests).
std::string ToJsonText(const rapidjson::Value& value);

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_JSON_READER_H_
