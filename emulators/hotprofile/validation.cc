#include "emulators/hotprofile/validation.h"

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "emulators/hotprofile/text_util.h"

namespace leadgw::emulators::hotprofile {
namespace {

// Checks one non-empty value; returns the canonical form or sets `*error`.
std::optional<std::string> CheckValue(const FieldRule& rule, const std::string& value,
                                      std::string* error) {
  const std::string name = rule.name;
  switch (rule.type) {
    case FieldType::kText: {
      const std::optional<size_t> chars = ::leadgw::Utf8Length(value);
      if (!chars) {
        *error = absl::StrCat(name, " must be valid UTF-8 text");
        return std::nullopt;
      }
      if (*chars > static_cast<size_t>(rule.max_chars)) {
        *error = absl::StrCat(name, " is too long (", *chars, " characters; at most ",
                              rule.max_chars, ")");
        return std::nullopt;
      }
      return value;
    }
    case FieldType::kInteger: {
      const std::optional<int64_t> number = ParseStrictInt(value);
      if (!number) {
        *error = absl::StrCat(name, " must be an integer");
        return std::nullopt;
      }
      if (!IsRegistered(rule.domain, *number)) {
        *error = absl::StrCat(name, " is not a registered value");
        return std::nullopt;
      }
      return absl::StrCat(*number);
    }
    case FieldType::kDigits: {
      bool digits = true;
      for (char c : value) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
      if (!digits || value.size() > static_cast<size_t>(rule.max_chars)) {
        *error = absl::StrCat(name, " must be an integer of at most ", rule.max_chars, " digits");
        return std::nullopt;
      }
      return value;  // a phone extension keeps its leading zeros
    }
    case FieldType::kCoordinate:
      if (!ParseCoordinate(value)) {
        *error =
            absl::StrCat(name, " must be a decimal with at most 3 integer digits and 14 decimals");
        return std::nullopt;
      }
      return value;
    case FieldType::kFlag: {
      const std::optional<bool> flag = ParseFlag(value);
      if (!flag) {
        *error = absl::StrCat(name, " must be true, false, 1 or 0");
        return std::nullopt;
      }
      return std::string(*flag ? "1" : "0");
    }
    case FieldType::kDate:
      if (!ParseDate(value)) {
        *error = absl::StrCat(name, " must be a date yyyy/mm/dd");
        return std::nullopt;
      }
      return value;
  }
  *error = absl::StrCat(name, " has an unsupported type");
  return std::nullopt;
}

}  // namespace

std::vector<FieldError> ValidateWrite(ObjectKind kind, WriteMode mode, const Params& params,
                                      Params* canonical) {
  std::vector<FieldError> errors;
  canonical->clear();
  for (const FieldRule& rule : FieldRulesFor(kind)) {
    const Need need = mode == WriteMode::kCreate ? rule.on_create : rule.on_update;
    if (need == Need::kNo) continue;
    const auto it = params.find(rule.name);
    const bool present = it != params.end();
    if (!present || it->second.empty()) {
      if (need == Need::kRequired) {
        errors.push_back({rule.name, absl::StrCat(rule.name, " is required")});
      } else if (present && mode == WriteMode::kUpdate) {
        if (rule.on_create == Need::kRequired) {
          errors.push_back({rule.name, absl::StrCat(rule.name, " cannot be blank")});
        } else {
          (*canonical)[rule.name] = "";
        }
      }
      continue;
    }
    std::string message;
    std::optional<std::string> value = CheckValue(rule, it->second, &message);
    if (!value) {
      errors.push_back({rule.name, std::move(message)});
      continue;
    }
    (*canonical)[rule.name] = *std::move(value);
  }
  return errors;
}

}  // namespace leadgw::emulators::hotprofile
