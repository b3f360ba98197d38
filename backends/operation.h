// The operations a backend may implement, with their RPC names and metric-safe labels.
//
// One table serves capabilities (GetConnection.supported_methods), UNIMPLEMENTED messages,
// and metric labels (a bounded set). Whether an upstream call may be repeated is decided per
// call by the adapter that builds it, not per operation here.
#ifndef LEADGW_BACKENDS_OPERATION_H_
#define LEADGW_BACKENDS_OPERATION_H_

#include <array>
#include <cstddef>

#include "absl/strings/string_view.h"

namespace leadgw::backends {

enum class Operation {
  kDescribeLeads,
  kGetLead,
  kQueryLeads,
  kUpsertLeads,
  kDeleteLeads,
  kMergeLeads,
  kPushLeads,
  kSubmitForm,
  kAssociateWebActivity,
  kListLeadPartitions,
  kUpdateLeadPartitions,
  kGetLeadField,
  kListLeadFields,
  kCreateLeadFields,
  kUpdateLeadField,
  kListStaticListMembers,
  kListLeadStaticLists,
  kListProgramMembers,
  kListLeadPrograms,
  kListLeadSmartCampaigns,
  kAddStaticListMembers,
  kRemoveStaticListMembers,
  kCheckStaticListMembership,
  kSetProgramMemberStatus,
  kCreateCompanies,
  kUpdateCompanies,
  kSearchCompanies,
  kCreateBusinessCards,
  kUpdateBusinessCards,
  kSearchBusinessCards,
};

inline constexpr size_t kOperationCount = static_cast<size_t>(Operation::kSearchBusinessCards) + 1;

struct OperationInfo {
  Operation operation;
  // snake_case name, used in logs and as a metric label ("upsert_leads").
  absl::string_view name;
  // Fully-qualified unary RPC ("leadgateway.v1.LeadService/UpsertLeads").
  absl::string_view rpc;
  // Fully-qualified server-streaming RPC that walks the pages of this operation, or
  // empty when there is none.
  absl::string_view stream_rpc;
};

// Every operation, in enum order.
const std::array<OperationInfo, kOperationCount>& AllOperations();

// The entry of `op`.
const OperationInfo& Info(Operation op);

// True for operations that change upstream state (creates, updates, deletes, merges,
// pushes, form fill-outs, associations): the RPCs an idempotency key applies to.
bool IsWrite(Operation op);

}  // namespace leadgw::backends

#endif  // LEADGW_BACKENDS_OPERATION_H_
