// Response parsers for memberships and the lead field schema.
#ifndef LEADGW_BACKENDS_MARKETO_CATALOG_RESPONSES_H_
#define LEADGW_BACKENDS_MARKETO_CATALOG_RESPONSES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/repeated_field.h"
#include "backends/marketo/envelope.h"
#include "leadgateway/v1/lead.pb.h"
#include "leadgateway/v1/membership_service.pb.h"
#include "rapidjson/document.h"

namespace leadgw::backends::marketo {

// listMembership.json: {listId, createdAt, updatedAt}.
absl::StatusOr<std::vector<::leadgateway::v1::StaticListMembership>> ParseStaticListMemberships(
    const Envelope& envelope);

// programMembership.json: {id (the program), progressionStatus, acquiredBy, ...}.
absl::StatusOr<std::vector<::leadgateway::v1::ProgramMembership>> ParseProgramMemberships(
    const Envelope& envelope);

// smartCampaignMembership.json: {smartCampaignId, createdAt, updatedAt}.
absl::StatusOr<std::vector<::leadgateway::v1::SmartCampaignMembership>> ParseSmartCampaigns(
    const Envelope& envelope);

// leads/programs/{id}.json: leads, each with a `membership` object (removed from the
// lead's custom_fields). `program_id` fills membership.program_id (the answer's
// membership.id is not documented to be the program).
absl::StatusOr<std::vector<::leadgateway::v1::ProgramMember>> ParseProgramMembers(
    const Envelope& envelope, absl::string_view program_id);

// ismember.json results for the lead ids [begin, end) of a request, aligned by position:
// memberof -> MEMBER, notmemberof -> NOT_MEMBER, skipped -> SKIPPED with its reasons; a
// missing, unreadable or unknown result -> UNKNOWN with a "gateway.*" reason. `lead_id` is
// the requested id.
std::vector<::leadgateway::v1::ListMembershipCheck> ParseMembershipChecks(
    const Envelope& envelope, const google::protobuf::RepeatedPtrField<std::string>& lead_ids,
    int begin, int end);

// One schema field object {name, displayName, description, dataType, length, isHidden,
// isHtmlEncodingInEmail, isSensitive, isCustom}.
absl::StatusOr<::leadgateway::v1::LeadField> ParseSchemaField(const rapidjson::Value& json);

// Every field of a schema answer (get by name, browse).
absl::StatusOr<std::vector<::leadgateway::v1::LeadField>> ParseSchemaFields(
    const Envelope& envelope, absl::string_view what);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_CATALOG_RESPONSES_H_
