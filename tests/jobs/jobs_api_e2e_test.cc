// JobService as a caller sees it, through the real gateway binary: precise errors for bad
// input, idempotency keys, cancellation, watching, listing, and a journal that cannot
// store (full, unwritable, not configured) refusing instead of acknowledging.
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/jobs/job_test_util.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing::jobs {
namespace {

namespace mkto = ::leadgw::emulators::marketo;
using faults::ContextWithTimeout;
using faults::StartGateway;
using faults::StartMarketo;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

std::string Config() {
  return LocalJobsConfig(R"(, "initialBackoff": "0.2s", "maxBackoff": "1s" JOURNAL_LIMIT)");
}

constexpr char kConfigWithoutJobs[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS}
  ]
})json";

class JobsApiE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mkto::MarketoEmulatorOptions options;
    options.demo_data = false;
    marketo_ = StartMarketo(options);
    ASSERT_NE(marketo_, nullptr);
  }

  // A gateway on a fresh journal; `journal_limit` is spliced into the jobs block.
  std::unique_ptr<GatewayProcess> Start(const std::string& journal_path,
                                        const std::string& journal_limit = "") {
    auto gateway = StartGateway(Config(), {{"MKTO_URL", marketo_->base_url()},
                                          {"JOURNAL_PATH", journal_path},
                                          {"JOURNAL_LIMIT", journal_limit}});
    EXPECT_THAT(gateway, IsOk());
    return gateway.ok() ? *std::move(gateway) : nullptr;
  }

  void SetUpstreamDown(bool down) {
    emulators::common::FaultConfig faults;
    faults.down = down;
    ASSERT_THAT(marketo_->faults().Set(faults), IsOk());
  }

  std::unique_ptr<mkto::MarketoEmulator> marketo_;
};

TEST_F(JobsApiE2eTest, InvalidWritesAreRefusedNamingTheField) {
  auto gateway = Start(absl::StrCat(MakeTempDir(), "/jobs.db"));
  ASSERT_NE(gateway, nullptr);
  auto stub = v1::JobService::NewStub(gateway->NewChannel());
  v1::Job job;

  grpc::Status status = Submit(*stub, v1::SubmitJobRequest(), &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("write: required"));

  v1::SubmitJobRequest bad_email = UpsertJob("mkto", "api-bad", 0, 3);
  bad_email.mutable_write()->mutable_upsert_leads()->mutable_leads(2)->set_email("no-at-sign");
  status = Submit(*stub, bad_email, &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("write.upsert_leads.leads[2].email"));

  v1::SubmitJobRequest too_many = UpsertJob("mkto", "api-big", 0, 5001);
  status = Submit(*stub, too_many, &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("write.upsert_leads.leads"));

  status = Submit(*stub, UpsertJob("nowhere", "api-conn", 0, 1), &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  v1::SubmitJobRequest bad_key = UpsertJob("mkto", "api-key", 0, 1);
  bad_key.set_idempotency_key("has space");
  status = Submit(*stub, bad_key, &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("idempotency_key"));

  absl::StatusOr<v1::Job> unknown = GetJob(*stub, "job-0000");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);

  // Nothing was journaled by the refused submits.
  auto context = ContextWithTimeout(kRpcTimeout);
  v1::ListJobsResponse listed;
  ASSERT_TRUE(stub->ListJobs(context.get(), v1::ListJobsRequest(), &listed).ok());
  EXPECT_EQ(listed.jobs_size(), 0);
}

TEST_F(JobsApiE2eTest, AnIdempotencyKeyAnswersTheFirstJobAndRefusesAnotherWrite) {
  SetUpstreamDown(true);  // the jobs stay open; irrelevant here
  auto gateway = Start(absl::StrCat(MakeTempDir(), "/jobs.db"));
  ASSERT_NE(gateway, nullptr);
  auto stub = v1::JobService::NewStub(gateway->NewChannel());
  v1::SubmitJobRequest request = UpsertJob("mkto", "api-idem", 0, 2);
  request.set_idempotency_key("import-2026-12-06");
  v1::Job first, second, other;
  ASSERT_TRUE(Submit(*stub, request, &first).ok());
  ASSERT_TRUE(Submit(*stub, request, &second).ok());
  EXPECT_EQ(second.id(), first.id());
  v1::SubmitJobRequest different = UpsertJob("mkto", "api-idem", 5, 2);
  different.set_idempotency_key("import-2026-12-06");
  grpc::Status status = Submit(*stub, different, &other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr(first.id()));
}

TEST_F(JobsApiE2eTest, CancelledJobEndsWithEveryUnsentRecordFailed) {
  SetUpstreamDown(true);
  auto gateway = Start(absl::StrCat(MakeTempDir(), "/jobs.db"));
  ASSERT_NE(gateway, nullptr);
  auto stub = v1::JobService::NewStub(gateway->NewChannel());
  v1::Job job;
  ASSERT_TRUE(Submit(*stub, UpsertJob("mkto", "api-cancel", 0, 50), &job).ok());
  auto context = ContextWithTimeout(kRpcTimeout);
  v1::CancelJobRequest cancel;
  cancel.set_id(job.id());
  v1::Job answered;
  ASSERT_TRUE(stub->CancelJob(context.get(), cancel, &answered).ok());
  EXPECT_TRUE(answered.cancel_requested());

  absl::StatusOr<std::vector<v1::Job>> jobs = WaitUntilFinal(*stub, {job.id()}, absl::Minutes(2));
  ASSERT_THAT(jobs, IsOk());
  const v1::Job& ended = jobs->front();
  EXPECT_EQ(ended.state(), v1::JOB_STATE_CANCELLED);
  ASSERT_EQ(ended.results_size(), 50);
  for (const v1::RecordResult& result : ended.results()) {
    // The upstream was down: a record sent before the cancel may have been (503s are not
    // proof of nothing done), so it is unknown rather than failed.
    EXPECT_TRUE(result.status() == v1::RECORD_STATUS_FAILED ||
                result.status() == v1::RECORD_STATUS_OUTCOME_UNKNOWN)
        << result.ShortDebugString();
    ASSERT_EQ(result.reasons_size(), 1);
    EXPECT_EQ(result.reasons(0).code(), "gateway.job_cancelled");
  }
}

TEST_F(JobsApiE2eTest, WatchStreamsEveryResultOnceUntilTheEnd) {
  auto gateway = Start(absl::StrCat(MakeTempDir(), "/jobs.db"));
  ASSERT_NE(gateway, nullptr);
  auto stub = v1::JobService::NewStub(gateway->NewChannel());
  v1::Job job;
  ASSERT_TRUE(Submit(*stub, UpsertJob("mkto", "api-watch", 0, 900), &job).ok());
  auto context = ContextWithTimeout(absl::Minutes(2));
  v1::WatchJobRequest watch;
  watch.set_id(job.id());
  auto reader = stub->WatchJob(context.get(), watch);
  std::set<int> seen;
  int messages = 0;
  v1::Job message, last;
  while (reader->Read(&message)) {
    ++messages;
    for (const v1::RecordResult& result : message.results()) {
      EXPECT_TRUE(seen.insert(result.index()).second) << "index sent twice: " << result.index();
    }
    last = message;
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(last.state(), v1::JOB_STATE_DONE);
  EXPECT_EQ(seen.size(), 900u);
  EXPECT_GE(messages, 2);

  auto list_context = ContextWithTimeout(kRpcTimeout);
  v1::ListJobsRequest list;
  list.set_state(v1::JOB_STATE_DONE);
  list.set_connection("mkto");
  v1::ListJobsResponse listed;
  ASSERT_TRUE(stub->ListJobs(list_context.get(), list, &listed).ok());
  ASSERT_EQ(listed.jobs_size(), 1);
  EXPECT_EQ(listed.jobs(0).id(), job.id());
  EXPECT_EQ(listed.jobs(0).results_size(), 0) << "ListJobs leaves results out";
}

TEST_F(JobsApiE2eTest, AFullJournalRefusesSubmitsAndAcknowledgesOnlyWhatItStored) {
  SetUpstreamDown(true);  // nothing drains: the journal only grows
  auto gateway = Start(absl::StrCat(MakeTempDir(), "/jobs.db"), R"(, "journalMaxBytes": "1048576")");
  ASSERT_NE(gateway, nullptr);
  auto stub = v1::JobService::NewStub(gateway->NewChannel());
  std::vector<std::string> acknowledged;
  grpc::Status refused;
  for (int j = 0; j < 40 && refused.ok(); ++j) {
    v1::SubmitJobRequest request = UpsertJob("mkto", "api-full", j * 100, 100);
    for (v1::Lead& lead : *request.mutable_write()->mutable_upsert_leads()->mutable_leads()) {
      lead.set_last_name(std::string(2000, 'x'));  // ~200 KB a job
    }
    v1::Job job;
    grpc::Status status = Submit(*stub, request, &job);
    if (status.ok()) {
      acknowledged.push_back(job.id());
    } else {
      refused = status;
    }
  }
  ASSERT_FALSE(refused.ok()) << "a 1 MiB journal took 40 jobs of 200 KB";
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("journal full"));
  EXPECT_FALSE(acknowledged.empty());
  auto context = ContextWithTimeout(kRpcTimeout);
  v1::ListJobsResponse listed;
  ASSERT_TRUE(stub->ListJobs(context.get(), v1::ListJobsRequest(), &listed).ok());
  EXPECT_EQ(listed.jobs_size(), static_cast<int>(acknowledged.size()));
  for (const std::string& id : acknowledged) EXPECT_THAT(GetJob(*stub, id), IsOk()) << id;
}

TEST_F(JobsApiE2eTest, AnUnwritableJournalStopsTheGatewayFromStarting) {
  const std::string blocker = absl::StrCat(MakeTempDir(), "/not-a-directory");
  std::ofstream(blocker) << "a regular file where the journal's directory should be";
  auto gateway = StartGateway(Config(), {{"MKTO_URL", marketo_->base_url()},
                                        {"JOURNAL_PATH", absl::StrCat(blocker, "/jobs.db")},
                                        {"JOURNAL_LIMIT", ""}});
  ASSERT_FALSE(gateway.ok());
  EXPECT_THAT(std::string(gateway.status().message()), HasSubstr("journal"));
}

TEST_F(JobsApiE2eTest, WithoutJobsConfiguredTheServiceSaysSo) {
  auto gateway = StartGateway(kConfigWithoutJobs, {{"MKTO_URL", marketo_->base_url()}});
  ASSERT_THAT(gateway, IsOk());
  auto stub = v1::JobService::NewStub((*gateway)->NewChannel());
  v1::Job job;
  grpc::Status status = Submit(*stub, UpsertJob("mkto", "api-off", 0, 1), &job);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("not configured"));
}

}  // namespace
}  // namespace leadgw::testing::jobs
