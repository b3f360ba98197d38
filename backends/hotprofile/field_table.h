// The HotProfile field tables: one per object (lead, client, business card), each row a
// HotProfile API name with its neutral field, type, limit and need on create / update.
//
// Transcribed from the connector's parameter and response descriptions (seed 001, checked
// against emulators/hotprofile/field_rules.cc and render.cc). One row serves both ways: a
// write parameter is validated and built from the neutral field it names, a response key
// is parsed into it. Rows whose neutral field is "" travel in custom_fields under the
// HotProfile name. Describe answers the lead table. Pure data; thread-safe.
#ifndef LEADGW_BACKENDS_HOTPROFILE_FIELD_TABLE_H_
#define LEADGW_BACKENDS_HOTPROFILE_FIELD_TABLE_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace leadgw::backends::hotprofile {

enum class ObjectKind { kLead, kClient, kBusinessCard };

// "lead", "client", "business card": for messages.
absl::string_view ObjectLabel(ObjectKind kind);

// The list key of search answers and the path segment: "leads", "clients", "business_cards".
absl::string_view PluralName(ObjectKind kind);

enum class ValueType {
  kText,        // UTF-8 text; `limit` characters (code points), 0 = no documented limit
  kId,          // a registered id: neutral decimal string <-> HotProfile integer
  kInteger,     // neutral int32 <-> HotProfile integer (pref_id)
  kDigits,      // digits only, at most `limit` of them (extension)
  kCode,        // neutral enum whose numbers are HotProfile's codes; `codes` lists them
  kDate,        // neutral "YYYY-MM-DD" <-> HotProfile "yyyy/mm/dd"
  kDateTime,    // HotProfile "yyyy/mm/dd hh:mm:ss" (JST) -> google.protobuf.Timestamp
  kFlag,        // bool custom field <-> HotProfile "1" / "0"
  kCoordinate,  // latitude / longitude: <= 3 integer digits, <= 14 decimals
  kList,        // a JSON array (output only)
};

// Whether a write operation takes the parameter.
enum class Need { kNo, kOptional, kRequired };

struct FieldSpec {
  const char* name;     // HotProfile API name
  const char* neutral;  // neutral field path ("last_name", "address.postal_code"); "" for
                        // custom_fields[name]
  ValueType type;
  int limit;    // kText: characters; kDigits: digits; otherwise 0
  Need create;  // kNo on both: output only
  Need update;
  const char* codes;  // kCode: the allowed codes, "1|2"; otherwise ""
  const char* label;  // English label (Describe)

  bool writable() const { return create != Need::kNo || update != Need::kNo; }
  bool custom() const { return neutral[0] == '\0'; }
};

// Every row of `kind`, write parameters in the connector's order, then output-only keys.
absl::Span<const FieldSpec> FieldsOf(ObjectKind kind);

// The row named `name` (HotProfile API name), or nullptr.
const FieldSpec* FindField(ObjectKind kind, absl::string_view name);

// The row mapping the neutral field path `neutral`, or nullptr. When several rows map it,
// the writable one.
const FieldSpec* FindFieldByNeutral(ObjectKind kind, absl::string_view neutral);

// A neutral field a HotProfile answer fills that writes treat specially: the lead's status
// name (`lead_status`) is set only through the status id, so a write giving the name
// without the id is refused rather than silently ignored (the caller meant to change the
// status); with the id the name is ignored, so a record read can be written back. The
// deprecated `lead_status_name` has no row (it copies `lead_status`) and is ignored.
struct OutputOnlyField {
  const char* neutral;   // neutral field path
  const char* set_by;    // the writable neutral field that sets it; "" when just ignored
  const char* problem;   // the error when it is written without `set_by`
};

// The entry of the neutral field `neutral` of `kind`, or nullptr.
const OutputOnlyField* FindOutputOnlyField(ObjectKind kind, absl::string_view neutral);

// Response keys that repeat the page counters in every item (leads, clients): ignored.
bool IsPagingKey(absl::string_view name);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_FIELD_TABLE_H_
