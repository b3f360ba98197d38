// JSON helpers shared by the emulators: parse a request body defensively and write a
// RapidJSON value as an HTTP response.
#ifndef LEADGW_EMULATORS_COMMON_JSON_UTIL_H_
#define LEADGW_EMULATORS_COMMON_JSON_UTIL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "httplib.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::common {

// Serialises `value` compactly (UTF-8, no whitespace).
std::string ToJsonString(const rapidjson::Value& value);

// Parses `text` and requires a JSON object at the top level. Returns INVALID_ARGUMENT
// naming the parse error offset otherwise. Never asserts.
absl::StatusOr<rapidjson::Document> ParseJsonObject(absl::string_view text);

// Sets `res` to `http_status` with `value` serialised as an application/json body.
void WriteJson(httplib::Response& res, int http_status, const rapidjson::Value& value);

// Returns the string member `name` of `object` or `fallback` when it is absent or not a
// string. `object` may be any value; non-objects yield `fallback`.
std::string GetStringOr(const rapidjson::Value& object, const char* name,
                        absl::string_view fallback);

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_JSON_UTIL_H_
