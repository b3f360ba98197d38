#include "tools/leadctl/jsonl_reader.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace leadgw::leadctl {
namespace {

absl::StatusOr<google::protobuf::Value> ScalarValue(const std::string& name,
                                                    const rapidjson::Value& json) {
  google::protobuf::Value value;
  if (json.IsString()) {
    value.set_string_value(std::string(json.GetString(), json.GetStringLength()));
  } else if (json.IsBool()) {
    value.set_bool_value(json.GetBool());
  } else if (json.IsNumber()) {
    value.set_number_value(json.GetDouble());
  } else if (json.IsNull()) {
    value.set_null_value(google::protobuf::NULL_VALUE);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": wants a string, number, boolean or null"));
  }
  return value;
}

// Adds the members of `object` to `fields`, each name prefixed with `prefix`.
absl::Status AddMembers(const rapidjson::Value& object, const std::string& prefix,
                        FieldList& fields) {
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    const std::string full_name = prefix + name;
    // Only the top level nests: "address" by its fields, "custom_fields" by API names.
    if (prefix.empty() && it->value.IsObject() && (name == "address" || name == "custom_fields")) {
      const std::string nested_prefix = name == "address" ? "address." : "";
      if (absl::Status status = AddMembers(it->value, nested_prefix, fields); !status.ok()) {
        return status;
      }
      continue;
    }
    auto value = ScalarValue(full_name, it->value);
    if (!value.ok()) return value.status();
    fields.emplace_back(full_name, *std::move(value));
  }
  return absl::OkStatus();
}

absl::StatusOr<FieldList> ParseLine(absl::string_view line) {
  rapidjson::Document document;
  // Validating the encoding: the gateway refuses a whole request over one bad string.
  document.Parse<rapidjson::kParseValidateEncodingFlag>(line.data(), line.size());
  if (document.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not JSON: ", rapidjson::GetParseError_En(document.GetParseError()),
                     " at byte ", document.GetErrorOffset()));
  }
  if (!document.IsObject()) return absl::InvalidArgumentError("not a JSON object");
  FieldList fields;
  if (absl::Status status = AddMembers(document, "", fields); !status.ok()) return status;
  return fields;
}

}  // namespace

std::vector<InputRecord> ReadJsonLinesRecords(absl::string_view text) {
  std::vector<InputRecord> records;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (absl::StripLeadingAsciiWhitespace(line).empty()) continue;
    InputRecord record;
    record.line = line_number;
    record.fields = ParseLine(line);
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace leadgw::leadctl
