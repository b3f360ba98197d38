#include "tools/leadctl/upsert_runner.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tools/grpc_call/cli_status.h"
#include "tools/leadctl/lead_mapping.h"

namespace leadgw::leadctl {
namespace {

using leadgateway::v1::Lead;
using leadgateway::v1::UpsertLeadsRequest;

constexpr absl::string_view kLeadsPrefix = "leads[";

std::optional<int> IndexOfLeadsPath(absl::string_view path) {
  if (!absl::ConsumePrefix(&path, kLeadsPrefix)) return std::nullopt;
  const size_t close = path.find(']');
  int index = 0;
  if (close == absl::string_view::npos || !absl::SimpleAtoi(path.substr(0, close), &index)) {
    return std::nullopt;
  }
  return index;
}

struct PendingRecord {
  size_t position;  // in the input
  Lead lead;
};

class Runner {
 public:
  Runner(const std::vector<InputRecord>& records, const UpsertLeadsRequest& request_template,
         const SendUpsertBatch& send, Progress& progress)
      : records_(records),
        template_(request_template),
        send_(send),
        progress_(progress),
        outcomes_(records.size()) {
    counts_.total = static_cast<int>(records.size());
    template_.clear_leads();
  }

  UpsertRun Run(int batch_size) {
    std::vector<PendingRecord> pending = MapRecords();
    for (size_t start = 0; start < pending.size(); start += batch_size) {
      const size_t end = std::min(pending.size(), start + batch_size);
      std::vector<PendingRecord> batch(pending.begin() + start, pending.begin() + end);
      if (!SendBatch(batch)) {
        for (size_t k = end; k < pending.size(); ++k) {
          Record(pending[k].position,
                 FailedOutcome(records_[pending[k].position].line,
                               absl::StrCat("leadctl.not_sent: an earlier batch failed: ",
                                            failure_.ToString())));
        }
        break;
      }
    }
    progress_.Finish(counts_);
    UpsertRun run;
    run.rpc_failure = failure_;
    for (auto& outcome : outcomes_) run.outcomes.push_back(*std::move(outcome));
    return run;
  }

 private:
  // Reports the records that cannot be sent; the others, as leads, in input order.
  std::vector<PendingRecord> MapRecords() {
    std::vector<PendingRecord> pending;
    for (size_t i = 0; i < records_.size(); ++i) {
      absl::StatusOr<Lead> lead = records_[i].fields.ok()
                                      ? LeadFromFields(*records_[i].fields)
                                      : absl::StatusOr<Lead>(records_[i].fields.status());
      if (!lead.ok()) {
        Record(i, FailedOutcome(records_[i].line, absl::StrCat("leadctl.invalid_input: ",
                                                               lead.status().message())));
        continue;
      }
      pending.push_back({i, *std::move(lead)});
    }
    return pending;
  }

  // False when the batch failed as a whole (failure_ says why).
  bool SendBatch(std::vector<PendingRecord>& batch) {
    while (!batch.empty()) {
      UpsertLeadsRequest request = template_;
      for (const PendingRecord& record : batch) *request.add_leads() = record.lead;
      BatchReply reply = send_(request);
      if (reply.status.ok()) {
        RecordResults(batch, reply.response);
        return true;
      }
      std::optional<int> refused = RefusedLeadIndex(reply.status);
      if (reply.status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && refused &&
          *refused >= 0 && *refused < static_cast<int>(batch.size())) {
        const size_t position = batch[*refused].position;
        Record(position, FailedOutcome(records_[position].line,
                                       absl::StrCat("gateway.invalid_argument: ",
                                                    reply.status.error_message())));
        batch.erase(batch.begin() + *refused);
        continue;
      }
      failure_ = grpc_call::FromGrpcStatus(reply.status);
      for (const PendingRecord& record : batch) {
        Record(record.position,
               FailedOutcome(records_[record.position].line,
                             absl::StrCat("leadctl.rpc_failed: ", failure_.ToString())));
      }
      return false;
    }
    return true;
  }

  void RecordResults(const std::vector<PendingRecord>& batch,
                     const leadgateway::v1::WriteResponse& response) {
    std::vector<bool> answered(batch.size(), false);
    for (const auto& result : response.results()) {
      const int index = result.index();
      if (index < 0 || index >= static_cast<int>(batch.size()) || answered[index]) continue;
      answered[index] = true;
      const size_t position = batch[index].position;
      Record(position, OutcomeFromResult(records_[position].line, result));
    }
    for (size_t k = 0; k < batch.size(); ++k) {
      if (answered[k]) continue;
      Record(batch[k].position,
             FailedOutcome(records_[batch[k].position].line,
                           "leadctl.no_result: the gateway answered no result for this record"));
    }
    progress_.Update(counts_);
  }

  void Record(size_t position, RecordOutcome outcome) {
    ++counts_.done;
    if (IsWritten(outcome)) ++counts_.written;
    outcomes_[position] = std::move(outcome);
  }

  const std::vector<InputRecord>& records_;
  UpsertLeadsRequest template_;
  const SendUpsertBatch& send_;
  Progress& progress_;
  std::vector<std::optional<RecordOutcome>> outcomes_;
  ProgressCounts counts_;
  absl::Status failure_;
};

}  // namespace

std::optional<int> RefusedLeadIndex(const grpc::Status& status) {
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& violation : bad_request.field_violations()) {
        if (auto index = IndexOfLeadsPath(violation.field())) return index;
      }
    }
  }
  return IndexOfLeadsPath(status.error_message());
}

UpsertRun UpsertRecords(const std::vector<InputRecord>& records,
                        const UpsertLeadsRequest& request_template, int batch_size,
                        const SendUpsertBatch& send, Progress& progress) {
  return Runner(records, request_template, send, progress).Run(std::max(batch_size, 1));
}

}  // namespace leadgw::leadctl
