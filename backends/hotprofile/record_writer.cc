#include "backends/hotprofile/record_writer.h"

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "backends/common/invalid_field.h"
#include "backends/common/text.h"
#include "backends/common/value_json.h"
#include "backends/hotprofile/values.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "google/protobuf/struct.pb.h"

namespace leadgw::backends::hotprofile {
namespace {

using common::InvalidField;
using common::JoinPath;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

// The parameter text of each set field, by its table row.
using Collected = std::map<const FieldSpec*, std::string>;

struct Context {
  ObjectKind kind;
  WriteMode mode;
};

Need NeedOf(const FieldSpec& spec, WriteMode mode) {
  return mode == WriteMode::kCreate ? spec.create : spec.update;
}

absl::string_view Verb(WriteMode mode) { return mode == WriteMode::kCreate ? "create" : "update"; }

absl::Status Problem(absl::string_view path, const FieldSpec& spec, absl::string_view problem) {
  return InvalidField(path, absl::StrCat(problem, " (HotProfile ", spec.name, ")"));
}

// Checks `text` against the row and returns what HotProfile is sent. "" (clear the field)
// passes every type check; required-ness is checked afterwards.
absl::StatusOr<std::string> ToParam(const FieldSpec& spec, std::string text,
                                    absl::string_view path) {
  if (text.empty()) return text;
  switch (spec.type) {
    case ValueType::kText: {
      const std::optional<size_t> length = ::leadgw::Utf8Length(text);
      if (!length.has_value()) return Problem(path, spec, "not valid UTF-8");
      if (spec.limit > 0 && *length > static_cast<size_t>(spec.limit)) {
        return Problem(path, spec, absl::StrCat("at most ", spec.limit, " characters"));
      }
      return text;
    }
    case ValueType::kId:
    case ValueType::kInteger:
      if (!common::IsDigits(text)) return Problem(path, spec, "a decimal id");
      return text;
    case ValueType::kDigits:
      if (!common::IsDigits(text) || text.size() > static_cast<size_t>(spec.limit)) {
        return Problem(path, spec, absl::StrCat("digits only, at most ", spec.limit));
      }
      return text;
    case ValueType::kCode:
      if (!IsAllowedCode(text, spec.codes)) {
        return Problem(path, spec,
                       absl::StrCat("one of ", absl::StrReplaceAll(spec.codes, {{"|", ", "}})));
      }
      return text;
    case ValueType::kDate: {
      std::optional<std::string> date = IsoDateToHotProfile(text);
      if (!date.has_value()) return Problem(path, spec, "a date YYYY-MM-DD");
      return *std::move(date);
    }
    case ValueType::kCoordinate:
      if (!IsCoordinate(text)) {
        return Problem(path, spec, "a decimal with at most 3 integer digits and 14 decimals");
      }
      return text;
    case ValueType::kFlag: {
      std::optional<std::string> flag = FlagText(text);
      if (!flag.has_value()) return Problem(path, spec, "a boolean (true/false or 1/0)");
      return *std::move(flag);
    }
    case ValueType::kDateTime:
    case ValueType::kList:
      break;
  }
  return Problem(path, spec, "output only");
}

// The text of a scalar neutral field (string, boolean, integer or enum number).
std::string ScalarText(const Message& message, const FieldDescriptor& field) {
  const Reflection& reflection = *message.GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return reflection.GetString(message, &field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return reflection.GetBool(message, &field) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(reflection.GetInt32(message, &field));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(reflection.GetInt64(message, &field));
    case FieldDescriptor::CPPTYPE_ENUM:
      return absl::StrCat(reflection.GetEnumValue(message, &field));
    default:
      return "";
  }
}

absl::Status CollectCustom(const Context& ctx, const Message& message,
                           const FieldDescriptor& map_field, absl::string_view map_path,
                           Collected* out) {
  const Reflection& reflection = *message.GetReflection();
  std::vector<std::pair<std::string, const google::protobuf::Value*>> entries;
  for (int i = 0; i < reflection.FieldSize(message, &map_field); ++i) {
    const Message& entry = reflection.GetRepeatedMessage(message, &map_field, i);
    const FieldDescriptor* key = entry.GetDescriptor()->map_key();
    const FieldDescriptor* value = entry.GetDescriptor()->map_value();
    const auto* typed = dynamic_cast<const google::protobuf::Value*>(
        &entry.GetReflection()->GetMessage(entry, value));
    if (typed == nullptr) return absl::InternalError("custom_fields is not a map of Value");
    entries.emplace_back(entry.GetReflection()->GetString(entry, key), typed);
  }
  std::sort(entries.begin(), entries.end());  // deterministic first error
  for (const auto& [key, value] : entries) {
    const std::string path = common::KeyPath(map_path, key);
    const FieldSpec* spec = FindField(ctx.kind, key);
    if (spec == nullptr) {
      return InvalidField(
          path, absl::StrCat("not a writable HotProfile ", ObjectLabel(ctx.kind), " field"));
    }
    if (!spec->writable()) continue;  // output only (address1, ...): ignored, AIP-203
    if (!spec->custom()) {
      return InvalidField(path, absl::StrCat("set the typed field ", spec->neutral,
                                             " instead (HotProfile ", spec->name, ")"));
    }
    if (NeedOf(*spec, ctx.mode) == Need::kNo) {
      return Problem(path, *spec, absl::StrCat("not accepted on ", Verb(ctx.mode)));
    }
    std::string text;
    if (spec->type == ValueType::kFlag &&
        value->kind_case() != google::protobuf::Value::kNullValue) {
      std::optional<std::string> flag = FlagText(*value);
      if (!flag.has_value()) return Problem(path, *spec, "a boolean (true/false or 1/0)");
      text = *std::move(flag);
    } else {
      absl::StatusOr<std::string> scalar = common::ValueToText(*value);
      if (!scalar.ok()) return Problem(path, *spec, scalar.status().message());
      text = *std::move(scalar);
    }
    LEADGW_ASSIGN_OR_RETURN((*out)[spec], ToParam(*spec, std::move(text), path));
  }
  return absl::OkStatus();
}

// OK when the output-only field `output`, set in `message`, may be ignored: it has no
// setting field, or that field is set too (the id wins over the name).
absl::Status CheckSetBy(const OutputOnlyField& output, const Message& message,
                        absl::string_view path) {
  if (output.set_by[0] == '\0') return absl::OkStatus();
  const FieldDescriptor* set_by = message.GetDescriptor()->FindFieldByName(output.set_by);
  if (set_by == nullptr) {
    return absl::InternalError(absl::StrCat("no neutral field ", output.set_by));
  }
  if (message.GetReflection()->HasField(message, set_by)) return absl::OkStatus();
  return InvalidField(path, output.problem);
}

absl::Status Collect(const Context& ctx, const Message& message, absl::string_view neutral_prefix,
                     absl::string_view path, Collected* out) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string neutral = JoinPath(neutral_prefix, field->name());
    const std::string field_path = JoinPath(path, field->name());
    if (field->is_map() && field->name() == "custom_fields") {
      LEADGW_RETURN_IF_ERROR(CollectCustom(ctx, message, *field, field_path, out));
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated() &&
        field->message_type()->full_name() == "leadgateway.v1.Address") {
      LEADGW_RETURN_IF_ERROR(Collect(ctx, message.GetReflection()->GetMessage(message, field),
                                     neutral, field_path, out));
      continue;
    }
    const FieldSpec* spec = FindFieldByNeutral(ctx.kind, neutral);
    if (const OutputOnlyField* output = FindOutputOnlyField(ctx.kind, neutral)) {
      LEADGW_RETURN_IF_ERROR(CheckSetBy(*output, message, field_path));
      continue;
    }
    if (spec == nullptr) {
      return InvalidField(field_path,
                          absl::StrCat("not stored by HotProfile for a ", ObjectLabel(ctx.kind)));
    }
    // Output-only fields are ignored (AIP-203), so a record read can be written back.
    if (!spec->writable()) continue;
    if (NeedOf(*spec, ctx.mode) == Need::kNo) {
      return Problem(field_path, *spec,
                     absl::StrCat("not accepted when ",
                                  ctx.mode == WriteMode::kCreate ? "creating" : "updating",
                                  " a HotProfile ", ObjectLabel(ctx.kind)));
    }
    if (field->is_repeated() || field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return Problem(field_path, *spec, "not writable");
    }
    LEADGW_ASSIGN_OR_RETURN((*out)[spec], ToParam(*spec, ScalarText(message, *field), field_path));
  }
  return absl::OkStatus();
}

std::string PathOf(const FieldSpec& spec, absl::string_view path) {
  return spec.custom() ? JoinPath(path, common::KeyPath("custom_fields", spec.name))
                       : JoinPath(path, spec.neutral);
}

}  // namespace

absl::StatusOr<Params> BuildWriteParams(ObjectKind kind, WriteMode mode, const Message& record,
                                        absl::string_view path) {
  Collected collected;
  LEADGW_RETURN_IF_ERROR(Collect(Context{kind, mode}, record, "", path, &collected));
  Params params;
  for (const FieldSpec& spec : FieldsOf(kind)) {
    auto it = collected.find(&spec);
    const bool present = it != collected.end();
    if (NeedOf(spec, mode) == Need::kRequired && (!present || it->second.empty())) {
      return InvalidField(PathOf(spec, path),
                          absl::StrCat("required to ", Verb(mode), " a HotProfile ",
                                       ObjectLabel(kind), " (HotProfile ", spec.name, ")"));
    }
    if (!present) continue;
    if (mode == WriteMode::kUpdate && spec.create == Need::kRequired && it->second.empty()) {
      return InvalidField(PathOf(spec, path),
                          absl::StrCat("must not be empty: HotProfile requires ", spec.name));
    }
    params.emplace_back(spec.name, it->second);
  }
  return params;
}

}  // namespace leadgw::backends::hotprofile
