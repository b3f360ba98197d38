// Fleet mode: jobs live in the shared Redis. Two replicas drain them; one is killed with
// SIGKILL mid-drain, and the other finishes every job, the dead replica's included (it
// claims them once their lease lapses). Nothing is written twice: the records of the dead
// replica's chunk in flight stay locked by the duplicate guard until that chunk's deadline
// plus the connection's longest endpoint timeout (it might still be written upstream until
// then), which the config keeps short here.
#include <signal.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/jobs/job_test_util.h"
#include "tests/testing/redis_server.h"

namespace leadgw::testing::jobs {
namespace {

namespace mkto = ::leadgw::emulators::marketo;
using faults::StartGateway;
using faults::StartMarketo;
using ::leadgw::testing_util::IsOk;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 2,
                              "keyPrefix": "jobs-e2e"}},
  "jobs": {"lease": "3s", "initialBackoff": "0.1s", "maxBackoff": "2s",
           "attemptTimeout": "10s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "endpointTimeouts": {"sync_leads": "5s", "merge_leads": "5s", "push_leads": "5s",
                          "get_leads_by_filter": "5s", "associate_lead": "5s",
                          "update_partitions": "5s", "get_leads_by_list": "5s"}}
  ]
})json";

constexpr int kJobs = 12;
constexpr int kRecordsPerJob = 300;

TEST(JobsFleetE2eTest, ReplicaKilledMidDrainAnotherFinishesItsJobs) {
  auto redis = RedisServer::Start();
  ASSERT_THAT(redis, IsOk());
  mkto::MarketoEmulatorOptions options;
  options.demo_data = false;
  auto marketo = StartMarketo(options);
  ASSERT_NE(marketo, nullptr);
  emulators::common::FaultConfig slow;
  slow.latency = absl::Milliseconds(300);  // chunks are in flight when the kill lands
  ASSERT_THAT(marketo->faults().Set(slow), IsOk());
  const std::map<std::string, std::string> urls = {
      {"MKTO_URL", marketo->base_url()},
      {"REDIS_ADDRESS", absl::StrCat("127.0.0.1:", (*redis)->port())}};
  auto doomed = StartGateway(kConfig, urls);
  ASSERT_THAT(doomed, IsOk());
  auto survivor = StartGateway(kConfig, urls);
  ASSERT_THAT(survivor, IsOk());
  auto doomed_stub = v1::JobService::NewStub((*doomed)->NewChannel());
  auto survivor_stub = v1::JobService::NewStub((*survivor)->NewChannel());

  std::vector<std::string> ids;
  for (int j = 0; j < kJobs; ++j) {
    v1::Job job;
    grpc::Status status = Submit(
        *doomed_stub, UpsertJob("mkto", "fleet", j * kRecordsPerJob, kRecordsPerJob), &job);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ids.push_back(job.id());
  }
  ASSERT_TRUE(WaitForRecordsDone(*survivor_stub, ids, 3 * kRecordsPerJob, absl::Minutes(3)));
  const int done_before_kill = RecordsDone(*survivor_stub, ids);
  ASSERT_THAT((*doomed)->process().Stop(SIGKILL, absl::Seconds(10)), IsOk());
  EXPECT_LT(done_before_kill, kJobs * kRecordsPerJob) << "drained before the kill";

  absl::StatusOr<std::vector<v1::Job>> jobs =
      WaitUntilFinal(*survivor_stub, ids, absl::Minutes(4));
  ASSERT_THAT(jobs, IsOk());
  for (const v1::Job& job : *jobs) {
    EXPECT_EQ(job.state(), v1::JOB_STATE_DONE) << job.id() << ": " << job.last_error();
    ASSERT_EQ(job.results_size(), kRecordsPerJob) << job.id();
    for (const v1::RecordResult& result : job.results()) {
      EXPECT_TRUE(result.status() == v1::RECORD_STATUS_CREATED ||
                  result.status() == v1::RECORD_STATUS_UPDATED)
          << job.id() << ": " << result.ShortDebugString();
    }
  }
  for (int i = 0; i < kJobs * kRecordsPerJob; ++i) {
    ASSERT_EQ(marketo->CountLeadsWithField("email", EmailOf("fleet", i)), 1u) << i;
  }
}

}  // namespace
}  // namespace leadgw::testing::jobs
