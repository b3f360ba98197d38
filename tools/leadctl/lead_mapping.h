// Input fields onto the neutral Lead (proto/leadgateway/v1/lead.proto): a name that is a
// typed Lead field ("email", "first_name") or an Address field written "address.<name>"
// ("address.city", the names DescribeLeads gives as `neutral_name`) sets that field; any
// other name goes into `custom_fields` under that API name, for the backend to accept or
// refuse per record. The gateway's own rules (lengths, email form, output-only fields) are
// not repeated here: it reports them naming the record.
#ifndef LEADGW_TOOLS_LEADCTL_LEAD_MAPPING_H_
#define LEADGW_TOOLS_LEADCTL_LEAD_MAPPING_H_

#include "absl/status/statusor.h"
#include "leadgateway/v1/lead.pb.h"
#include "tools/leadctl/input_record.h"

namespace leadgw::leadctl {

// INVALID_ARGUMENT when a typed field gets a value of the wrong kind (a number for
// `email` from JSON, "abc" for address.prefecture_code) or a field no file can set
// (tags, created_at, ...).
absl::StatusOr<leadgateway::v1::Lead> LeadFromFields(const FieldList& fields);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_LEAD_MAPPING_H_
