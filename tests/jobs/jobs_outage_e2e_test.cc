// A 60 s upstream outage while jobs are submitted: every submit is acknowledged (the
// journal does not need the upstream), the workers back off while every call fails, and
// after the upstream comes back every job completes with every record written once. The
// createOnly job is not replay-safe: its records whose calls failed with 503 are looked
// up before they are sent again.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/jobs/job_test_util.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing::jobs {
namespace {

namespace mkto = ::leadgw::emulators::marketo;
using faults::StartGateway;
using faults::StartMarketo;
using ::leadgw::testing_util::IsOk;

std::string Config() {
  return LocalJobsConfig(R"(, "initialBackoff": "0.2s", "maxBackoff": "5s")");
}

constexpr absl::Duration kOutage = absl::Seconds(60);
constexpr int kJobs = 10;
constexpr int kRecordsPerJob = 200;

TEST(JobsOutageE2eTest, JobsSubmittedDuringAnOutageCompleteAfterIt) {
  mkto::MarketoEmulatorOptions options;
  options.demo_data = false;
  auto marketo = StartMarketo(options);
  ASSERT_NE(marketo, nullptr);
  const std::map<std::string, std::string> urls = {
      {"MKTO_URL", marketo->base_url()},
      {"JOURNAL_PATH", absl::StrCat(MakeTempDir(), "/jobs.db")}};
  auto gateway = StartGateway(Config(), urls);
  ASSERT_THAT(gateway, IsOk());
  auto stub = v1::JobService::NewStub((*gateway)->NewChannel());

  emulators::common::FaultConfig down;
  down.down = true;
  ASSERT_THAT(marketo->faults().Set(down), IsOk());
  const absl::Time outage_end = absl::Now() + kOutage;
  std::vector<std::string> ids;
  for (int j = 0; j < kJobs; ++j) {
    const v1::UpsertAction action = j == 0 ? v1::UPSERT_ACTION_CREATE_ONLY
                                           : v1::UPSERT_ACTION_CREATE_OR_UPDATE;
    v1::Job job;
    grpc::Status status = Submit(
        *stub, UpsertJob("mkto", "outage", j * kRecordsPerJob, kRecordsPerJob, action), &job);
    ASSERT_TRUE(status.ok()) << "submit during the outage: " << status.error_message();
    ids.push_back(job.id());
    absl::SleepFor(absl::Seconds(2));  // submissions spread over the outage
  }
  // During the outage nothing completes, and the jobs wait to retry.
  int retrying = 0;
  for (const std::string& id : ids) {
    absl::StatusOr<v1::Job> job = GetJob(*stub, id);
    ASSERT_THAT(job, IsOk());
    EXPECT_EQ(job->records_done(), 0) << id;
    if (job->state() == v1::JOB_STATE_RETRYING) ++retrying;
  }
  EXPECT_GT(retrying, 0);
  absl::SleepFor(std::max(absl::ZeroDuration(), outage_end - absl::Now()));
  ASSERT_THAT(marketo->faults().Set(emulators::common::FaultConfig{}), IsOk());

  absl::StatusOr<std::vector<v1::Job>> jobs = WaitUntilFinal(*stub, ids, absl::Minutes(3));
  ASSERT_THAT(jobs, IsOk());
  for (const v1::Job& job : *jobs) {
    EXPECT_EQ(job.state(), v1::JOB_STATE_DONE) << job.id();
    ASSERT_EQ(job.results_size(), kRecordsPerJob) << job.id();
    for (const v1::RecordResult& result : job.results()) {
      EXPECT_EQ(result.status(), v1::RECORD_STATUS_CREATED)
          << job.id() << ": " << result.ShortDebugString();
    }
  }
  for (int i = 0; i < kJobs * kRecordsPerJob; ++i) {
    ASSERT_EQ(marketo->CountLeadsWithField("email", EmailOf("outage", i)), 1u) << i;
  }
}

}  // namespace
}  // namespace leadgw::testing::jobs
