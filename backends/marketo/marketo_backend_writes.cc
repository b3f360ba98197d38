// MarketoBackend writes: upsert (sync), push, delete, partition moves, merge, submit form,
// associate, with the duplicate guard around the calls that look a lead up before creating.
#include <algorithm>
#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/common/call_coalescer.h"
#include "backends/marketo/lead_json.h"
#include "backends/marketo/requests.h"
#include "backends/marketo/responses.h"
#include "backends/marketo/marketo_backend.h"
#include "backends/marketo/paging.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {
namespace {

// The duplicate-guard key of each of `values`, in order: "" for a record without a value
// (it takes none).
std::vector<std::string> RecordGuardKeys(absl::string_view connection,
                                         absl::string_view lookup_field,
                                         const std::vector<std::optional<std::string>>& values) {
  const std::string prefix = common::MakeSerializationKey({connection, lookup_field});
  std::vector<std::string> keys;
  keys.reserve(values.size());
  for (const std::optional<std::string>& value : values) {
    keys.push_back(value.has_value() && !value->empty() ? common::MakeLookupKey(prefix, *value)
                                                        : std::string());
  }
  return keys;
}

// The keys among `record_keys` [begin, end), moved out (each range is taken once).
std::vector<std::string> TakeKeys(std::vector<std::string>& record_keys, int begin, int end) {
  std::vector<std::string> keys;
  keys.reserve(end - begin);
  for (int i = begin; i < end; ++i) {
    if (!record_keys[i].empty()) keys.push_back(std::move(record_keys[i]));
  }
  return keys;
}

// The duplicate-guard keys of `values` (records without a value take none).
std::vector<std::string> GuardKeys(absl::string_view connection, absl::string_view lookup_field,
                                   const std::vector<std::optional<std::string>>& values) {
  std::vector<std::string> keys = RecordGuardKeys(connection, lookup_field, values);
  return TakeKeys(keys, 0, static_cast<int>(keys.size()));
}

std::vector<std::optional<std::string>> LeadLookupValues(const v1::UpsertLeadsRequest& request,
                                                         absl::string_view lookup) {
  std::vector<std::optional<std::string>> values;
  values.reserve(request.leads_size());
  for (const v1::Lead& lead : request.leads()) values.push_back(LookupValue(lead, lookup));
  return values;
}

// Everything a write call carries besides its records: what writes must share to share a
// call (the coalescer keeps priorities apart itself).
std::string Shape(absl::string_view operation,
                  std::initializer_list<absl::string_view> parameters) {
  return absl::StrCat(common::MakeSerializationKey({operation}),
                      common::MakeSerializationKey(parameters));
}

// The lookup values of push records [begin, end): the mktToken when the push is keyed by
// it, else the lead's lookup field.
std::vector<std::optional<std::string>> PushLookupValues(const v1::PushLeadsRequest& request,
                                                         absl::string_view lookup, int begin,
                                                         int end) {
  std::vector<std::optional<std::string>> out;
  for (int i = begin; i < end; ++i) {
    const v1::PushLeadRecord& record = request.records(i);
    out.push_back(lookup == "mktToken" && !record.mkt_token().empty()
                      ? std::optional<std::string>(record.mkt_token())
                      : LookupValue(record.lead(), lookup));
  }
  return out;
}

template <typename T>
using Repeated = google::protobuf::RepeatedPtrField<T>;

// One request of a batch's `requests` (alike but for their records): the first's other
// fields, and every request's `records` in order.
template <typename Request, typename Records>
Request Concatenated(const std::vector<const Request*>& requests,
                     const Records& (Request::*records)() const,
                     Records* (Request::*mutable_records)()) {
  Request merged = *requests.front();
  for (size_t i = 1; i < requests.size(); ++i) {
    (merged.*mutable_records)()->MergeFrom((requests[i]->*records)());
  }
  return merged;
}

// Only createOrUpdate looks up and then creates; createOnly is atomic upstream,
// updateOnly never creates and createDuplicate creates on purpose.
bool GuardsDuplicates(v1::UpsertAction action) {
  return action == v1::UPSERT_ACTION_UNSPECIFIED || action == v1::UPSERT_ACTION_CREATE_OR_UPDATE;
}

}  // namespace

absl::StatusOr<std::vector<common::KeyedSerializer::Lease>> MarketoBackend::LockLookupKeys(
    absl::string_view lookup_field, const std::vector<std::optional<std::string>>& values,
    absl::Time deadline) {
  // AcquireAll takes them sorted and unique: two calls sharing keys take them in the same
  // order, so neither can hold one the other waits for while waiting for one the other holds.
  return upsert_keys_.AcquireAll(GuardKeys(connection_, lookup_field, values), deadline);
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::SendChunks(const CallContext& ctx,
                                                             const ChunkedWrite& write,
                                                             const ChunkGuardKeys& guard_keys,
                                                             absl::string_view id_member) {
  return RunChunkedWrites(
      write.chunks, [&](int begin, int end) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        std::vector<std::string> keys;
        if (guard_keys) keys = guard_keys(begin, end);
        // AcquireAll takes them sorted and unique (see LockLookupKeys).
        LEADGW_ASSIGN_OR_RETURN(auto leases,
                                upsert_keys_.AcquireAll(std::move(keys), ctx.deadline));
        LEADGW_ASSIGN_OR_RETURN(Envelope envelope, stub_.Call(write.CallAt(begin), ctx));
        return ParseRecordResults(envelope, begin, end - begin, id_member);
      });
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::UpsertLeads(
    const CallContext& ctx, const v1::UpsertLeadsRequest& request) {
  const int count = request.leads_size();
  if (!coalescer_.Coalesces(count)) return SyncLeads(ctx, request);
  // A bad record is rejected now, naming its index in the caller's own request.
  LEADGW_RETURN_IF_ERROR(CheckSyncLeads(request));
  // Every action keeps two records of one key out of one call (what the upstream does
  // with such a pair in one call is not documented); only createOrUpdate also holds the
  // keys' leases while its call runs (SyncLeads).
  const absl::string_view lookup = EffectiveLookupField(request.lookup_field());
  std::vector<std::string> record_keys =
      RecordGuardKeys(connection_, lookup, LeadLookupValues(request, lookup));
  std::vector<std::string> keys;
  keys.reserve(record_keys.size());
  for (const std::string& key : record_keys) {
    if (!key.empty()) keys.push_back(key);
  }
  return common::WriteCoalesced<v1::UpsertLeadsRequest>(
      coalescer_,
      // asyncProcessing is part of the shape: one call is either async or not, and a
      // synchronous caller must not get an async answer (no ids).
      Shape("upsert_leads",
            {ActionName(request.action()), request.lookup_field(), request.partition_name(),
             request.async_processing() ? "async" : "sync"}),
      "UpsertLeads", ctx, request, count, std::move(keys),
      [](const std::vector<const v1::UpsertLeadsRequest*>& requests) {
        return Concatenated<v1::UpsertLeadsRequest, Repeated<v1::Lead>>(
            requests, &v1::UpsertLeadsRequest::leads, &v1::UpsertLeadsRequest::mutable_leads);
      },
      [this, &request, &record_keys](const CallContext& shared,
                                     const v1::UpsertLeadsRequest& merged) {
        // Sent alone (this caller leads its batch), the request's keys serve again.
        return SyncLeads(shared, merged, &merged == &request ? &record_keys : nullptr);
      });
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::SyncLeads(const CallContext& ctx,
                                                            const v1::UpsertLeadsRequest& request,
                                                            std::vector<std::string>* record_keys) {
  LEADGW_ASSIGN_OR_RETURN(ChunkedWrite calls, SyncLeadsCalls(request));
  if (!GuardsDuplicates(request.action())) return SendChunks(ctx, calls, nullptr);
  std::vector<std::string> computed;
  if (record_keys == nullptr) {
    const absl::string_view lookup = EffectiveLookupField(request.lookup_field());
    computed = RecordGuardKeys(connection_, lookup, LeadLookupValues(request, lookup));
    record_keys = &computed;
  }
  return SendChunks(ctx, calls,
                    [record_keys](int begin, int end) { return TakeKeys(*record_keys, begin, end); });
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::PushLeads(const CallContext& ctx,
                                                            const v1::PushLeadsRequest& request) {
  const int count = request.records_size();
  if (!coalescer_.Coalesces(count)) return PushLeadsNow(ctx, request);
  LEADGW_RETURN_IF_ERROR(PushLeadsCall(request, 0, count).status());
  const absl::string_view lookup = EffectiveLookupField(request.lookup_field());
  return common::WriteCoalesced<v1::PushLeadsRequest>(
      coalescer_,
      Shape("push_leads",
            {request.program_name(), request.source(), request.reason(), request.lookup_field(),
             request.partition_name(), request.program_status()}),
      "PushLeads", ctx, request, count,
      GuardKeys(connection_, lookup, PushLookupValues(request, lookup, 0, count)),
      [](const std::vector<const v1::PushLeadsRequest*>& requests) {
        return Concatenated<v1::PushLeadsRequest, Repeated<v1::PushLeadRecord>>(
            requests, &v1::PushLeadsRequest::records, &v1::PushLeadsRequest::mutable_records);
      },
      [this](const CallContext& shared, const v1::PushLeadsRequest& merged) {
        return PushLeadsNow(shared, merged);
      });
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::PushLeadsNow(
    const CallContext& ctx, const v1::PushLeadsRequest& request) {
  LEADGW_ASSIGN_OR_RETURN(ChunkedWrite calls, PushLeadsCalls(request));
  // Push is always an upsert keyed by its lookup field: guarded like createOrUpdate.
  const absl::string_view lookup = EffectiveLookupField(request.lookup_field());
  return SendChunks(ctx, calls, [&](int begin, int end) {
    return GuardKeys(connection_, lookup, PushLookupValues(request, lookup, begin, end));
  });
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::DeleteLeads(
    const CallContext& ctx, const v1::DeleteLeadsRequest& request) {
  const int count = request.ids_size();
  if (!coalescer_.Coalesces(count)) return DeleteLeadsNow(ctx, request);
  LEADGW_RETURN_IF_ERROR(DeleteLeadsCall(request, 0, count).status());
  return common::WriteCoalesced<v1::DeleteLeadsRequest>(
      coalescer_, Shape("delete_leads", {}), "DeleteLeads", ctx, request, count,
      std::vector<std::string>(request.ids().begin(), request.ids().end()),
      [](const std::vector<const v1::DeleteLeadsRequest*>& requests) {
        return Concatenated<v1::DeleteLeadsRequest, Repeated<std::string>>(
            requests, &v1::DeleteLeadsRequest::ids, &v1::DeleteLeadsRequest::mutable_ids);
      },
      [this](const CallContext& shared, const v1::DeleteLeadsRequest& merged) {
        return DeleteLeadsNow(shared, merged);
      });
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::DeleteLeadsNow(
    const CallContext& ctx, const v1::DeleteLeadsRequest& request) {
  const int count = request.ids_size();
  LEADGW_ASSIGN_OR_RETURN(ChunkedWrite calls,
                          BuildChunkCalls(count, [&](int begin, int end) {
                            return DeleteLeadsCall(request, begin, end);
                          }));
  return SendChunks(ctx, calls, nullptr);
}

absl::StatusOr<v1::WriteResponse> MarketoBackend::UpdateLeadPartitions(
    const CallContext& ctx, const v1::UpdateLeadPartitionsRequest& request) {
  const int count = request.assignments_size();
  LEADGW_ASSIGN_OR_RETURN(ChunkedWrite calls,
                          BuildChunkCalls(count, [&](int begin, int end) {
                            return UpdatePartitionsCall(request, begin, end);
                          }));
  return SendChunks(ctx, calls, nullptr);
}

absl::StatusOr<v1::MergeLeadsResponse> MarketoBackend::MergeLeads(
    const CallContext& ctx, const v1::MergeLeadsRequest& request) {
  LEADGW_RETURN_IF_ERROR(stub_.Call(MergeLeadsCall(request), ctx).status());
  v1::MergeLeadsResponse response;
  response.set_winner_id(request.winner_id());
  return response;
}

absl::StatusOr<v1::SubmitFormResponse> MarketoBackend::SubmitForm(
    const CallContext& ctx, const v1::SubmitFormRequest& request) {
  LEADGW_ASSIGN_OR_RETURN(MarketoCall call, SubmitFormCall(request));
  // A form fill is an email-keyed upsert upstream: guarded like createOrUpdate.
  std::vector<std::optional<std::string>> email;
  auto it = request.form_fields().find("email");
  if (it != request.form_fields().end() && it->second.has_string_value()) {
    email.push_back(it->second.string_value());
  }
  LEADGW_ASSIGN_OR_RETURN(auto leases, LockLookupKeys("email", email, ctx.deadline));
  LEADGW_ASSIGN_OR_RETURN(Envelope envelope, stub_.Call(call, ctx));
  v1::SubmitFormResponse response;
  *response.mutable_result() = ParseRecordResults(envelope, 0, 1, "id").front();
  return response;
}

absl::StatusOr<v1::AssociateWebActivityResponse> MarketoBackend::AssociateWebActivity(
    const CallContext& ctx, const v1::AssociateWebActivityRequest& request) {
  LEADGW_RETURN_IF_ERROR(stub_.Call(AssociateLeadCall(request), ctx).status());
  return v1::AssociateWebActivityResponse();
}

}  // namespace leadgw::backends::marketo
