// MarketoBackend: static-list and program membership writes, and the static-list
// membership check. Every call carries at most kMaxPerCall lead ids.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/marketo/catalog_requests.h"
#include "backends/marketo/catalog_responses.h"
#include "backends/marketo/errors.h"
#include "backends/marketo/marketo_backend.h"
#include "backends/marketo/paging.h"
#include "backends/marketo/requests.h"
#include "common/status_macros.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

// Marketo answers an unknown list or program with 1013 ("not found") for the whole call;
// its message need not say which, so the caller is told.
absl::Status NamingMissing(const absl::Status& status, absl::string_view what,
                           absl::string_view id) {
  if (upstream::UpstreamCode(status) != "1013") return status;
  return Restated(status, absl::StatusCode::kNotFound,
                  absl::StrCat("marketo: ", what, " ", id, " not found: ", status.message()));
}

}  // namespace

absl::StatusOr<v1::WriteResponse> MarketoBackend::WriteMembership(
    const CallContext& ctx, const google::protobuf::RepeatedPtrField<std::string>& lead_ids,
    const ChunkCallBuilder& build, absl::string_view id_member, absl::string_view what,
    absl::string_view id) {
  const int count = lead_ids.size();
  LEADGW_ASSIGN_OR_RETURN(ChunkedWrite calls, BuildChunkCalls(count, build));
  absl::StatusOr<v1::WriteResponse> response = SendChunks(ctx, calls, nullptr, id_member);
  if (!response.ok()) return NamingMissing(response.status(), what, id);
  for (v1::RecordResult& result : *response->mutable_results()) {
    if (result.id().empty()) result.set_id(lead_ids[result.index()]);
  }
  return response;
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::AddStaticListMembers(
    const CallContext& ctx, const v1::StaticListMembersRequest& request) {
  return WriteMembership(
      ctx, request.lead_ids(),
      [&](int begin, int end) { return AddToListCall(request, begin, end); }, "id",
      "static list", request.list_id());
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::RemoveStaticListMembers(
    const CallContext& ctx, const v1::StaticListMembersRequest& request) {
  return WriteMembership(
      ctx, request.lead_ids(),
      [&](int begin, int end) { return RemoveFromListCall(request, begin, end); }, "id",
      "static list", request.list_id());
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::SetProgramMemberStatus(
    const CallContext& ctx, const v1::SetProgramMemberStatusRequest& request) {
  return WriteMembership(
      ctx, request.lead_ids(),
      [&](int begin, int end) { return SyncProgramMemberStatusCall(request, begin, end); },
      "leadId", "program", request.program_id());
}

absl::StatusOr<v1::CheckStaticListMembershipResponse> MarketoBackend::CheckStaticListMembership(
    const CallContext& ctx, const v1::StaticListMembersRequest& request) {
  const int count = request.lead_ids_size();
  LEADGW_ASSIGN_OR_RETURN(ChunkedWrite calls,
                          BuildChunkCalls(count, [&](int begin, int end) {
                            return IsMemberOfListCall(request, begin, end);
                          }));
  v1::CheckStaticListMembershipResponse response;
  for (size_t k = 0; k < calls.chunks.size(); ++k) {
    absl::StatusOr<Envelope> envelope = stub_.Call(calls.calls[k], ctx);
    if (!envelope.ok()) return NamingMissing(envelope.status(), "static list", request.list_id());
    const ChunkRange& chunk = calls.chunks[k];
    for (v1::ListMembershipCheck& check :
         ParseMembershipChecks(*envelope, request.lead_ids(), chunk.begin, chunk.end)) {
      *response.add_checks() = std::move(check);
    }
  }
  return response;
}

}  // namespace leadgw::backends::marketo
