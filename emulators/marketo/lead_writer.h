// Upsert semantics shared by Sync Leads, Push Lead and Submit Form.
#ifndef LEADGW_EMULATORS_MARKETO_LEAD_WRITER_H_
#define LEADGW_EMULATORS_MARKETO_LEAD_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "emulators/marketo/lead_store.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::marketo {

struct UpsertRequest {
  // createOrUpdate | createOnly | updateOnly | createDuplicate.
  std::string action = "createOrUpdate";
  // A searchable field, "id" (updateOnly only) or "mktToken" (Push Lead).
  std::string lookup_field = "email";
  // Empty: the Default partition for new leads and no partition check.
  std::string partition_name;
  // > 0 reproduces Marketo's duplicate hazard: createOrUpdate looks up, releases the
  // store, sleeps this long, then inserts, so overlapping upserts of one new key both
  // insert.
  absl::Duration race_delay = absl::ZeroDuration();
};

// One record's outcome: status created/updated/skipped, reason set when skipped.
struct UpsertResult {
  int64_t id = 0;
  std::string status;
  std::string reason_code;
  std::string reason_message;
};

// Validates and applies one input record. Record-level failures are results, never
// errors: 1003 (invalid data, id with a create action, missing lookup value), 1004
// (updateOnly on a missing lead), 1005 (createOnly on an existing lead), 1006 (unknown
// field), 1001 (wrong value type), 1007 (several leads match), 1008 (unknown
// partition), 1010 (lead in another partition), 1011 (field not usable for lookup).
UpsertResult UpsertLead(LeadStore& store, const UpsertRequest& request,
                        const rapidjson::Value& record);

// Converts a JSON lead object to fields, skipping `ignored` keys. On failure returns
// false and sets the record-level code and message.
bool RecordToFields(const LeadStore& store, const rapidjson::Value& record,
                    const std::vector<std::string>& ignored, FieldMap* fields,
                    std::string* code, std::string* message);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_LEAD_WRITER_H_
