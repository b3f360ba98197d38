// The neutral Lead <-> a Marketo lead JSON object, with the one field table both
// directions use (one table of upstream rules per backend:
// docs/adr/0003-vendor-json-tables.md).
//
// Typed fields with a Marketo standard field travel under its REST name (first_name <->
// firstName, address.street <-> address, external_company_id <-> externalCompanyId, ...). Every
// other Marketo field travels in custom_fields under its REST name. Typed fields Marketo
// has no standard field for (kana names, mobile_email, note, ...) are rejected on writes:
// silently dropping them would lose data, and guessing a custom field name would write
// the wrong field.
#ifndef LEADGW_BACKENDS_MARKETO_LEAD_JSON_H_
#define LEADGW_BACKENDS_MARKETO_LEAD_JSON_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/marketo/value_to_json.h"
#include "leadgateway/v1/lead.pb.h"
#include "rapidjson/document.h"

namespace leadgw::backends::marketo {

// Writes the members of `lead` into the JSON object `out` has open (the caller opens and
// closes it, so it can add members of its own): mapped typed fields that are set, `id` (as
// a number) when non-empty, and custom_fields. Output-only fields (timestamps, names of
// statuses and owners, tags, interest products, full names) are ignored (AIP-203).
// INVALID_ARGUMENT naming `<path>.<field>` (via common::InvalidField) for a typed field
// Marketo lacks (the message says to use custom_fields, or for company_id and
// lead_status_id the field Marketo uses instead), a non-decimal id, a custom field that repeats a set typed
// field, or an unset/non-finite custom value; `out` then holds a partial document, which
// the caller must discard.
absl::Status WriteLeadMembers(const ::leadgateway::v1::Lead& lead, absl::string_view path,
                              JsonWriter& out);
// The same checks, writing nothing.
absl::Status WriteLeadMembers(const ::leadgateway::v1::Lead& lead, absl::string_view path,
                              DiscardingJsonWriter& out);

// The Lead of a Marketo lead object: `id`, createdAt/updatedAt (RFC 3339) as timestamps,
// mapped fields typed, everything else (and timestamps that do not parse) in
// custom_fields. Null members are left unset (Marketo's "no value"). INVALID_ARGUMENT when
// `json` is not an object.
absl::StatusOr<::leadgateway::v1::Lead> LeadFromJson(const rapidjson::Value& json);

// Parses an RFC 3339 time ("2015-05-07T11:47:30-08:00", "2016-05-17T22:11:45Z") into
// `out`; false when `text` is not one.
bool ParseRfc3339(absl::string_view text, google::protobuf::Timestamp* out);

// The value `lead` holds under the Marketo field `marketo_name` (typed, id, or
// custom_fields as text), or nullopt when unset. Used for the duplicate guard's keys.
std::optional<std::string> LookupValue(const ::leadgateway::v1::Lead& lead,
                                       absl::string_view marketo_name);

// The typed field that carries `marketo_name` ("first_name", "address.street"), or "" when
// it travels in custom_fields.
absl::string_view NeutralNameFor(absl::string_view marketo_name);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_LEAD_JSON_H_
