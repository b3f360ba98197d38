// Helpers shared by the endpoint handlers: body and parameter parsing, field selection
// and lead rendering.
#ifndef LEADGW_EMULATORS_MARKETO_HANDLER_UTIL_H_
#define LEADGW_EMULATORS_MARKETO_HANDLER_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "emulators/marketo/envelope.h"
#include "emulators/marketo/lead_store.h"
#include "emulators/marketo/router.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::marketo {

// Marketo's batch ceiling for lead reads and writes.
inline constexpr size_t kMaxRecordsPerCall = 300;

// Fields returned when `fields` is absent: id, email, updatedAt, createdAt, lastName,
// firstName.
const std::vector<std::string>& DefaultLeadFields();

// Comma-separated values, trimmed, empties dropped.
std::vector<std::string> SplitCsv(absl::string_view s);

// Parses a decimal id; false for anything else.
bool ParseId(absl::string_view text, int64_t* id);

// Parses the JSON object body into `doc`: 612 unless the Content-Type is
// application/json, 609 "Invalid JSON" for a malformed body or a non-object.
std::optional<Reply> ParseJsonBody(const RestRequest& req, rapidjson::Document* doc);

// Points `input` at doc["input"]: 701 if absent or not an array, 1003 if longer than
// `max_records`.
std::optional<Reply> GetInputArray(const RestRequest& req, const rapidjson::Document& doc,
                                   size_t max_records, const rapidjson::Value** input);

// The `fields` parameter resolved against the schema (DefaultLeadFields() when absent),
// or 1006 naming the first unknown field. "membership" is accepted when
// `allow_membership`.
std::optional<Reply> ResolveFields(const LeadStore& store, const RestRequest& req,
                                   bool allow_membership, std::vector<std::string>* fields);

// The lead restricted to `fields`; fields without a value are omitted, as Marketo does.
rapidjson::Value LeadJson(const Lead& lead, const std::vector<std::string>& fields,
                          rapidjson::Document::AllocatorType& alloc);

// Lead ids from the JSON body {"input":[{"id":n}]} (<= 300), or from the `id` query
// (CSV) when the body is empty. Unparsable ids are returned as 0. 701 when no id is
// given, 1003 when too many, 609/612 for a bad body.
std::optional<Reply> ReadIdInput(const RestRequest& req, std::vector<int64_t>* ids);

// Reads earliestUpdatedAt / latestUpdatedAt (ISO 8601) into the bounds, which default
// to the infinite past / future; 704 for an invalid date.
std::optional<Reply> ReadUpdatedAtRange(const RestRequest& req, absl::Time* earliest,
                                        absl::Time* latest);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_HANDLER_UTIL_H_
