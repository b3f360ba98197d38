// JobRunner with a real SQLite journal and a mock backend: the chunk loop's decisions.
#include "jobs/job_runner.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "common/proto_time.h"
#include "jobs/sqlite_journal.h"
#include "testing/mock_lead_backend.h"
#include "upstream/upstream_error.h"

namespace leadgw::jobs {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::MockLeadBackend;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;
using common::TimestampOf;

v1::RecordResult Result(int index, v1::RecordStatus status, const std::string& code = "") {
  v1::RecordResult result;
  result.set_index(index);
  result.set_status(status);
  if (!code.empty()) result.add_reasons()->set_code(code);
  return result;
}

class JobRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteJournalOptions options;
    options.path = absl::StrCat(getenv("TEST_TMPDIR"), "/",
                                ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                ".db");
    auto journal = SqliteJournal::Open(options);
    ASSERT_TRUE(journal.ok()) << journal.status();
    journal_ = *std::move(journal);
    ON_CALL(backend_, backend_name()).WillByDefault(Return("mock"));
  }

  // Journals a job of `count` upserts of `action`, with `unanswered` records marked.
  std::string AddJob(int count, v1::UpsertAction action, std::vector<int> unanswered = {},
                     const std::string& caller = "") {
    JobRequest request;
    request.set_caller(caller);
    v1::UpsertLeadsRequest* upsert = request.mutable_write()->mutable_upsert_leads();
    upsert->set_connection("conn");
    upsert->set_action(action);
    for (int i = 0; i < count; ++i) upsert->add_leads()->set_email(absl::StrCat("r", i, "@x.jp"));
    const absl::Time now = absl::Now();
    JobProgress progress;
    v1::Job& job = *progress.mutable_job();
    job.set_id(NewJobId(now));
    job.set_connection("conn");
    job.set_kind(v1::JOB_KIND_UPSERT_LEADS);
    job.set_state(v1::JOB_STATE_QUEUED);
    job.set_record_count(count);
    *job.mutable_create_time() = TimestampOf(now);
    *job.mutable_next_attempt_time() = TimestampOf(now);
    *job.mutable_deliver_by() = TimestampOf(now + absl::Hours(1));
    for (int index : unanswered) progress.add_unanswered(index);
    auto created = journal_->Create(request, progress);
    EXPECT_TRUE(created.ok() && created->created);
    return progress.job().id();
  }

  static JobRunnerOptions FastOptions(int chunk_records = 300) {
    JobRunnerOptions options;
    options.workers = 1;
    options.chunk_records = chunk_records;
    options.poll_interval = absl::Milliseconds(10);
    options.initial_backoff = absl::Milliseconds(10);
    options.max_backoff = absl::Milliseconds(20);
    return options;
  }

  // Runs a runner with `options` until `done` holds or 20 s pass.
  void RunWhile(const JobRunnerOptions& options, const std::function<bool()>& done) {
    JobRunner runner(
        journal_.get(),
        [this](absl::string_view) -> absl::StatusOr<backends::LeadBackend*> { return &backend_; },
        options);
    runner.Start();
    const absl::Time give_up = absl::Now() + absl::Seconds(20);
    while (absl::Now() < give_up && !done()) absl::SleepFor(absl::Milliseconds(10));
    runner.Stop();
  }

  // Runs the runner until the job is in `state` or 20 s pass.
  JobProgress RunUntil(const std::string& id, v1::JobState state, int chunk_records = 300) {
    RunWhile(FastOptions(chunk_records),
             [&] { return (*journal_->Get(id))->job().state() == state; });
    return **journal_->Get(id);
  }

  std::unique_ptr<SqliteJournal> journal_;
  ::testing::NiceMock<MockLeadBackend> backend_;
};

TEST_F(JobRunnerTest, RecordsNotAttemptedAreSentAgainAlone) {
  const std::string id = AddJob(3, v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  std::vector<int> sizes;
  EXPECT_CALL(backend_, UpsertLeads(_, _))
      .WillRepeatedly(Invoke([&](const backends::CallContext&, const v1::UpsertLeadsRequest& r)
                                 -> absl::StatusOr<v1::WriteResponse> {
        sizes.push_back(r.leads_size());
        v1::WriteResponse response;
        for (int i = 0; i < r.leads_size(); ++i) {
          *response.add_results() =
              sizes.size() == 1 && i == 2
                  ? Result(i, v1::RECORD_STATUS_FAILED, "gateway.not_attempted")
                  : Result(i, v1::RECORD_STATUS_CREATED);
        }
        return response;
      }));
  const JobProgress done = RunUntil(id, v1::JOB_STATE_DONE);
  EXPECT_EQ(done.job().state(), v1::JOB_STATE_DONE);
  ASSERT_EQ(done.job().results_size(), 3);
  for (const v1::RecordResult& result : done.job().results()) {
    EXPECT_EQ(result.status(), v1::RECORD_STATUS_CREATED);
  }
  EXPECT_EQ(sizes, (std::vector<int>{3, 1}));
  EXPECT_EQ(done.unanswered_size(), 0);
}

// A job's calls wait for capacity in the share of the caller that submitted it, and at
// bulk priority.
TEST_F(JobRunnerTest, CallsWaitInTheSubmittingCallersShare) {
  const std::string id = AddJob(2, v1::UPSERT_ACTION_CREATE_OR_UPDATE, {}, "importer");
  std::vector<int> shares;
  EXPECT_CALL(backend_, UpsertLeads(_, _))
      .WillRepeatedly(Invoke([&](const backends::CallContext& ctx, const v1::UpsertLeadsRequest& r)
                                 -> absl::StatusOr<v1::WriteResponse> {
        shares.push_back(ctx.caller_share);
        EXPECT_EQ(ctx.priority, backends::CallPriority::kBulk);
        v1::WriteResponse response;
        for (int i = 0; i < r.leads_size(); ++i) {
          *response.add_results() = Result(i, v1::RECORD_STATUS_CREATED);
        }
        return response;
      }));
  JobRunnerOptions options = FastOptions();
  options.caller_share = [](absl::string_view caller) { return caller == "importer" ? 2 : 0; };
  RunWhile(options, [&] { return (*journal_->Get(id))->job().state() == v1::JOB_STATE_DONE; });
  EXPECT_EQ(shares, (std::vector<int>{2}));
}

TEST_F(JobRunnerTest, ARejectedChunkFailsItsRecordsAndTheJobGoesOn) {
  const std::string id = AddJob(4, v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  int calls = 0;
  EXPECT_CALL(backend_, UpsertLeads(_, _))
      .WillRepeatedly(Invoke([&](const backends::CallContext&, const v1::UpsertLeadsRequest& r)
                                 -> absl::StatusOr<v1::WriteResponse> {
        if (++calls == 1) {
          return upstream::UpstreamError(absl::StatusCode::kInvalidArgument, "mock", "1003",
                                         "bad request");
        }
        v1::WriteResponse response;
        for (int i = 0; i < r.leads_size(); ++i) {
          *response.add_results() = Result(i, v1::RECORD_STATUS_UPDATED);
        }
        return response;
      }));
  const JobProgress done = RunUntil(id, v1::JOB_STATE_DONE, /*chunk_records=*/2);
  ASSERT_EQ(done.job().results_size(), 4);
  EXPECT_EQ(done.job().results(0).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(done.job().results(0).reasons(0).code(), "1003");
  EXPECT_EQ(done.job().results(1).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(done.job().results(2).status(), v1::RECORD_STATUS_UPDATED);
  EXPECT_EQ(done.job().results(3).index(), 3);
}

TEST_F(JobRunnerTest, LostAnswersOfCreateOnlyAreLookedUpBeforeAnyReplay) {
  // Records 0 and 1 were sent before a crash; the lookup finds record 0 written.
  const std::string id = AddJob(3, v1::UPSERT_ACTION_CREATE_ONLY, {0, 1});
  EXPECT_CALL(backend_, QueryLeads(_, _))
      .WillOnce(Invoke([](const backends::CallContext&, const v1::QueryLeadsRequest& q)
                           -> absl::StatusOr<v1::QueryLeadsResponse> {
        EXPECT_EQ(q.filter_field(), "email");
        EXPECT_EQ(q.filter_values_size(), 2);
        v1::QueryLeadsResponse response;
        response.add_leads()->set_email("R0@X.JP");  // case differs: still the same email
        return response;
      }));
  std::vector<std::string> sent;
  EXPECT_CALL(backend_, UpsertLeads(_, _))
      .WillOnce(Invoke([&](const backends::CallContext&, const v1::UpsertLeadsRequest& r)
                           -> absl::StatusOr<v1::WriteResponse> {
        v1::WriteResponse response;
        for (int i = 0; i < r.leads_size(); ++i) {
          sent.push_back(r.leads(i).email());
          *response.add_results() = Result(i, v1::RECORD_STATUS_CREATED);
        }
        return response;
      }));
  const JobProgress done = RunUntil(id, v1::JOB_STATE_DONE);
  ASSERT_EQ(done.job().results_size(), 3);
  EXPECT_EQ(done.job().results(0).status(), v1::RECORD_STATUS_OUTCOME_UNKNOWN);
  EXPECT_EQ(done.job().results(1).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(done.job().results(2).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(sent, (std::vector<std::string>{"r1@x.jp", "r2@x.jp"}));
}

TEST_F(JobRunnerTest, ASpentQuotaDayParksTheJobUntilTheReset) {
  const std::string id = AddJob(2, v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  EXPECT_CALL(backend_, UpsertLeads(_, _))
      .WillOnce(Invoke([](const backends::CallContext&, const v1::UpsertLeadsRequest&)
                           -> absl::StatusOr<v1::WriteResponse> {
        absl::Status quota = upstream::UpstreamError(absl::StatusCode::kResourceExhausted,
                                                     "mock", "quota", "Daily quota reached");
        upstream::SetOutcome(quota, upstream::Outcome::kQuotaExhausted);
        upstream::SetRetryAfter(quota, absl::Hours(5));
        return quota;
      }));
  const absl::Time before = absl::Now();
  const JobProgress parked = RunUntil(id, v1::JOB_STATE_PARKED);
  EXPECT_EQ(parked.job().state(), v1::JOB_STATE_PARKED);
  const absl::Time next = absl::FromUnixSeconds(parked.job().next_attempt_time().seconds());
  EXPECT_GE(next, before + absl::Hours(5) - absl::Seconds(1));
  EXPECT_EQ(parked.job().results_size(), 0);
  EXPECT_EQ(parked.unanswered_size(), 0) << "a refused call wrote nothing";
}

TEST_F(JobRunnerTest, FinalJobsPastTheirResultTtlArePurged) {
  const std::string id = AddJob(1, v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  EXPECT_CALL(backend_, UpsertLeads(_, _))
      .WillOnce(Return(absl::StatusOr<v1::WriteResponse>([] {
        v1::WriteResponse response;
        *response.add_results() = Result(0, v1::RECORD_STATUS_CREATED);
        return response;
      }())));
  JobRunnerOptions options = FastOptions();
  options.result_ttl = absl::ZeroDuration();
  options.lease = absl::Milliseconds(300);  // the heartbeat, which purges, every 100 ms
  options.purge_interval = absl::Milliseconds(100);
  RunWhile(options, [&] { return !journal_->Get(id)->has_value(); });
  EXPECT_FALSE(journal_->Get(id)->has_value()) << "a done job past its result TTL stayed";
}

}  // namespace
}  // namespace leadgw::jobs
