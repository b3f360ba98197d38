#include "emulators/common/json_util.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace leadgw::emulators::common {

std::string ToJsonString(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::StatusOr<rapidjson::Document> ParseJsonObject(absl::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON at offset ", doc.GetErrorOffset(), ": ",
                     rapidjson::GetParseError_En(doc.GetParseError())));
  }
  if (!doc.IsObject()) {
    return absl::InvalidArgumentError("JSON body must be an object");
  }
  return doc;
}

void WriteJson(httplib::Response& res, int http_status, const rapidjson::Value& value) {
  res.status = http_status;
  res.set_content(ToJsonString(value), "application/json;charset=UTF-8");
}

std::string GetStringOr(const rapidjson::Value& object, const char* name,
                        absl::string_view fallback) {
  if (!object.IsObject()) return std::string(fallback);
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::string(fallback);
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace leadgw::emulators::common
