#include "bench/jobs/submit_phase.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "leadgateway/v1/job_service.grpc.pb.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::bench::job_bench {
namespace {

namespace v1 = ::leadgateway::v1;
namespace faults = ::leadgw::testing::faults;

constexpr absl::Duration kRpcDeadline = absl::Seconds(10);
// Bounds on top of the phases' durations.
constexpr int64_t kMaxCallsPerClient = 10000000;
constexpr int kMaxSyncedWrites = 5000;
constexpr int kMaxListPages = 10000;
constexpr int kBlockBytes = 4096;
// 4 MiB: about the size of a SQLite WAL at its default autocheckpoint (1,000 pages).
constexpr int kOverwriteBlocks = 1024;
constexpr int kListPageSize = 1000;
constexpr char kHealthMethod[] = "/grpc.health.v1.Health/Check";

void NoteError(const grpc::Status& status, LatencySample& sample) {
  ++sample.errors;
  if (sample.first_error.empty()) {
    sample.first_error =
        absl::StrCat(status.error_code(), " ", status.error_message().substr(0, 120));
  }
}

// One grpc.health.v1 Check of the whole server. HealthCheckRequest{service: ""} encodes
// as zero bytes, so no client stubs of the health protocol are needed.
grpc::Status CheckHealth(grpc::GenericStub& stub) {
  std::unique_ptr<grpc::ClientContext> context = faults::ContextWithTimeout(kRpcDeadline);
  grpc::Slice empty;
  const grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(context.get(), kHealthMethod, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status answer) {
                   status = std::move(answer);
                   done.Notify();
                 });
  done.WaitForNotification();  // the deadline bounds it
  return status;
}

}  // namespace

double SubmitResult::JobsPerSecond() const {
  const double seconds = absl::ToDoubleSeconds(measured);
  return seconds > 0 ? static_cast<double>(latency.ok.size()) / seconds : 0;
}

double SubmitResult::RecordsPerSecond() const {
  const double seconds = absl::ToDoubleSeconds(measured);
  return seconds > 0 ? static_cast<double>(records_acked) / seconds : 0;
}

SubmitResult RunSubmitters(const testing::GatewayProcess& gateway, int clients, int records_per_job,
                           absl::Duration duration, const std::string& prefix) {
  std::vector<LatencySample> samples(clients);
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  faults::RunOnThreads(clients, [&](int client) {
    auto stub = v1::JobService::NewStub(gateway.NewChannel());
    const std::string client_prefix = absl::StrCat(prefix, "-c", client);
    LatencySample& sample = samples[client];
    for (int64_t sequence = 0; absl::Now() < end && sequence < kMaxCallsPerClient; ++sequence) {
      v1::SubmitJobRequest request;
      *request.mutable_write()->mutable_upsert_leads() =
          LeadBatch(client_prefix, sequence * records_per_job, records_per_job);
      std::unique_ptr<grpc::ClientContext> context = faults::ContextWithTimeout(kRpcDeadline);
      v1::Job job;
      const absl::Time sent = absl::Now();
      const grpc::Status status = stub->SubmitJob(context.get(), request, &job);
      const absl::Duration latency = absl::Now() - sent;
      if (status.ok() && job.record_count() == records_per_job) {
        sample.ok.push_back(latency);
      } else if (status.ok()) {
        NoteError(grpc::Status(grpc::StatusCode::INTERNAL,
                               absl::StrCat("job ", job.id(), " holds ", job.record_count(),
                                            " records, not ", records_per_job)),
                  sample);
      } else {
        NoteError(status, sample);
      }
    }
  });
  SubmitResult result;
  result.measured = absl::Now() - start;  // in-flight submits finish after `end` and count
  for (const LatencySample& sample : samples) result.latency.Merge(sample);
  result.records_acked = static_cast<int64_t>(result.latency.ok.size()) * records_per_job;
  return result;
}

LatencySample RunHealthChecks(const testing::GatewayProcess& gateway, int clients,
                              absl::Duration duration) {
  std::vector<LatencySample> samples(clients);
  const absl::Time end = absl::Now() + duration;
  faults::RunOnThreads(clients, [&](int client) {
    grpc::GenericStub stub(gateway.NewChannel());
    LatencySample& sample = samples[client];
    for (int64_t sequence = 0; absl::Now() < end && sequence < kMaxCallsPerClient; ++sequence) {
      const absl::Time sent = absl::Now();
      const grpc::Status status = CheckHealth(stub);
      const absl::Duration latency = absl::Now() - sent;
      if (status.ok()) {
        sample.ok.push_back(latency);
      } else {
        NoteError(status, sample);
      }
    }
  });
  LatencySample all;
  for (const LatencySample& sample : samples) all.Merge(sample);
  return all;
}

LatencySample RunFsyncWrites(const std::string& dir, SyncedWrite how, absl::Duration duration) {
  LatencySample sample;
  const std::string path = absl::StrCat(dir, "/fsync-floor.bin");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    sample.errors = 1;
    sample.first_error = absl::StrCat("open ", path, " failed");
    return sample;
  }
  const std::vector<char> block(kBlockBytes, 'j');
  bool ready = true;
  if (how == SyncedWrite::kOverwrite) {
    for (int i = 0; i < kOverwriteBlocks && ready; ++i) {
      ready = ::write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size());
    }
    ready = ready && ::fsync(fd) == 0;
  }
  const absl::Time end = absl::Now() + duration;
  for (int i = 0; ready && i < kMaxSyncedWrites && absl::Now() < end; ++i) {
    const off_t offset = how == SyncedWrite::kAppend
                             ? static_cast<off_t>(i) * kBlockBytes
                             : static_cast<off_t>(i % kOverwriteBlocks) * kBlockBytes;
    const absl::Time start = absl::Now();
    const bool written =
        ::pwrite(fd, block.data(), block.size(), offset) == static_cast<ssize_t>(block.size());
    const bool synced = written && ::fdatasync(fd) == 0;
    const absl::Duration latency = absl::Now() - start;
    if (synced) {
      sample.ok.push_back(latency);
    } else {
      ++sample.errors;
      if (sample.first_error.empty()) sample.first_error = "pwrite or fdatasync failed";
    }
  }
  if (!ready) {
    ++sample.errors;
    sample.first_error = "could not prepare the file";
  }
  ::close(fd);
  ::unlink(path.c_str());
  return sample;
}

std::map<std::string, int64_t> CountJobsByState(const testing::GatewayProcess& gateway,
                                                absl::Duration bound) {
  std::map<std::string, int64_t> counts;
  auto stub = v1::JobService::NewStub(gateway.NewChannel());
  const absl::Time end = absl::Now() + bound;
  v1::ListJobsRequest request;
  request.set_page_size(kListPageSize);
  for (int page = 0; page < kMaxListPages && absl::Now() < end; ++page) {
    std::unique_ptr<grpc::ClientContext> context = faults::ContextWithTimeout(kRpcDeadline);
    v1::ListJobsResponse response;
    if (!stub->ListJobs(context.get(), request, &response).ok()) {
      ++counts["list_errors"];
      break;
    }
    for (const v1::Job& job : response.jobs()) {
      ++counts[v1::JobState_Name(job.state())];
      ++counts["listed"];
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return counts;
}

}  // namespace leadgw::bench::job_bench
