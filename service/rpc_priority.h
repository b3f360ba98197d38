// Which RPCs wait as bulk work when upstream capacity is short (docs/reliability.md):
// server-streaming walks always, and unary RPCs carrying more than kInteractiveMaxRecords
// records or filter values. Everything else (single-record reads and small writes, the
// calls a person or an online flow waits on) is interactive and is served first.
#ifndef LEADGW_SERVICE_RPC_PRIORITY_H_
#define LEADGW_SERVICE_RPC_PRIORITY_H_

#include "backends/lead_backend.h"

namespace leadgw::service {

inline constexpr int kInteractiveMaxRecords = 10;

// The number of records (or filter values) a request carries; 1 for the others.
template <typename Request>
int RecordCount(const Request&) {
  return 1;
}
inline int RecordCount(const v1::QueryLeadsRequest& r) { return r.filter_values_size(); }
inline int RecordCount(const v1::UpsertLeadsRequest& r) { return r.leads_size(); }
inline int RecordCount(const v1::DeleteLeadsRequest& r) { return r.ids_size(); }
inline int RecordCount(const v1::PushLeadsRequest& r) { return r.records_size(); }
inline int RecordCount(const v1::UpdateLeadPartitionsRequest& r) { return r.assignments_size(); }
inline int RecordCount(const v1::CreateLeadFieldsRequest& r) { return r.fields_size(); }
inline int RecordCount(const v1::StaticListMembersRequest& r) { return r.lead_ids_size(); }
inline int RecordCount(const v1::SetProgramMemberStatusRequest& r) { return r.lead_ids_size(); }
inline int RecordCount(const v1::CreateCompaniesRequest& r) { return r.companies_size(); }
inline int RecordCount(const v1::UpdateCompaniesRequest& r) { return r.companies_size(); }
inline int RecordCount(const v1::CreateBusinessCardsRequest& r) { return r.cards_size(); }
inline int RecordCount(const v1::UpdateBusinessCardsRequest& r) { return r.cards_size(); }

template <typename Request>
backends::CallPriority UnaryPriority(const Request& request) {
  return RecordCount(request) > kInteractiveMaxRecords ? backends::CallPriority::kBulk
                                                       : backends::CallPriority::kInteractive;
}

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_RPC_PRIORITY_H_
