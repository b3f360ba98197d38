#include "emulators/hotprofile/body_params.h"

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace leadgw::emulators::hotprofile {
namespace {

// Bounds the nesting walked in a JSON body.
constexpr int kMaxDepth = 8;

std::optional<std::string> FormDecode(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%') {
      int byte = 0;
      if (i + 2 >= text.size() || !absl::ascii_isxdigit(static_cast<unsigned char>(text[i + 1])) ||
          !absl::ascii_isxdigit(static_cast<unsigned char>(text[i + 2])) ||
          !absl::SimpleHexAtoi(text.substr(i + 1, 2), &byte)) {
        return std::nullopt;
      }
      out.push_back(static_cast<char>(byte));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

absl::Status AddForm(absl::string_view body, Params* params) {
  for (absl::string_view pair : absl::StrSplit(body, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(pair, '=');
    std::optional<std::string> name = FormDecode(parts.first);
    std::optional<std::string> value = FormDecode(parts.second);
    if (!name || !value) return absl::InvalidArgumentError("malformed form body");
    params->emplace(*std::move(name), *std::move(value));
  }
  return absl::OkStatus();
}

std::string Scalar(const rapidjson::Value& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsInt64()) return absl::StrCat(value.GetInt64());
  if (value.IsUint64()) return absl::StrCat(value.GetUint64());
  if (value.IsDouble()) return absl::StrCat(value.GetDouble());
  return "";
}

absl::Status AddJsonValue(const std::string& name, const rapidjson::Value& value, int depth,
                          Params* params) {
  if (depth > kMaxDepth) return absl::InvalidArgumentError("JSON body nested too deeply");
  if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      const std::string key(member.name.GetString(), member.name.GetStringLength());
      const std::string child = name.empty() ? key : absl::StrCat(name, "[", key, "]");
      const absl::Status status = AddJsonValue(child, member.value, depth + 1, params);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }
  if (value.IsArray()) {
    std::string joined;
    for (const auto& item : value.GetArray()) {
      if (item.IsObject() || item.IsArray()) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": nested arrays are not supported"));
      }
      if (!joined.empty()) joined.push_back(',');
      joined += Scalar(item);
    }
    params->emplace(name, std::move(joined));
    return absl::OkStatus();
  }
  params->emplace(name, Scalar(value));
  return absl::OkStatus();
}

}  // namespace

absl::Status AddBodyParams(absl::string_view content_type, absl::string_view body, Params* params) {
  if (body.empty()) return absl::OkStatus();
  const std::string type = absl::AsciiStrToLower(content_type);
  if (absl::StartsWith(type, "application/x-www-form-urlencoded")) return AddForm(body, params);
  if (!absl::StartsWith(type, "application/json")) return absl::OkStatus();
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed JSON body: ", rapidjson::GetParseError_En(doc.GetParseError()),
                     " at offset ", doc.GetErrorOffset()));
  }
  if (!doc.IsObject()) return absl::InvalidArgumentError("JSON body must be an object");
  return AddJsonValue("", doc, 0, params);
}

}  // namespace leadgw::emulators::hotprofile
