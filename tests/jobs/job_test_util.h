// Shared pieces of the durable-job end-to-end tests (tests/jobs/*_e2e_test.cc): building
// jobs of upserts, submitting them, and waiting (bounded) until jobs are final.
// Test-only, loopback-only.
#ifndef LEADGW_TESTS_JOBS_JOB_TEST_UTIL_H_
#define LEADGW_TESTS_JOBS_JOB_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "leadgateway/v1/job_service.grpc.pb.h"

namespace leadgw::testing::jobs {

namespace v1 = ::leadgateway::v1;

// Generous: the tests must pass on a saturated machine; none measures time.
inline constexpr absl::Duration kRpcTimeout = absl::Seconds(60);

// A config template for faults::StartGateway: one Marketo connection "mkto" at MKTO_URL
// and jobs journaled at JOURNAL_PATH. `jobs_options` and `connection_options` are JSON
// members spliced into the jobs block and the connection (each empty or starting with a
// comma).
std::string LocalJobsConfig(absl::string_view jobs_options = "",
                            absl::string_view connection_options = "");

// "<prefix>-<index>@jobs.example.com".
std::string EmailOf(const std::string& prefix, int index);

// A job of `count` upserts of `action` on `connection`, emails EmailOf(prefix, first..).
v1::SubmitJobRequest UpsertJob(const std::string& connection, const std::string& prefix,
                               int first, int count,
                               v1::UpsertAction action = v1::UPSERT_ACTION_CREATE_OR_UPDATE);

// SubmitJob with kRpcTimeout.
grpc::Status Submit(v1::JobService::Stub& stub, const v1::SubmitJobRequest& request,
                    v1::Job* job);

// GetJob with kRpcTimeout.
absl::StatusOr<v1::Job> GetJob(v1::JobService::Stub& stub, const std::string& id);

// Polls (every 200 ms) until every job of `ids` is final or `timeout` passed; the jobs as
// last read. DEADLINE_EXCEEDED naming the first unfinished job when time ran out.
absl::StatusOr<std::vector<v1::Job>> WaitUntilFinal(v1::JobService::Stub& stub,
                                                    const std::vector<std::string>& ids,
                                                    absl::Duration timeout);

// Records with a final result over `ids` (GetJob's records_done summed); -1 on an error.
int RecordsDone(v1::JobService::Stub& stub, const std::vector<std::string>& ids);

// Polls until RecordsDone reaches `records` or `timeout` passed; whether it did.
bool WaitForRecordsDone(v1::JobService::Stub& stub, const std::vector<std::string>& ids,
                        int records, absl::Duration timeout);

}  // namespace leadgw::testing::jobs

#endif  // LEADGW_TESTS_JOBS_JOB_TEST_UTIL_H_
