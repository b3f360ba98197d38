#include "bench/jobs/drain_phase.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/jobs/job_bench_util.h"
#include "grpcpp/grpcpp.h"
#include "leadgateway/v1/job_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::bench::job_bench {
namespace {

namespace v1 = ::leadgateway::v1;
namespace faults = ::leadgw::testing::faults;

constexpr absl::Duration kWriteDeadline = absl::Seconds(60);
constexpr absl::Duration kReadDeadline = absl::Seconds(10);
constexpr absl::Duration kDefaultRetryWait = absl::Seconds(1);
constexpr absl::Duration kPollInterval = absl::Milliseconds(200);
constexpr int kListPageSize = 1000;
constexpr int kMaxListPages = 1000;

// The batches of kRecordsPerCall that make up `records`, handed out to threads in order.
class Batches {
 public:
  explicit Batches(int64_t records)
      : records_(records), count_((records + kRecordsPerCall - 1) / kRecordsPerCall) {}

  int64_t count() const { return count_; }
  // The next batch's number, or -1 when all are taken.
  int64_t Take() {
    const int64_t batch = next_.fetch_add(1);
    return batch < count_ ? batch : -1;
  }
  int64_t First(int64_t batch) const { return batch * kRecordsPerCall; }
  int Size(int64_t batch) const {
    return static_cast<int>(std::min<int64_t>(kRecordsPerCall, records_ - First(batch)));
  }

 private:
  const int64_t records_;
  const int64_t count_;
  std::atomic<int64_t> next_{0};
};

bool Refused(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

std::unique_ptr<grpc::ClientContext> ContextUntil(absl::Duration timeout, absl::Time end) {
  return faults::ContextWithTimeout(
      std::max(absl::Milliseconds(1), std::min(timeout, end - absl::Now())));
}

// Waits as a well-behaved client would before sending a refused call again.
void BackOff(const grpc::Status& status, absl::Time end) {
  const absl::Duration wait = faults::RetryDelayOf(status).value_or(kDefaultRetryWait);
  absl::SleepFor(std::max(absl::ZeroDuration(), std::min(wait, end - absl::Now())));
}

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

bool IsFinal(v1::JobState state) {
  return state == v1::JOB_STATE_DONE || state == v1::JOB_STATE_CANCELLED ||
         state == v1::JOB_STATE_EXPIRED;
}

// Everything the thread-shared tallies of a delivery hold.
struct SharedTally {
  absl::Mutex mu;
  DeliveryResult result ABSL_GUARDED_BY(mu);
  absl::Time last_answer ABSL_GUARDED_BY(mu) = absl::InfinitePast();

  void NoteError(absl::string_view what, const grpc::Status& status) {
    absl::MutexLock lock(&mu);
    if (result.first_error.empty()) {
      result.first_error =
          absl::StrCat(what, ": ", status.error_code(), " ", status.error_message().substr(0, 120));
    }
  }
};

// Submits every batch as a job (idempotency key per batch, so a refused submit is sent
// again safely); the ids by batch ("" for a batch never acknowledged).
std::vector<std::string> SubmitAll(const testing::GatewayProcess& gateway, int submitters,
                                   const std::string& prefix, Batches& batches, absl::Time end,
                                   SharedTally& tally) {
  std::vector<std::string> ids(batches.count());
  faults::RunOnThreads(submitters, [&](int) {
    auto stub = v1::JobService::NewStub(gateway.NewChannel());
    for (int64_t batch = batches.Take(); batch >= 0; batch = batches.Take()) {
      v1::SubmitJobRequest request;
      *request.mutable_write()->mutable_upsert_leads() =
          LeadBatch(prefix, batches.First(batch), batches.Size(batch));
      request.set_idempotency_key(absl::StrCat(prefix, "-batch-", batch));
      while (absl::Now() < end) {
        auto context = ContextUntil(kWriteDeadline, end);
        v1::Job job;
        const grpc::Status status = stub->SubmitJob(context.get(), request, &job);
        if (status.ok()) {
          ids[batch] = job.id();
          break;
        }
        tally.NoteError("SubmitJob", status);
        if (!Refused(status)) break;
        BackOff(status, end);
      }
      if (ids[batch].empty()) {
        absl::MutexLock lock(&tally.mu);
        ++tally.result.submit_errors;
      }
    }
  });
  return ids;
}

// Polls ListJobs until the jobs listed in final states number `expected` or `end`
// passes; the last listing, by id.
std::map<std::string, v1::Job> AwaitFinal(v1::JobService::Stub& stub, size_t expected,
                                          absl::Time end) {
  std::map<std::string, v1::Job> jobs;
  while (true) {
    v1::ListJobsRequest request;
    request.set_page_size(kListPageSize);
    for (int page = 0; page < kMaxListPages; ++page) {
      auto context = ContextUntil(kReadDeadline, end + kReadDeadline);
      v1::ListJobsResponse response;
      if (!stub.ListJobs(context.get(), request, &response).ok()) break;
      for (v1::Job& job : *response.mutable_jobs()) jobs[job.id()] = std::move(job);
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    const size_t final_jobs = std::count_if(
        jobs.begin(), jobs.end(), [](const auto& entry) { return IsFinal(entry.second.state()); });
    if (final_jobs >= expected || absl::Now() >= end) return jobs;
    absl::SleepFor(kPollInterval);
  }
}

}  // namespace

double DeliveryResult::RecordsPerSecond() const {
  const double seconds = absl::ToDoubleSeconds(measured);
  return seconds > 0 ? static_cast<double>(records_written) / seconds : 0;
}

DeliveryResult RunSyncUpserts(const testing::GatewayProcess& gateway, int callers, int64_t records,
                              const std::string& prefix, absl::Duration bound) {
  Batches batches(records);
  SharedTally tally;
  int64_t answered_batches = 0;
  const absl::Time start = absl::Now();
  const absl::Time end = start + bound;
  faults::RunOnThreads(callers, [&](int) {
    auto stub = v1::LeadService::NewStub(gateway.NewChannel());
    for (int64_t batch = batches.Take(); batch >= 0; batch = batches.Take()) {
      const v1::UpsertLeadsRequest request =
          LeadBatch(prefix, batches.First(batch), batches.Size(batch));
      int64_t written = 0;
      int64_t retries = 0;
      bool answered = false;
      while (!answered && absl::Now() < end) {
        auto context = ContextUntil(kWriteDeadline, end);
        v1::WriteResponse response;
        const grpc::Status status = stub->UpsertLeads(context.get(), request, &response);
        if (status.ok()) {
          answered = true;
          for (const v1::RecordResult& result : response.results()) {
            written += Written(result.status());
          }
          break;
        }
        tally.NoteError("UpsertLeads", status);
        if (!Refused(status)) break;
        ++retries;
        BackOff(status, end);
      }
      absl::MutexLock lock(&tally.mu);
      tally.result.records_written += written;
      tally.result.records_failed += batches.Size(batch) - written;
      tally.result.rpc_retries += retries;
      if (answered) {
        ++answered_batches;
        tally.last_answer = std::max(tally.last_answer, absl::Now());
      }
    }
  });
  absl::MutexLock lock(&tally.mu);
  DeliveryResult result = tally.result;
  result.complete = answered_batches == batches.count();
  result.measured = (result.complete ? tally.last_answer : absl::Now()) - start;
  return result;
}

DeliveryResult RunJobDrain(const testing::GatewayProcess& gateway, int submitters, int64_t records,
                           const std::string& prefix, absl::Duration bound) {
  Batches batches(records);
  SharedTally tally;
  const absl::Time start = absl::Now();
  const absl::Time end = start + bound;
  const std::vector<std::string> ids = SubmitAll(gateway, submitters, prefix, batches, end, tally);
  DeliveryResult result;
  {
    absl::MutexLock lock(&tally.mu);
    result = tally.result;
  }
  result.submitted = absl::Now() - start;

  auto stub = v1::JobService::NewStub(gateway.NewChannel());
  const size_t acknowledged =
      std::count_if(ids.begin(), ids.end(), [](const std::string& id) { return !id.empty(); });
  const std::map<std::string, v1::Job> listed = AwaitFinal(*stub, acknowledged, end);
  absl::Time last_update = absl::InfinitePast();
  size_t final_jobs = 0;
  for (const auto& [id, job] : listed) {
    ++result.final_states[v1::JobState_Name(job.state())];
    if (IsFinal(job.state())) {
      ++final_jobs;
      last_update = std::max(last_update, FromProto(job.update_time()));
    }
  }
  result.complete =
      result.submit_errors == 0 && final_jobs == acknowledged && listed.size() == acknowledged;
  result.measured = (result.complete ? last_update : absl::Now()) - start;

  // Per-record results, every job (those never acknowledged count as failed).
  for (int64_t batch = 0; batch < batches.count(); ++batch) {
    int64_t written = 0;
    if (!ids[batch].empty()) {
      v1::GetJobRequest request;
      request.set_id(ids[batch]);
      auto context = faults::ContextWithTimeout(kReadDeadline);
      v1::Job job;
      const grpc::Status status = stub->GetJob(context.get(), request, &job);
      if (status.ok()) {
        for (const v1::RecordResult& r : job.results()) written += Written(r.status());
      } else if (result.first_error.empty()) {
        result.first_error = absl::StrCat("GetJob: ", status.error_code(), " ",
                                          status.error_message().substr(0, 120));
      }
    }
    result.records_written += written;
    result.records_failed += batches.Size(batch) - written;
  }
  return result;
}

int64_t CountWrongEmails(const emulators::marketo::MarketoEmulator& marketo,
                         const std::string& prefix, int64_t records) {
  int64_t wrong = 0;
  for (int64_t i = 0; i < records; ++i) {
    if (marketo.CountLeadsWithField("email", EmailOf(prefix, i)) != 1) ++wrong;
  }
  return wrong;
}

}  // namespace leadgw::bench::job_bench
