// Building blocks of validation.h: field paths, character counting and the checks that
// several requests share. Internal to service/validation*.cc and their tests.
#ifndef LEADGW_SERVICE_VALIDATION_RULES_H_
#define LEADGW_SERVICE_VALIDATION_RULES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/map.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::service::validation_internal {

namespace v1 = ::leadgateway::v1;

using StringList = google::protobuf::RepeatedPtrField<std::string>;
using ValueMap = google::protobuf::Map<std::string, google::protobuf::Value>;
using StringMap = google::protobuf::Map<std::string, std::string>;

// ---- Text primitives (pure) ----

// Number of Unicode code points in UTF-8 `text` (bytes that do not continue a sequence;
// protobuf has already rejected invalid UTF-8 in string fields).
size_t CharCount(absl::string_view text);
// True for 1 or more ASCII digits.
bool IsDigits(absl::string_view text);
// True for [A-Za-z][A-Za-z0-9_]*.
bool IsApiName(absl::string_view text);
// True for a real calendar date written "YYYY-MM-DD" (year 0001-9999).
bool IsCalendarDate(absl::string_view text);
// True if "YYYY-MM-DD" has the shape (digits and dashes) without checking the calendar.
bool HasDateShape(absl::string_view text);
// Compares two digit strings numerically (leading zeros ignored): <0, 0, >0.
int CompareDecimal(absl::string_view a, absl::string_view b);
// `digits` without leading zeros ("0" stays "0"), so equal ids compare equal.
absl::string_view CanonicalDecimal(absl::string_view digits);

// Problems: what is wrong with a value, as the text of its InvalidField error, or
// std::nullopt when the value is acceptable. Used where the field path is expensive to
// build (list elements, map entries), and by the Check* functions below. "Acceptable" is the
// common answer on every request, so it builds no string; a caller reads
//   if (auto problem = MaxCharsProblem(value, max)) return InvalidField(path, *problem);
using Problem = std::optional<std::string>;

// "at most <max> characters" when `value` is longer.
Problem MaxCharsProblem(absl::string_view value, size_t max);

enum class IdPresence {
  kOptional,  // "" or a decimal id
  kRequired,  // a decimal id
  kEmpty,     // must be "" (ids of records being created)
};
// A decimal id: digits only, 1-20 characters; presence as given.
Problem IdProblem(absl::string_view value, IdPresence presence);

// ---- Field paths ----

// Where in the request a check runs: "" at the top level, "leads[3]",
// "records[2].lead". Paths of leaves are built only when a check fails.
class Scope {
 public:
  // The top level of a request.
  Scope() = default;

  // The scope of nested message `name`, e.g. "records[2]" -> "records[2].lead".
  Scope Field(absl::string_view name) const { return Scope(Path(name)); }
  // The scope of element `index` of repeated field `name`: "leads[3]".
  Scope Element(absl::string_view name, size_t index) const {
    return Scope(IndexPath(name, index));
  }

  // The scope of entry `key` of map field `name`: "custom_fields[\"x\"]".
  Scope Entry(absl::string_view name, absl::string_view key) const {
    return Scope(KeyPath(name, key));
  }

  // Path of leaf `field` ("" means this scope itself).
  std::string Path(absl::string_view field) const;
  // "<scope>.<field>[<index>]".
  std::string IndexPath(absl::string_view field, size_t index) const;
  // "<scope>.<field>[\"<key>\"]" with the key C-escaped and shortened past
  // kMaxKeyCharsInPath characters.
  std::string KeyPath(absl::string_view field, absl::string_view key) const;

  // InvalidField(Path(field), problem).
  absl::Status Fail(absl::string_view field, absl::string_view problem) const;

 private:
  explicit Scope(std::string path) : path_(std::move(path)) {}

  std::string path_;
};

// ---- Leaf checks: OK, or InvalidField naming `scope`'s `field` ----

// Non-empty ("required").
absl::Status CheckRequired(const Scope& scope, absl::string_view field, absl::string_view value);
// At most `max` characters.
absl::Status CheckMaxChars(const Scope& scope, absl::string_view field, absl::string_view value,
                           size_t max);
// Non-empty and at most `max` characters.
absl::Status CheckRequiredMaxChars(const Scope& scope, absl::string_view field,
                                   absl::string_view value, size_t max);

// IdProblem() as an error.
absl::Status CheckId(const Scope& scope, absl::string_view field, absl::string_view value,
                     IdPresence presence);
// An API name ([A-Za-z][A-Za-z0-9_]*) of at most `max` characters; "" is "required" when
// `required`, accepted otherwise.
absl::Status CheckApiName(const Scope& scope, absl::string_view field, absl::string_view value,
                          size_t max, bool required);
// `count` entries in [min, max]; below 1 is "required".
absl::Status CheckCount(const Scope& scope, absl::string_view field, size_t count, size_t min,
                        size_t max);
// `value` in [min, max] ("must be min-max").
absl::Status CheckRange(const Scope& scope, absl::string_view field, int64_t value, int64_t min,
                        int64_t max);
// `is_defined` comes from the enum's _IsValid(value).
absl::Status CheckEnum(const Scope& scope, absl::string_view field, bool is_defined);
// "" or at most 255 characters with exactly one '@' and text on both sides.
absl::Status CheckEmail(const Scope& scope, absl::string_view field, absl::string_view value);
// "" or digits only, at most `max` of them.
absl::Status CheckDigits(const Scope& scope, absl::string_view field, absl::string_view value,
                         size_t max);
// "" or a real "YYYY-MM-DD" date.
absl::Status CheckDate(const Scope& scope, absl::string_view field, absl::string_view value);
// A Timestamp protobuf's JSON mapping can express: 0001-01-01 to 9999-12-31, nanos in
// [0, 1e9).
absl::Status CheckTimestamp(const Scope& scope, absl::string_view field,
                            const google::protobuf::Timestamp& value);

// ---- Shared composite checks ----

// Top-level `connection` (or GetConnectionRequest.name): required, at most 63.
absl::Status CheckConnection(absl::string_view field, absl::string_view value);
// A `fields` selection: count, entries, no commas, no duplicates.
absl::Status CheckFieldSelection(const Scope& scope, absl::string_view field,
                                 const StringList& fields);
// `page_size` in [0, max_page_size] and `page_token` length.
absl::Status CheckPaging(int32_t page_size, int32_t max_page_size, absl::string_view page_token);
// A list of [min, max] decimal ids (each required); `distinct` rejects numeric repeats; a
// non-empty `other_field` rejects ids numerically equal to `other_id` ("must differ from
// <other_field>"). Elements are checked in order, each fully before the next.
absl::Status CheckIdList(const Scope& scope, absl::string_view field, const StringList& ids,
                         size_t min, size_t max, bool distinct, absl::string_view other_field = "",
                         absl::string_view other_id = "");
// Whether a map value may be a list (of scalars, not nested).
enum class ListValues {
  kRejected,
  // Records' custom_fields: reads answer output-only arrays (a card's tag ids) as lists,
  // and a record read must be writable back (AIP-203); the backend judges each key.
  kOfScalars,
};
// custom_fields-style map: at most `max_entries`, keys 1-255 of [A-Za-z0-9_.\-\[\]],
// scalar values (null, bool, finite number, string of at most 32768 characters), or lists
// of them where `lists` says so.
absl::Status CheckScalarMap(const Scope& scope, absl::string_view field, const ValueMap& map,
                            size_t max_entries, ListValues lists);
// Strings at most 32768 characters; prefecture_code 1-47 when set.
absl::Status CheckAddress(const Scope& scope, absl::string_view field, const v1::Address& address);
// Each end "" or a real date; from <= to when both are given (reported on `to`).
absl::Status CheckDateRange(const Scope& scope, absl::string_view field,
                            const v1::DateRange& range);
// Optional decimal ids with from <= to when both are given (reported on `to_field`).
absl::Status CheckIdRange(const Scope& scope, absl::string_view from_field, absl::string_view from,
                          absl::string_view to_field, absl::string_view to);
// Search `extra` parameters: at most 50; keys 1-100 of [a-z0-9_.\[\]]; values at most 255.
absl::Status CheckExtraFilters(const Scope& scope, absl::string_view field, const StringMap& extra);

}  // namespace leadgw::service::validation_internal

#endif  // LEADGW_SERVICE_VALIDATION_RULES_H_
