// Request builders for the lead endpoints: neutral requests -> MarketoCall (path, query,
// JSON body). Pure functions; the chunking of writes is write_chunks.h's (begin/end
// ranges), sized here for the bodies whose records can be large (sync, push).
//
// Ids are sent as JSON numbers, as Marketo's examples do; a bad id is INVALID_ARGUMENT
// naming the request field (the service checks "decimal", we check "fits Marketo").
#ifndef LEADGW_BACKENDS_MARKETO_REQUESTS_H_
#define LEADGW_BACKENDS_MARKETO_REQUESTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "backends/marketo/rest_stub.h"
#include "backends/marketo/write_chunks.h"
#include "google/protobuf/repeated_field.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "rapidjson/document.h"

namespace leadgw::backends::marketo {

using FieldList = google::protobuf::RepeatedPtrField<std::string>;

// `text` as Marketo's numeric id; INVALID_ARGUMENT naming `path` unless it is a positive
// decimal that fits 64 bits.
absl::StatusOr<int64_t> ParseId(absl::string_view text, absl::string_view path);

// The ids [begin, end) of the request field `field` as Marketo's input records
// [{"<member>": n}, ...] ("id" for leads and list members, "leadId" for program members).
absl::StatusOr<rapidjson::Value> IdInput(const FieldList& ids, absl::string_view field,
                                         const char* member, int begin, int end,
                                         rapidjson::Document::AllocatorType& allocator);

// The ids [begin, end) of the request field `field` as a CSV of numbers (query `id`).
absl::StatusOr<std::string> IdCsv(const FieldList& ids, absl::string_view field, int begin,
                                  int end);

// Marketo's name of `action` ("createOrUpdate" for UNSPECIFIED).
absl::string_view ActionName(::leadgateway::v1::UpsertAction action);

// `lookup_field`, or Marketo's default "email" when empty.
absl::string_view EffectiveLookupField(absl::string_view lookup_field);

// Adds batchSize (when > 0) and nextPageToken (when non-empty) to `call`.
void AddPaging(MarketoCall& call, int batch_size, absl::string_view next_page_token);

// GET /rest/v1/leads/describe.json (the fallback when describe2 is missing)
MarketoCall DescribeLeadsCall();

// GET /rest/v1/leads/describe2.json
MarketoCall DescribeLeads2Call();

// GET /rest/v1/lead/{id}.json[?fields=a,b]; no `fields` gives Marketo's default fields.
MarketoCall GetLeadCall(absl::string_view id, const FieldList& fields);

// GET /rest/v1/leads.json?filterType&filterValues(CSV)&fields&batchSize&nextPageToken;
// the stub turns it into POST _method=GET when the query is too long.
MarketoCall LeadsByFilterCall(absl::string_view filter_type,
                              absl::Span<const std::string> filter_values, const FieldList& fields,
                              int batch_size, absl::string_view next_page_token);

// POST /rest/v1/leads.json with leads [begin, end): action, lookupField, partitionName,
// asyncProcessing (only when set). Exactly that range, whatever the body's size.
absl::StatusOr<MarketoCall> SyncLeadsCall(const ::leadgateway::v1::UpsertLeadsRequest& request,
                                          int begin, int end);

// Every call of an upsert: at most kMaxPerCall leads and kMaxBodyBytes each
// (BuildSizedChunkCalls; a lead too large alone is an `unsent` chunk).
absl::StatusOr<ChunkedWrite> SyncLeadsCalls(const ::leadgateway::v1::UpsertLeadsRequest& request);

// The error SyncLeadsCall(request, 0, leads_size()) would return, without building its
// body: the up-front check of an upsert whose calls are built later.
absl::Status CheckSyncLeads(const ::leadgateway::v1::UpsertLeadsRequest& request);

// POST /rest/v1/leads/push.json with records [begin, end) (mktToken per record), whatever
// the body's size.
absl::StatusOr<MarketoCall> PushLeadsCall(const ::leadgateway::v1::PushLeadsRequest& request,
                                          int begin, int end);

// Every call of a push, sized like SyncLeadsCalls.
absl::StatusOr<ChunkedWrite> PushLeadsCalls(const ::leadgateway::v1::PushLeadsRequest& request);

// POST /rest/v1/leads/delete.json {"input":[{"id":n}]} with ids [begin, end).
absl::StatusOr<MarketoCall> DeleteLeadsCall(const ::leadgateway::v1::DeleteLeadsRequest& request,
                                            int begin, int end);

// POST /rest/v1/leads/{winner}/merge.json?leadId=|leadIds=&mergeInCRM=true.
MarketoCall MergeLeadsCall(const ::leadgateway::v1::MergeLeadsRequest& request);

// POST /rest/v1/leads/submitForm.json with one input record.
absl::StatusOr<MarketoCall> SubmitFormCall(const ::leadgateway::v1::SubmitFormRequest& request);

// POST /rest/v1/leads/{id}/associate.json?cookie=<URL-encoded _mkto_trk>.
MarketoCall AssociateLeadCall(const ::leadgateway::v1::AssociateWebActivityRequest& request);

// GET /rest/v1/leads/partitions.json
MarketoCall ListPartitionsCall();

// POST /rest/v1/leads/partitions.json {"input":[{"id":n,"partitionName":s}]}, [begin, end).
absl::StatusOr<MarketoCall> UpdatePartitionsCall(
    const ::leadgateway::v1::UpdateLeadPartitionsRequest& request, int begin, int end);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_REQUESTS_H_
