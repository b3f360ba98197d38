// Response parsers for the lead endpoints: a success envelope -> neutral messages.
//
// Whole-answer defects (a result that is not an array of objects) are INTERNAL via
// UnreadableAnswer. Per-record defects in write results stay per record (FAILED with a
// "gateway.*" reason), so one odd record never hides the outcome of the others.
#ifndef LEADGW_BACKENDS_MARKETO_RESPONSES_H_
#define LEADGW_BACKENDS_MARKETO_RESPONSES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/marketo/envelope.h"
#include "leadgateway/v1/common.pb.h"
#include "leadgateway/v1/lead.pb.h"
#include "rapidjson/document.h"

namespace leadgw::backends::marketo {

// The objects of `result` (none when absent). INTERNAL when an item is not an object.
absl::StatusOr<std::vector<const rapidjson::Value*>> ResultObjects(const Envelope& envelope,
                                                                   absl::string_view what);

// Leads of result[] (get by id, by filter, list and program members).
absl::StatusOr<std::vector<::leadgateway::v1::Lead>> ParseLeads(const Envelope& envelope,
                                                                absl::string_view what);

// One write result: status created/updated/deleted/skipped, and the static-list statuses
// added (CREATED: the membership was created) and removed (DELETED) (Marketo's "skipped" keeps
// its reasons and is SKIPPED); reasons from a `reasons` array or a `reason` object; a
// record with reasons but no status is FAILED (the seed's push example), and so is one
// without either or with an unknown status. `id_member` names the id ("id"; "name" for
// schema fields). A record's own `warnings` (if Marketo sends any) become its warnings.
::leadgateway::v1::RecordResult ParseRecordResult(const rapidjson::Value& record,
                                                  absl::string_view id_member);

// `count` results for the input records [first_index, first_index + count), aligned by
// position as Marketo documents. Missing results are FAILED "gateway.missing_result";
// extra ones are ignored. The envelope's call-level warnings are added to every result.
std::vector<::leadgateway::v1::RecordResult> ParseRecordResults(const Envelope& envelope,
                                                                int first_index, int count,
                                                                absl::string_view id_member);

// Fields of describe.json: items with a `rest` object (others are not usable through
// REST), named by rest.name, with the typed field they map to and whether they may be a
// filterType (describe.json does not say: the standard filterTypes only). The fallback
// of ParseDescribe2.
absl::StatusOr<std::vector<::leadgateway::v1::LeadField>> ParseDescribe(const Envelope& envelope);

// Fields of describe2.json: result[] of {name: "API Lead", searchableFields: [[...]],
// fields: [{name, displayName, dataType, length, updateable, crmManaged}]}. A field is
// searchable when it is a single-field entry of searchableFields (compound keys such as
// [firstName, lastName] cannot be one filterType); read_only is !updateable; describe2
// gives no field id, so `id` stays empty. INTERNAL for a wrong shape.
absl::StatusOr<std::vector<::leadgateway::v1::LeadField>> ParseDescribe2(
    const Envelope& envelope);

// Partitions of partitions.json: {id, name, description}.
absl::StatusOr<std::vector<::leadgateway::v1::LeadPartition>> ParsePartitions(
    const Envelope& envelope);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_RESPONSES_H_
