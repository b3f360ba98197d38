// The batching behind `leadctl upsert`: every input record ends with exactly one
// RecordOutcome, in input order, whatever happens to the others.
//   - A malformed record (unreadable line, a field of the wrong kind) is reported and
//     never sent.
//   - Records go in UpsertLeads requests of at most `batch_size`.
//   - The gateway refuses a whole request when one record breaks its contract
//     (INVALID_ARGUMENT naming "leads[i]..." in google.rpc.BadRequest): that record is
//     reported with the gateway's reason and the rest of the batch is sent again without
//     it. The gateway's rules are thus applied by the gateway alone, never copied here.
//   - Any other RPC failure stops the run: that batch and every later record are reported
//     as not written, and the failure decides the exit code.
#ifndef LEADGW_TOOLS_LEADCTL_UPSERT_RUNNER_H_
#define LEADGW_TOOLS_LEADCTL_UPSERT_RUNNER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "tools/leadctl/input_record.h"
#include "tools/leadctl/progress.h"
#include "tools/leadctl/record_file.h"

namespace leadgw::leadctl {

struct BatchReply {
  grpc::Status status;
  leadgateway::v1::WriteResponse response;
};

// Sends one UpsertLeads request (a real stub call, or a fake in tests).
using SendUpsertBatch = std::function<BatchReply(const leadgateway::v1::UpsertLeadsRequest&)>;

struct UpsertRun {
  std::vector<RecordOutcome> outcomes;  // one per input record, in input order
  absl::Status rpc_failure;             // the failure that stopped the run, if any
};

// `request_template` carries connection, action, lookup field and partition; its leads
// are ignored.
UpsertRun UpsertRecords(const std::vector<InputRecord>& records,
                        const leadgateway::v1::UpsertLeadsRequest& request_template,
                        int batch_size, const SendUpsertBatch& send, Progress& progress);

// The index i of a refused request's "leads[i]..." field, from google.rpc.BadRequest in
// the status details, else from the message's "<field>: <problem>" form.
std::optional<int> RefusedLeadIndex(const grpc::Status& status);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_UPSERT_RUNNER_H_
