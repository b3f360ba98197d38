// The write-parameter rules of each HotProfile object, one table per object, transcribed
// from the connector's parameter descriptions (seed 001). The gateway keeps a mirror of
// these tables to reject bad writes before spending quota, so they are kept as plain data.
#ifndef LEADGW_EMULATORS_HOTPROFILE_FIELD_RULES_H_
#define LEADGW_EMULATORS_HOTPROFILE_FIELD_RULES_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "emulators/hotprofile/reference_data.h"

namespace leadgw::emulators::hotprofile {

enum class ObjectKind { kLead, kClient, kBusinessCard };

// The JSON/array name of the object kind: "leads", "clients", "business_cards".
absl::string_view PluralName(ObjectKind kind);

enum class FieldType {
  kText,        // UTF-8 text; max_chars counts characters, not bytes
  kInteger,     // decimal integer, optionally restricted to a Domain
  kDigits,      // non-negative integer of at most max_chars digits (extension)
  kCoordinate,  // latitude/longitude: up to 3 integer digits and 14 decimals
  kFlag,        // boolean: 1/0/true/false, stored and rendered as "1"/"0"
  kDate,        // yyyy/mm/dd
};

// Whether a write operation takes the parameter.
enum class Need {
  kNo,        // not a parameter of this operation; ignored if sent
  kOptional,  // may be sent; an empty value clears the field on update
  kRequired,  // must be sent and non-empty
};

struct FieldRule {
  const char* name;
  FieldType type;
  int max_chars;  // kText: characters; kDigits: digits; otherwise 0
  Domain domain;  // kInteger only: the master table the id must be registered in
  Need on_create;
  Need on_update;
};

// The rules for `kind`'s create and update parameters, in the seed's order.
absl::Span<const FieldRule> FieldRulesFor(ObjectKind kind);

// The rule named `name` for `kind`, or nullptr.
const FieldRule* FindFieldRule(ObjectKind kind, absl::string_view name);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_FIELD_RULES_H_
