// Response parsers for memberships and the lead field schema.
#ifndef LEADGW_BACKENDS_MARKETO_CATALOG_RESPONSES_H_
#define LEADGW_BACKENDS_MARKETO_CATALOG_RESPONSES_H_

#include <vector>

#include "absl/status/statusor.h"
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

// One schema field object {name, displayName, description, dataType, length, isHidden,
// isHtmlEncodingInEmail, isSensitive, isCustom}.
absl::StatusOr<::leadgateway::v1::LeadField> ParseSchemaField(const rapidjson::Value& json);

// Every field of a schema answer (get by name, browse).
absl::StatusOr<std::vector<::leadgateway::v1::LeadField>> ParseSchemaFields(
    const Envelope& envelope, absl::string_view what);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_CATALOG_RESPONSES_H_
