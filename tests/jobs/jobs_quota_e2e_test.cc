// A spent daily quota parks jobs until the quota day resets, without retrying 607 in a
// loop. The quota day is moved to start a few seconds from now: the gateway's by its
// `limits.dayStartUtcOffset`, the emulator's by a clock shifted so that its midnight CST
// falls at the same instant. The emulator allows 4 REST calls a day; 8 jobs of 300 records
// need 8 calls: 4 go before the reset, then the jobs park, then the rest go after it.
#include <iostream>
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

namespace leadgw::testing::jobs {
namespace {

namespace mkto = ::leadgw::emulators::marketo;
using faults::StartGateway;
using faults::StartMarketo;
using ::leadgw::testing_util::IsOk;

std::string Config() {
  return LocalJobsConfig(R"(, "initialBackoff": "0.1s", "maxBackoff": "2s")",
         R"(, "limits": {"dayStartUtcOffset": "DAY_START"})");
}

constexpr int kJobs = 8;
constexpr int kRecordsPerJob = 300;
constexpr int kDailyQuota = 4;
constexpr int kWorkers = 2;  // the default
// Long enough for 4 calls on a saturated machine, short enough for a test.
constexpr absl::Duration kUntilReset = absl::Seconds(30);

absl::Time UtcMidnightBefore(absl::Time t) {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(t) / 86400 * 86400);
}

TEST(JobsQuotaE2eTest, SpentDailyQuotaParksJobsUntilTheReset) {
  const absl::Time reset = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now() + kUntilReset));
  // The emulator's day starts at 06:00 UTC (midnight CST): shift its clock so that the
  // reset instant reads 06:00 UTC.
  const absl::Time emulated_reset = UtcMidnightBefore(reset) + absl::Hours(24 + 6);
  const absl::Duration shift = emulated_reset - reset;
  mkto::MarketoEmulatorOptions options;
  options.demo_data = false;
  options.daily_quota = kDailyQuota;
  options.now = [shift] { return absl::Now() + shift; };
  auto marketo = StartMarketo(options);
  ASSERT_NE(marketo, nullptr);

  // The gateway's day starts at midnight of the zone at this UTC offset: -(time of day).
  const absl::Duration zone_offset = UtcMidnightBefore(reset) - reset;  // -24h to 0
  const std::map<std::string, std::string> urls = {
      {"MKTO_URL", marketo->base_url()},
      {"JOURNAL_PATH", absl::StrCat(MakeTempDir(), "/jobs.db")},
      {"DAY_START", absl::StrCat(absl::ToInt64Seconds(zone_offset), "s")}};
  auto gateway = StartGateway(Config(), urls);
  ASSERT_THAT(gateway, IsOk());
  auto stub = v1::JobService::NewStub((*gateway)->NewChannel());

  std::vector<std::string> ids;
  for (int j = 0; j < kJobs; ++j) {
    v1::Job job;
    grpc::Status status =
        Submit(*stub, UpsertJob("mkto", "quota", j * kRecordsPerJob, kRecordsPerJob), &job);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ids.push_back(job.id());
  }

  // Before the reset: the quota's calls are spent and the other jobs park.
  int parked = 0;
  while (absl::Now() < reset - absl::Seconds(1) && parked == 0) {
    for (const std::string& id : ids) {
      absl::StatusOr<v1::Job> job = GetJob(*stub, id);
      ASSERT_THAT(job, IsOk());
      if (job->state() == v1::JOB_STATE_PARKED) {
        ++parked;
        const absl::Time next = absl::FromUnixSeconds(job->next_attempt_time().seconds());
        EXPECT_LE(absl::AbsDuration(next - reset), absl::Seconds(2))
            << "parked until " << next << ", the reset is " << reset;
      }
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  ASSERT_GT(parked, 0) << "no job parked before the reset";
  EXPECT_EQ(RecordsDone(*stub, ids), kDailyQuota * kRecordsPerJob);

  absl::StatusOr<std::vector<v1::Job>> jobs = WaitUntilFinal(*stub, ids, absl::Minutes(3));
  ASSERT_THAT(jobs, IsOk());
  for (const v1::Job& job : *jobs) {
    EXPECT_EQ(job.state(), v1::JOB_STATE_DONE) << job.id();
    EXPECT_EQ(job.records_done(), kRecordsPerJob) << job.id();
  }
  EXPECT_GE(absl::Now(), reset);
  // One 607 per worker at most: after the first, the gate refuses locally until the reset.
  const int64_t quota_answers = marketo->counters().Outcomes("sync_leads", "607");
  EXPECT_GE(quota_answers, 1);
  EXPECT_LE(quota_answers, kWorkers);
  for (int i = 0; i < kJobs * kRecordsPerJob; ++i) {
    ASSERT_EQ(marketo->CountLeadsWithField("email", EmailOf("quota", i)), 1u) << i;
  }
  std::cout << "parked jobs seen before the reset: " << parked << "; 607 answers: "
            << quota_answers << "\n";
}

}  // namespace
}  // namespace leadgw::testing::jobs
