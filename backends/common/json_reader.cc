#include "backends/common/json_reader.h"

#include <cstring>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace leadgw::backends::common {
namespace {

absl::Status MemberError(absl::string_view name, const absl::Status& status) {
  return absl::InvalidArgumentError(absl::StrCat("member \"", name, "\": ", status.message()));
}

absl::string_view TypeName(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "a boolean";
    case rapidjson::kObjectType:
      return "an object";
    case rapidjson::kArrayType:
      return "an array";
    case rapidjson::kStringType:
      return "a string";
    case rapidjson::kNumberType:
      return "a number";
  }
  return "an unknown value";
}

absl::Status Expected(absl::string_view what, const rapidjson::Value& value) {
  return absl::InvalidArgumentError(absl::StrCat("expected ", what, ", got ", TypeName(value)));
}

// An optional '-' and 1 to 18 digits: always fits int64, unlike absl::SimpleAtoi's
// tolerance of '+', spaces and overflow checks we would have to repeat.
bool IsStrictInteger(absl::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  if (text.empty() || text.size() > 18) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<rapidjson::Document> ParseJsonObject(absl::string_view text) {
  // rapidjson reads a NUL-terminated text through a plain pointer, but a (pointer, length)
  // text through a stream that checks the bound at every character (about 15% more
  // instructions on a search answer). A Document copies every string it keeps, so the
  // text is parsed from a terminated copy: on the stack when small, which is every answer
  // on the proxied read paths. A NUL inside the text would end it early, so it is refused.
  if (const void* nul = std::memchr(text.data(), '\0', text.size()); nul != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("malformed JSON: NUL character at byte ",
                                                   static_cast<const char*>(nul) - text.data()));
  }
  constexpr size_t kStackCopyLimit = 16 * 1024;
  char stack_copy[kStackCopyLimit];
  std::unique_ptr<char[]> heap_copy;
  char* terminated = stack_copy;
  if (text.size() >= kStackCopyLimit) {
    heap_copy = std::make_unique<char[]>(text.size() + 1);
    terminated = heap_copy.get();
  }
  std::memcpy(terminated, text.data(), text.size());
  terminated[text.size()] = '\0';
  rapidjson::Document document;
  document.Parse(terminated);
  if (document.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed JSON: ", rapidjson::GetParseError_En(document.GetParseError()),
                     " at byte ", document.GetErrorOffset()));
  }
  if (!document.IsObject()) return Expected("a JSON object", document);
  return document;
}

const rapidjson::Value* FindMember(const rapidjson::Value& object, absl::string_view name) {
  if (!object.IsObject()) return nullptr;
  const rapidjson::Value key(rapidjson::StringRef(name.data(), name.size()));
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string ToJsonText(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::StatusOr<std::string> ScalarToString(const rapidjson::Value& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsInt64()) return absl::StrCat(value.GetInt64());
  if (value.IsUint64()) return absl::StrCat(value.GetUint64());
  // RapidJSON's writer prints the shortest text that reads back as the same double.
  if (value.IsNumber() || value.IsBool()) return ToJsonText(value);
  return Expected("text", value);
}

absl::StatusOr<int64_t> ScalarToInt64(const rapidjson::Value& value) {
  if (value.IsInt64()) return value.GetInt64();
  if (value.IsDouble()) {
    const double number = value.GetDouble();
    // Integral doubles such as 12.0 are accepted; the bound keeps the cast defined.
    if (number == static_cast<double>(static_cast<int64_t>(number)) && number < 9.2e18 &&
        number > -9.2e18) {
      return static_cast<int64_t>(number);
    }
    return Expected("an integer", value);
  }
  if (value.IsString()) {
    const absl::string_view text(value.GetString(), value.GetStringLength());
    int64_t parsed = 0;
    if (IsStrictInteger(text) && absl::SimpleAtoi(text, &parsed)) return parsed;
    return absl::InvalidArgumentError("expected an integer, got text that is not one");
  }
  return Expected("an integer", value);
}

absl::StatusOr<bool> ScalarToBool(const rapidjson::Value& value) {
  if (value.IsBool()) return value.GetBool();
  if (value.IsInt64()) {
    if (value.GetInt64() == 0 || value.GetInt64() == 1) return value.GetInt64() == 1;
    return absl::InvalidArgumentError("expected a boolean, got a number other than 0 or 1");
  }
  if (value.IsString()) {
    const std::string text =
        absl::AsciiStrToLower(absl::string_view(value.GetString(), value.GetStringLength()));
    if (text == "1" || text == "true") return true;
    if (text == "0" || text == "false") return false;
    return absl::InvalidArgumentError("expected a boolean, got other text");
  }
  return Expected("a boolean", value);
}

absl::StatusOr<std::optional<std::string>> GetString(const rapidjson::Value& object,
                                                     absl::string_view name) {
  const rapidjson::Value* member = FindMember(object, name);
  if (member == nullptr) return std::optional<std::string>();
  absl::StatusOr<std::string> text = ScalarToString(*member);
  if (!text.ok()) return MemberError(name, text.status());
  return std::optional<std::string>(*std::move(text));
}

absl::StatusOr<std::optional<int64_t>> GetInt64(const rapidjson::Value& object,
                                                absl::string_view name) {
  const rapidjson::Value* member = FindMember(object, name);
  if (member == nullptr) return std::optional<int64_t>();
  absl::StatusOr<int64_t> number = ScalarToInt64(*member);
  if (!number.ok()) return MemberError(name, number.status());
  return std::optional<int64_t>(*number);
}

absl::StatusOr<std::optional<bool>> GetBool(const rapidjson::Value& object,
                                            absl::string_view name) {
  const rapidjson::Value* member = FindMember(object, name);
  if (member == nullptr) return std::optional<bool>();
  absl::StatusOr<bool> flag = ScalarToBool(*member);
  if (!flag.ok()) return MemberError(name, flag.status());
  return std::optional<bool>(*flag);
}

absl::StatusOr<const rapidjson::Value*> GetArray(const rapidjson::Value& object,
                                                 absl::string_view name) {
  const rapidjson::Value* member = FindMember(object, name);
  if (member != nullptr && !member->IsArray()) {
    return MemberError(name, Expected("an array", *member));
  }
  return member;
}

absl::StatusOr<const rapidjson::Value*> GetObject(const rapidjson::Value& object,
                                                  absl::string_view name) {
  const rapidjson::Value* member = FindMember(object, name);
  if (member != nullptr && !member->IsObject()) {
    return MemberError(name, Expected("an object", *member));
  }
  return member;
}

absl::StatusOr<int64_t> RequireInt64(const rapidjson::Value& object, absl::string_view name) {
  absl::StatusOr<std::optional<int64_t>> number = GetInt64(object, name);
  if (!number.ok()) return number.status();
  if (!number->has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("member \"", name, "\" is missing"));
  }
  return **number;
}

absl::StatusOr<std::string> RequireString(const rapidjson::Value& object, absl::string_view name) {
  absl::StatusOr<std::optional<std::string>> text = GetString(object, name);
  if (!text.ok()) return text.status();
  if (!text->has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("member \"", name, "\" is missing"));
  }
  return **std::move(text);
}

}  // namespace leadgw::backends::common
