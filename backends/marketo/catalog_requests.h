// Request builders for memberships (static lists, programs, smart campaigns) and the lead
// field schema. Pure functions; paging parameters via AddPaging (requests.h).
#ifndef LEADGW_BACKENDS_MARKETO_CATALOG_REQUESTS_H_
#define LEADGW_BACKENDS_MARKETO_CATALOG_REQUESTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/marketo/requests.h"
#include "backends/marketo/rest_stub.h"
#include "leadgateway/v1/field_service.pb.h"
#include "leadgateway/v1/membership_service.pb.h"

namespace leadgw::backends::marketo {

// GET /rest/v1/lists/{listId}/leads.json (fields, batchSize, nextPageToken).
MarketoCall StaticListMembersCall(const ::leadgateway::v1::ListStaticListMembersRequest& request,
                                  int batch_size);

// GET /rest/v1/leads/{id}/listMembership.json
MarketoCall LeadStaticListsCall(const ::leadgateway::v1::ListLeadStaticListsRequest& request,
                                int batch_size);

// GET /rest/v1/leads/programs/{programId}.json. With `fields` given, "membership" is added
// to them: the neutral answer always carries the membership.
MarketoCall ProgramMembersCall(const ::leadgateway::v1::ListProgramMembersRequest& request,
                               int batch_size);

// GET /rest/v1/leads/{id}/programMembership.json[?filterType=programId&filterValues=...]
MarketoCall LeadProgramsCall(const ::leadgateway::v1::ListLeadProgramsRequest& request,
                             int batch_size);

// GET /rest/v1/leads/{id}/smartCampaignMembership.json
MarketoCall LeadSmartCampaignsCall(const ::leadgateway::v1::ListLeadSmartCampaignsRequest& request,
                                   int batch_size);

// Membership writes and checks take the lead ids [begin, end) of the request (the caller
// slices at kMaxPerCall); a lead id that is not a positive 64-bit number is
// INVALID_ARGUMENT naming lead_ids[i].

// POST /rest/v1/lists/{listId}/leads.json {"input":[{"id":n}]}. Not idempotent.
absl::StatusOr<MarketoCall> AddToListCall(const ::leadgateway::v1::StaticListMembersRequest& request,
                                          int begin, int end);

// DELETE /rest/v1/lists/{listId}/leads.json?id=n,m (the ids in the query: a DELETE body is
// what intermediaries most often drop). Not idempotent.
absl::StatusOr<MarketoCall> RemoveFromListCall(
    const ::leadgateway::v1::StaticListMembersRequest& request, int begin, int end);

// GET /rest/v1/lists/{listId}/leads/ismember.json?id=n,m
absl::StatusOr<MarketoCall> IsMemberOfListCall(
    const ::leadgateway::v1::StaticListMembersRequest& request, int begin, int end);

// POST /rest/v1/programs/{programId}/members/status.json
// {"statusName":s,"input":[{"leadId":n}]}. Not idempotent.
absl::StatusOr<MarketoCall> SyncProgramMemberStatusCall(
    const ::leadgateway::v1::SetProgramMemberStatusRequest& request, int begin, int end);

// GET /rest/v1/leads/schema/fields/{name}.json
MarketoCall GetLeadFieldCall(absl::string_view name);

// GET /rest/v1/leads/schema/fields.json (batchSize, nextPageToken)
MarketoCall ListLeadFieldsCall(int batch_size, absl::string_view next_page_token);

// POST /rest/v1/leads/schema/fields.json {"input":[{displayName,name,dataType,...}]}
MarketoCall CreateLeadFieldsCall(const ::leadgateway::v1::CreateLeadFieldsRequest& request);

// POST /rest/v1/leads/schema/fields/{name}.json {"input":[{...attributes given...}]}
MarketoCall UpdateLeadFieldCall(const ::leadgateway::v1::UpdateLeadFieldRequest& request);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_CATALOG_REQUESTS_H_
