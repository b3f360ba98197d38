#include "service/validation_rules.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "service/field_error.h"
#include "service/validation_limits.h"

namespace leadgw::service::validation_internal {
namespace {

// Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z (google.protobuf.Timestamp's
// documented range).
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;
constexpr int32_t kNanosPerSecond = 1000000000;

std::string CustomKeyRule() {
  return absl::StrCat("key must be 1-", kMaxCustomFieldKeyChars,
                      " characters of A-Z, a-z, 0-9, '_', '.', '-', '[', ']'");
}

std::string ExtraKeyRule() {
  return absl::StrCat("key must be 1-", kMaxExtraKeyChars,
                      " characters of a-z, 0-9, '_', '.', '[', ']'");
}

bool IsCustomKeyChar(char c) {
  return absl::ascii_isalnum(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
}

bool IsExtraKeyChar(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' || c == '.' || c == '[' ||
         c == ']';
}

template <typename CharPredicate>
bool IsKey(absl::string_view key, size_t max_chars, CharPredicate allowed) {
  // Every allowed character is ASCII, so bytes equal characters here.
  return !key.empty() && key.size() <= max_chars && std::all_of(key.begin(), key.end(), allowed);
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

int Digits(absl::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

template <typename Map>
std::vector<typename Map::const_pointer> SortedEntries(const Map& map) {
  std::vector<typename Map::const_pointer> entries;
  entries.reserve(map.size());
  for (const auto& entry : map) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
  return entries;
}

// No problem for a scalar Value (null, bool, finite number, string of at most kMaxTextChars).
Problem ScalarValueProblem(const google::protobuf::Value& value) {
  using Value = google::protobuf::Value;
  switch (value.kind_case()) {
    case Value::kNullValue:
    case Value::kBoolValue:
      return std::nullopt;
    case Value::kNumberValue:
      if (std::isfinite(value.number_value())) return std::nullopt;
      return "must be a finite number";
    case Value::kStringValue:
      return MaxCharsProblem(value.string_value(), kMaxTextChars);
    default:  // struct, list, or no value at all
      return "must be a string, number, bool or null";
  }
}

// A scalar, or (`lists` kOfScalars) a list of scalars.
Problem ValueProblem(const google::protobuf::Value& value, ListValues lists) {
  if (lists == ListValues::kRejected || value.kind_case() != google::protobuf::Value::kListValue) {
    return ScalarValueProblem(value);
  }
  for (const google::protobuf::Value& item : value.list_value().values()) {
    if (item.kind_case() == google::protobuf::Value::kListValue) return "must not nest lists";
    if (auto problem = ScalarValueProblem(item)) return absl::StrCat("list item: ", *problem);
  }
  return std::nullopt;
}

}  // namespace

size_t CharCount(absl::string_view text) { return Utf8CharCount(text); }

Problem MaxCharsProblem(absl::string_view value, size_t max) {
  // A string of at most `max` bytes has at most `max` characters: count only when needed.
  if (value.size() <= max || CharCount(value) <= max) return std::nullopt;
  return absl::StrCat("at most ", max, " characters");
}

Problem IdProblem(absl::string_view value, IdPresence presence) {
  if (presence == IdPresence::kEmpty) {
    if (value.empty()) return std::nullopt;
    return "must be empty on create";
  }
  if (value.empty()) {
    if (presence == IdPresence::kRequired) return "required";
    return std::nullopt;
  }
  if (!IsDigits(value)) return "decimal digits only";
  if (value.size() > kMaxIdChars) return absl::StrCat("at most ", kMaxIdChars, " digits");
  return std::nullopt;
}

bool IsDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

bool IsApiName(absl::string_view text) {
  if (text.empty() || !absl::ascii_isalpha(text[0])) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '_'; });
}

bool HasDateShape(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  return IsDigits(text.substr(0, 4)) && IsDigits(text.substr(5, 2)) && IsDigits(text.substr(8, 2));
}

bool IsCalendarDate(absl::string_view text) {
  if (!HasDateShape(text)) return false;
  int year = Digits(text.substr(0, 4));
  int month = Digits(text.substr(5, 2));
  int day = Digits(text.substr(8, 2));
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

absl::string_view CanonicalDecimal(absl::string_view digits) {
  size_t first = digits.find_first_not_of('0');
  if (first == absl::string_view::npos) return digits.empty() ? digits : digits.substr(0, 1);
  return digits.substr(first);
}

int CompareDecimal(absl::string_view a, absl::string_view b) {
  a = CanonicalDecimal(a);
  b = CanonicalDecimal(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

std::string Scope::Path(absl::string_view field) const {
  if (field.empty()) return path_;
  if (path_.empty()) return std::string(field);
  return absl::StrCat(path_, ".", field);
}

std::string Scope::IndexPath(absl::string_view field, size_t index) const {
  return absl::StrCat(Path(field), "[", index, "]");
}

std::string Scope::KeyPath(absl::string_view field, absl::string_view key) const {
  size_t keep = Utf8PrefixBytes(key, kMaxKeyCharsInPath);
  return absl::StrCat(Path(field), "[\"", absl::Utf8SafeCHexEscape(key.substr(0, keep)),
                      keep < key.size() ? "..." : "", "\"]");
}

absl::Status Scope::Fail(absl::string_view field, absl::string_view problem) const {
  return InvalidField(Path(field), problem);
}

absl::Status CheckRequired(const Scope& scope, absl::string_view field, absl::string_view value) {
  return value.empty() ? scope.Fail(field, "required") : absl::OkStatus();
}

absl::Status CheckMaxChars(const Scope& scope, absl::string_view field, absl::string_view value,
                           size_t max) {
  if (auto problem = MaxCharsProblem(value, max)) return scope.Fail(field, *problem);
  return absl::OkStatus();
}

absl::Status CheckRequiredMaxChars(const Scope& scope, absl::string_view field,
                                   absl::string_view value, size_t max) {
  if (value.empty()) return scope.Fail(field, "required");
  return CheckMaxChars(scope, field, value, max);
}

absl::Status CheckId(const Scope& scope, absl::string_view field, absl::string_view value,
                     IdPresence presence) {
  if (auto problem = IdProblem(value, presence)) return scope.Fail(field, *problem);
  return absl::OkStatus();
}

absl::Status CheckApiName(const Scope& scope, absl::string_view field, absl::string_view value,
                          size_t max, bool required) {
  if (value.empty()) return required ? scope.Fail(field, "required") : absl::OkStatus();
  if (!IsApiName(value)) {
    return scope.Fail(field, "must start with a letter and contain only letters, digits, '_'");
  }
  // IsApiName() admits ASCII only, so bytes are characters.
  if (value.size() > max) return scope.Fail(field, absl::StrCat("at most ", max, " characters"));
  return absl::OkStatus();
}

absl::Status CheckCount(const Scope& scope, absl::string_view field, size_t count, size_t min,
                        size_t max) {
  if (count < min) {
    return scope.Fail(
        field, min == 1 ? std::string("required") : absl::StrCat("at least ", min, " entries"));
  }
  if (count > max) return scope.Fail(field, absl::StrCat("at most ", max, " entries"));
  return absl::OkStatus();
}

absl::Status CheckRange(const Scope& scope, absl::string_view field, int64_t value, int64_t min,
                        int64_t max) {
  if (value >= min && value <= max) return absl::OkStatus();
  return scope.Fail(field, absl::StrCat("must be ", min, "-", max));
}

absl::Status CheckEnum(const Scope& scope, absl::string_view field, bool is_defined) {
  return is_defined ? absl::OkStatus() : scope.Fail(field, "unknown enum value");
}

absl::Status CheckEmail(const Scope& scope, absl::string_view field, absl::string_view value) {
  if (value.empty()) return absl::OkStatus();
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(scope, field, value, kMaxEmailChars));
  size_t at = value.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == value.size() ||
      value.find('@', at + 1) != absl::string_view::npos) {
    return scope.Fail(field, "must contain exactly one '@' with text on both sides");
  }
  return absl::OkStatus();
}

absl::Status CheckDigits(const Scope& scope, absl::string_view field, absl::string_view value,
                         size_t max) {
  if (value.empty()) return absl::OkStatus();
  if (!IsDigits(value)) return scope.Fail(field, "decimal digits only");
  if (value.size() > max) return scope.Fail(field, absl::StrCat("at most ", max, " digits"));
  return absl::OkStatus();
}

absl::Status CheckDate(const Scope& scope, absl::string_view field, absl::string_view value) {
  if (value.empty()) return absl::OkStatus();
  if (!HasDateShape(value)) return scope.Fail(field, "must be YYYY-MM-DD");
  if (!IsCalendarDate(value)) return scope.Fail(field, "must be a real calendar date");
  return absl::OkStatus();
}

absl::Status CheckTimestamp(const Scope& scope, absl::string_view field,
                            const google::protobuf::Timestamp& value) {
  if (value.seconds() < kMinTimestampSeconds || value.seconds() > kMaxTimestampSeconds ||
      value.nanos() < 0 || value.nanos() >= kNanosPerSecond) {
    return scope.Fail(field, "must be a valid timestamp (0001-01-01 to 9999-12-31)");
  }
  return absl::OkStatus();
}

absl::Status CheckConnection(absl::string_view field, absl::string_view value) {
  return CheckRequiredMaxChars(Scope(), field, value, kMaxConnectionChars);
}

absl::Status CheckFieldSelection(const Scope& scope, absl::string_view field,
                                 const StringList& fields) {
  LEADGW_RETURN_IF_ERROR(CheckCount(scope, field, fields.size(), 0, kMaxSelectedFields));
  absl::flat_hash_map<absl::string_view, int> first_index;
  for (int i = 0; i < fields.size(); ++i) {
    const std::string& name = fields[i];
    if (name.empty()) return InvalidField(scope.IndexPath(field, i), "must not be empty");
    if (auto problem = MaxCharsProblem(name, kMaxApiNameChars)) {
      return InvalidField(scope.IndexPath(field, i), *problem);
    }
    if (name.find(',') != std::string::npos) {
      return InvalidField(scope.IndexPath(field, i), "must not contain ','");
    }
    auto [it, inserted] = first_index.emplace(name, i);
    if (!inserted) {
      return InvalidField(scope.IndexPath(field, i),
                          absl::StrCat("duplicate of ", scope.IndexPath(field, it->second)));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPaging(int32_t page_size, int32_t max_page_size, absl::string_view page_token) {
  Scope top;
  LEADGW_RETURN_IF_ERROR(CheckRange(top, "page_size", page_size, 0, max_page_size));
  return CheckMaxChars(top, "page_token", page_token, kMaxPageTokenChars);
}

absl::Status CheckIdList(const Scope& scope, absl::string_view field, const StringList& ids,
                         size_t min, size_t max, bool distinct, absl::string_view other_field,
                         absl::string_view other_id) {
  LEADGW_RETURN_IF_ERROR(CheckCount(scope, field, ids.size(), min, max));
  absl::flat_hash_map<absl::string_view, int> first_index;
  for (int i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    if (id.empty()) return InvalidField(scope.IndexPath(field, i), "must not be empty");
    if (auto problem = IdProblem(id, IdPresence::kRequired)) {
      return InvalidField(scope.IndexPath(field, i), *problem);
    }
    if (distinct) {
      auto [it, inserted] = first_index.emplace(CanonicalDecimal(id), i);
      if (!inserted) {
        return InvalidField(scope.IndexPath(field, i),
                            absl::StrCat("duplicate of ", scope.IndexPath(field, it->second)));
      }
    }
    if (!other_field.empty() && CompareDecimal(id, other_id) == 0) {
      return InvalidField(scope.IndexPath(field, i),
                          absl::StrCat("must differ from ", other_field));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckScalarMap(const Scope& scope, absl::string_view field, const ValueMap& map,
                            size_t max_entries, ListValues lists) {
  LEADGW_RETURN_IF_ERROR(CheckCount(scope, field, map.size(), 0, max_entries));
  for (const auto* entry : SortedEntries(map)) {
    if (!IsKey(entry->first, kMaxCustomFieldKeyChars, IsCustomKeyChar)) {
      return InvalidField(scope.KeyPath(field, entry->first), CustomKeyRule());
    }
    if (auto problem = ValueProblem(entry->second, lists)) {
      return InvalidField(scope.KeyPath(field, entry->first), *problem);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAddress(const Scope& scope, absl::string_view field, const v1::Address& address) {
  const Scope s = scope.Field(field);
  const std::pair<absl::string_view, const std::string*> texts[] = {
      {"postal_code", &address.postal_code()},
      {"country", &address.country()},
      {"state", &address.state()},
  };
  for (const auto& [name, value] : texts) {
    LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, name, *value, kMaxTextChars));
  }
  if (address.has_prefecture_code()) {
    LEADGW_RETURN_IF_ERROR(CheckRange(s, "prefecture_code", address.prefecture_code(),
                                      kMinPrefectureCode, kMaxPrefectureCode));
  }
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "city", address.city(), kMaxTextChars));
  return CheckMaxChars(s, "street", address.street(), kMaxTextChars);
}

absl::Status CheckDateRange(const Scope& scope, absl::string_view field,
                            const v1::DateRange& range) {
  const Scope s = scope.Field(field);
  LEADGW_RETURN_IF_ERROR(CheckDate(s, "from", range.from()));
  LEADGW_RETURN_IF_ERROR(CheckDate(s, "to", range.to()));
  // "YYYY-MM-DD" strings order like the dates they name.
  if (!range.from().empty() && !range.to().empty() && range.to() < range.from()) {
    return s.Fail("to", "must not be before from");
  }
  return absl::OkStatus();
}

absl::Status CheckIdRange(const Scope& scope, absl::string_view from_field, absl::string_view from,
                          absl::string_view to_field, absl::string_view to) {
  LEADGW_RETURN_IF_ERROR(CheckId(scope, from_field, from, IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(CheckId(scope, to_field, to, IdPresence::kOptional));
  if (!from.empty() && !to.empty() && CompareDecimal(to, from) < 0) {
    return scope.Fail(to_field, absl::StrCat("must not be less than ", scope.Path(from_field)));
  }
  return absl::OkStatus();
}

absl::Status CheckExtraFilters(const Scope& scope, absl::string_view field,
                               const StringMap& extra) {
  LEADGW_RETURN_IF_ERROR(CheckCount(scope, field, extra.size(), 0, kMaxExtraFilters));
  for (const auto* entry : SortedEntries(extra)) {
    if (!IsKey(entry->first, kMaxExtraKeyChars, IsExtraKeyChar)) {
      return InvalidField(scope.KeyPath(field, entry->first), ExtraKeyRule());
    }
    if (auto problem = MaxCharsProblem(entry->second, kMaxFilterTextChars)) {
      return InvalidField(scope.KeyPath(field, entry->first), *problem);
    }
  }
  return absl::OkStatus();
}

}  // namespace leadgw::service::validation_internal
