// MarketoBackend: memberships (static lists, programs, smart campaigns) and the lead
// field schema. Listing page tokens are Marketo's own nextPageToken.
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/marketo/catalog_requests.h"
#include "backends/marketo/catalog_responses.h"
#include "backends/marketo/errors.h"
#include "backends/marketo/responses.h"
#include "backends/marketo/marketo_backend.h"
#include "backends/marketo/paging.h"
#include "upstream/upstream_error.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {
namespace {

// Marketo's nextPageToken when another page follows, else "" (the last page).
std::string NextToken(const Envelope& envelope) {
  return envelope.HasMorePages() ? envelope.next_page_token : "";
}

// One page of a listing: `parse` reads the items of the answer, `add(response)` makes
// room for each, and Marketo's token becomes the next cursor.
template <typename Response, typename Parse, typename Add>
absl::StatusOr<Response> ListPage(MarketoRestStub& stub, const MarketoCall& call,
                                  const CallContext& ctx, Parse parse, Add add) {
  LEADGW_ASSIGN_OR_RETURN(Envelope envelope, stub.Call(call, ctx));
  LEADGW_ASSIGN_OR_RETURN(auto items, parse(envelope));
  Response response;
  for (auto& item : items) *add(response) = std::move(item);
  response.set_next_page_token(NextToken(envelope));
  return response;
}

// Marketo names an unknown schema field with 1006 ("Field not found"): for calls by
// field name that is NOT_FOUND, not an invalid argument.
absl::Status UnknownFieldIsNotFound(const absl::Status& status) {
  if (upstream::UpstreamCode(status) == "1006") {
    return Restated(status, absl::StatusCode::kNotFound, status.message());
  }
  return status;
}

}  // namespace

absl::StatusOr<v1::ListStaticListMembersResponse> MarketoBackend::ListStaticListMembers(
    const CallContext& ctx, const v1::ListStaticListMembersRequest& request) {
  return ListPage<v1::ListStaticListMembersResponse>(
      stub_, StaticListMembersCall(request, BatchSize(request.page_size())), ctx,
      [](const Envelope& e) { return ParseLeads(e, "get_leads_by_list"); },
      [](auto& response) { return response.add_leads(); });
}

absl::StatusOr<v1::ListLeadStaticListsResponse> MarketoBackend::ListLeadStaticLists(
    const CallContext& ctx, const v1::ListLeadStaticListsRequest& request) {
  return ListPage<v1::ListLeadStaticListsResponse>(
      stub_, LeadStaticListsCall(request, BatchSize(request.page_size())), ctx,
      ParseStaticListMemberships, [](auto& response) { return response.add_memberships(); });
}

absl::StatusOr<v1::ListProgramMembersResponse> MarketoBackend::ListProgramMembers(
    const CallContext& ctx, const v1::ListProgramMembersRequest& request) {
  return ListPage<v1::ListProgramMembersResponse>(
      stub_, ProgramMembersCall(request, BatchSize(request.page_size())), ctx,
      [&](const Envelope& e) { return ParseProgramMembers(e, request.program_id()); },
      [](auto& response) { return response.add_members(); });
}

absl::StatusOr<v1::ListLeadProgramsResponse> MarketoBackend::ListLeadPrograms(
    const CallContext& ctx, const v1::ListLeadProgramsRequest& request) {
  return ListPage<v1::ListLeadProgramsResponse>(
      stub_, LeadProgramsCall(request, BatchSize(request.page_size())), ctx,
      ParseProgramMemberships, [](auto& response) { return response.add_memberships(); });
}

absl::StatusOr<v1::ListLeadSmartCampaignsResponse> MarketoBackend::ListLeadSmartCampaigns(
    const CallContext& ctx, const v1::ListLeadSmartCampaignsRequest& request) {
  return ListPage<v1::ListLeadSmartCampaignsResponse>(
      stub_, LeadSmartCampaignsCall(request, BatchSize(request.page_size())), ctx,
      ParseSmartCampaigns, [](auto& response) { return response.add_smart_campaigns(); });
}

absl::StatusOr<v1::LeadField> MarketoBackend::GetLeadField(const CallContext& ctx,
                                                           const v1::GetLeadFieldRequest& request) {
  absl::StatusOr<Envelope> envelope = stub_.Call(GetLeadFieldCall(request.name()), ctx);
  if (!envelope.ok()) return UnknownFieldIsNotFound(envelope.status());
  LEADGW_ASSIGN_OR_RETURN(std::vector<v1::LeadField> fields,
                          ParseSchemaFields(*envelope, "get_lead_field"));
  if (fields.empty()) {
    return absl::NotFoundError(absl::StrCat("marketo: no lead field named ", request.name()));
  }
  return std::move(fields.front());
}

absl::StatusOr<v1::ListLeadFieldsResponse> MarketoBackend::ListLeadFields(
    const CallContext& ctx, const v1::ListLeadFieldsRequest& request) {
  return ListPage<v1::ListLeadFieldsResponse>(
      stub_, ListLeadFieldsCall(BatchSize(request.page_size()), request.page_token()), ctx,
      [](const Envelope& e) { return ParseSchemaFields(e, "get_lead_fields"); },
      [](auto& response) { return response.add_fields(); });
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::CreateLeadFields(
    const CallContext& ctx, const v1::CreateLeadFieldsRequest& request) {
  // At most 100 fields (service validation), so one call.
  LEADGW_ASSIGN_OR_RETURN(Envelope envelope,
                          stub_.Call(CreateLeadFieldsCall(request), ctx));
  v1::WriteResponse response;
  for (v1::RecordResult& result : ParseRecordResults(envelope, 0, request.fields_size(), "name")) {
    *response.add_results() = std::move(result);
  }
  return response;
}

absl::StatusOr<v1::RecordResult> MarketoBackend::UpdateLeadField(
    const CallContext& ctx, const v1::UpdateLeadFieldRequest& request) {
  absl::StatusOr<Envelope> envelope = stub_.Call(UpdateLeadFieldCall(request), ctx);
  if (!envelope.ok()) return UnknownFieldIsNotFound(envelope.status());
  v1::RecordResult result = ParseRecordResults(*envelope, 0, 1, "name").front();
  if (result.id().empty()) result.set_id(request.name());
  return result;
}

}  // namespace leadgw::backends::marketo
