// The suite's helpers and its cases for Create, Get, Acquire, leases, Save, Release and
// concurrency; journal_conformance_listing.cc has the rest.
#include "jobs/journal_conformance.h"

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "testing/status_matchers.h"

namespace leadgw::jobs {

using ::leadgateway::v1::JOB_STATE_DONE;
using ::leadgateway::v1::JOB_STATE_QUEUED;
using ::leadgateway::v1::JOB_STATE_RETRYING;
using ::leadgateway::v1::JOB_STATE_RUNNING;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

namespace {
// Every case's times are offsets from this instant.
constexpr absl::Time kT0 = absl::FromUnixSeconds(1'800'000'000);
}  // namespace

std::string JournalFactoryName(const ::testing::TestParamInfo<JournalFactory>& info) {
  return info.param.name;
}

void PrintTo(const JournalFactory& factory, std::ostream* out) { *out << factory.name; }

absl::Time TestEpoch() { return kT0; }

google::protobuf::Timestamp ToProtoTime(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t nanos = absl::ToUnixNanos(time);
  timestamp.set_seconds(nanos / 1'000'000'000);
  timestamp.set_nanos(static_cast<int32_t>(nanos % 1'000'000'000));
  return timestamp;
}

JobRequest TestJobRequest(absl::string_view connection, absl::string_view digest,
                          int record_count) {
  JobRequest request;
  auto* upsert = request.mutable_write()->mutable_upsert_leads();
  upsert->set_connection(std::string(connection));
  for (int i = 0; i < record_count; ++i) {
    upsert->add_leads()->set_email(absl::StrCat("lead", i, "@example.com"));
  }
  request.set_digest(std::string(digest));
  return request;
}

JobProgress TestJobProgress(absl::Time create_time, absl::string_view connection,
                            absl::string_view idempotency_key, int record_count) {
  JobProgress progress;
  auto* job = progress.mutable_job();
  job->set_id(NewJobId(create_time));
  job->set_connection(std::string(connection));
  job->set_kind(::leadgateway::v1::JOB_KIND_UPSERT_LEADS);
  job->set_state(JOB_STATE_QUEUED);
  job->set_idempotency_key(std::string(idempotency_key));
  job->set_record_count(record_count);
  *job->mutable_create_time() = ToProtoTime(create_time);
  *job->mutable_update_time() = ToProtoTime(create_time);
  *job->mutable_next_attempt_time() = ToProtoTime(create_time);
  *job->mutable_deliver_by() = ToProtoTime(create_time + absl::Hours(24));
  return progress;
}

JobProgress TestWorkerProgress(JobProgress progress, JobState state, absl::Time next_attempt_time,
                               int records_done, absl::Time expire_time) {
  auto* job = progress.mutable_job();
  job->set_state(state);
  *job->mutable_next_attempt_time() = ToProtoTime(next_attempt_time);
  *job->mutable_update_time() = ToProtoTime(next_attempt_time);
  job->set_attempts(job->attempts() + 1);
  job->clear_results();
  for (int i = 0; i < records_done; ++i) {
    auto* result = job->add_results();
    result->set_index(i);
    result->set_id(absl::StrCat(1000 + i));
    result->set_status(::leadgateway::v1::RECORD_STATUS_CREATED);
  }
  job->set_records_done(records_done);
  progress.clear_unanswered();
  progress.set_failures_in_a_row(state == JOB_STATE_RETRYING ? 1 : 0);
  if (IsFinal(state)) *job->mutable_expire_time() = ToProtoTime(expire_time);
  return progress;
}

void JobJournalConformanceTest::SetUp() {
  journal_ = GetParam().make();
  ASSERT_NE(journal_, nullptr) << "factory " << GetParam().name << " built no journal";
}

JobProgress JobJournalConformanceTest::CreateJob(absl::Time create_time,
                                                 absl::string_view connection,
                                                 absl::string_view idempotency_key,
                                                 int record_count) {
  JobProgress progress = TestJobProgress(create_time, connection, idempotency_key, record_count);
  auto outcome = journal_->Create(
      TestJobRequest(connection, absl::StrCat("digest-", progress.job().id()), record_count),
      progress);
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_TRUE(outcome.ok() && outcome->created);
  return progress;
}

Lease JobJournalConformanceTest::AcquireExpecting(absl::string_view job_id, absl::Time now) {
  auto lease = journal_->Acquire("worker-a", now, absl::Hours(1));
  EXPECT_TRUE(lease.ok()) << lease.status();
  if (!lease.ok() || !lease->has_value()) {
    ADD_FAILURE() << "no job acquired, expected " << job_id;
    return Lease{};
  }
  EXPECT_EQ((*lease)->job_id, job_id);
  return **lease;
}

std::vector<std::string> JobJournalConformanceTest::Ids(const JobPage& page) {
  std::vector<std::string> ids;
  for (const auto& progress : page.jobs) ids.push_back(progress.job().id());
  return ids;
}

namespace {

// ---- Create, Get, GetRequest ------------------------------------------------------------

TEST_P(JobJournalConformanceTest, CreateThenGetRoundTripsBothRecords) {
  JobProgress progress = TestJobProgress(kT0, "conn-x", "key-1", 4);
  progress.mutable_job()->set_last_error("none yet");
  progress.add_unanswered(2);
  progress.set_failures_in_a_row(1);
  auto* result = progress.mutable_job()->add_results();
  result->set_index(0);
  result->set_id("318581");
  const JobRequest request = TestJobRequest("conn-x", "digest-1", 4);
  auto outcome = journal_->Create(request, progress);
  ASSERT_THAT(outcome, IsOk());
  EXPECT_TRUE(outcome->created);

  auto got = journal_->Get(progress.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->DebugString(), progress.DebugString());
  auto got_request = journal_->GetRequest(progress.job().id());
  ASSERT_THAT(got_request, IsOk());
  EXPECT_EQ(got_request->DebugString(), request.DebugString());
}

TEST_P(JobJournalConformanceTest, UnknownJobIsNulloptAndItsRequestNotFound) {
  CreateJob(kT0);
  auto got = journal_->Get(NewJobId(kT0));
  ASSERT_THAT(got, IsOk());
  EXPECT_FALSE(got->has_value());
  EXPECT_THAT(journal_->GetRequest(NewJobId(kT0)), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(JobJournalConformanceTest, SecondCreateWithAKeyAnswersTheFirstJob) {
  const JobProgress first = CreateJob(kT0, "conn-a", "key-1");
  const JobProgress second = TestJobProgress(kT0 + absl::Seconds(1), "conn-a", "key-1");
  auto outcome = journal_->Create(TestJobRequest("conn-a", "other-digest"), second);
  ASSERT_THAT(outcome, IsOk());
  EXPECT_FALSE(outcome->created);
  EXPECT_EQ(outcome->existing.DebugString(), first.DebugString());
  EXPECT_EQ(outcome->existing_digest, "digest-" + first.job().id());

  auto page = journal_->List(ListFilter{});
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre(first.job().id()));
  auto got = journal_->Get(second.job().id());
  ASSERT_THAT(got, IsOk());
  EXPECT_FALSE(got->has_value());
}

TEST_P(JobJournalConformanceTest, EmptyIdempotencyKeysNeverCollide) {
  const JobProgress first = CreateJob(kT0, "conn-a", "");
  const JobProgress second = CreateJob(kT0 + absl::Seconds(1), "conn-a", "");
  auto page = journal_->List(ListFilter{});
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre(second.job().id(), first.job().id()));
}

// ---- Acquire ----------------------------------------------------------------------------

TEST_P(JobJournalConformanceTest, AcquireWithNothingRunnableIsNullopt) {
  auto lease = journal_->Acquire("worker-a", kT0, absl::Minutes(1));
  ASSERT_THAT(lease, IsOk());
  EXPECT_FALSE(lease->has_value());
}

TEST_P(JobJournalConformanceTest, LeaseIsExclusiveUntilItLapsesThenFencesItsHolder) {
  const JobProgress job = CreateJob(kT0);
  auto first = journal_->Acquire("worker-a", kT0 + absl::Seconds(1), absl::Seconds(30));
  ASSERT_THAT(first, IsOk());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->job_id, job.job().id());
  EXPECT_FALSE((*first)->token.empty());
  EXPECT_EQ((*first)->expires, kT0 + absl::Seconds(31));

  auto during = journal_->Acquire("worker-b", kT0 + absl::Seconds(20), absl::Seconds(30));
  ASSERT_THAT(during, IsOk());
  EXPECT_FALSE(during->has_value());

  auto after = journal_->Acquire("worker-b", kT0 + absl::Seconds(32), absl::Seconds(30));
  ASSERT_THAT(after, IsOk());
  ASSERT_TRUE(after->has_value());
  EXPECT_EQ((*after)->job_id, job.job().id());
  EXPECT_NE((*after)->token, (*first)->token);

  // The first holder paused past its lease: its writes must not land.
  const JobProgress stale = TestWorkerProgress(job, JOB_STATE_RUNNING, kT0, 2);
  EXPECT_THAT(journal_->Save(**first, stale), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(journal_->Release(**first, TestWorkerProgress(job, JOB_STATE_DONE, kT0, 3, kT0)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  auto got = journal_->Get(job.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->DebugString(), job.DebugString());
  EXPECT_THAT(journal_->Save(**after, stale), IsOk());
}

TEST_P(JobJournalConformanceTest, FutureJobIsAcquiredOnlyOnceDue) {
  const JobProgress job = CreateJob(kT0 + absl::Minutes(1));
  auto early = journal_->Acquire("worker-a", kT0 + absl::Seconds(59), absl::Minutes(1));
  ASSERT_THAT(early, IsOk());
  EXPECT_FALSE(early->has_value());
  AcquireExpecting(job.job().id(), kT0 + absl::Minutes(1));
}

TEST_P(JobJournalConformanceTest, LapsedLeasesComeFirstThenNextAttemptOrder) {
  const JobProgress crashed = CreateJob(kT0);
  auto lease = journal_->Acquire("worker-a", kT0, absl::Seconds(10));
  ASSERT_THAT(lease, IsOk());
  ASSERT_TRUE(lease->has_value());
  // Due before the crashed job, but created after it was acquired.
  const JobProgress older = CreateJob(kT0 - absl::Seconds(2));
  const JobProgress newer = CreateJob(kT0 - absl::Seconds(1));
  const absl::Time now = kT0 + absl::Seconds(20);
  AcquireExpecting(crashed.job().id(), now);
  AcquireExpecting(older.job().id(), now);
  AcquireExpecting(newer.job().id(), now);
  auto none = journal_->Acquire("worker-a", now, absl::Hours(1));
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value());
}

// ---- Save and Release -------------------------------------------------------------------

TEST_P(JobJournalConformanceTest, SaveStoresProgressAndExtendsTheLease) {
  const JobProgress job = CreateJob(kT0);
  auto acquired = journal_->Acquire("worker-a", kT0, absl::Seconds(10));
  ASSERT_THAT(acquired, IsOk());
  ASSERT_TRUE(acquired->has_value());
  Lease lease = **acquired;
  lease.expires = kT0 + absl::Seconds(60);
  const JobProgress saved = TestWorkerProgress(job, JOB_STATE_RUNNING, kT0, 2);
  auto cancelled = journal_->Save(lease, saved);
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_FALSE(*cancelled);

  auto got = journal_->Get(job.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->DebugString(), saved.DebugString());
  auto between = journal_->Acquire("worker-b", kT0 + absl::Seconds(30), absl::Seconds(10));
  ASSERT_THAT(between, IsOk());
  EXPECT_FALSE(between->has_value());
  AcquireExpecting(job.job().id(), kT0 + absl::Seconds(61));
}

TEST_P(JobJournalConformanceTest, SaveAnswersTrueOnceCancelIsRequested) {
  const JobProgress job = CreateJob(kT0);
  const Lease lease = AcquireExpecting(job.job().id(), kT0);
  const JobProgress saved = TestWorkerProgress(job, JOB_STATE_RUNNING, kT0, 1);
  auto before = journal_->Save(lease, saved);
  ASSERT_THAT(before, IsOk());
  EXPECT_FALSE(*before);
  ASSERT_THAT(journal_->RequestCancel(job.job().id()), IsOk());

  ASSERT_FALSE(saved.job().cancel_requested());  // the holder does not know yet
  auto after = journal_->Save(lease, saved);
  ASSERT_THAT(after, IsOk());
  EXPECT_TRUE(*after);
  auto got = journal_->Get(job.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_TRUE((*got)->job().cancel_requested());
  EXPECT_EQ((*got)->job().records_done(), 1);
}

TEST_P(JobJournalConformanceTest, ReleasedFinalJobIsNeverAcquiredAgain) {
  const JobProgress job = CreateJob(kT0);
  const Lease lease = AcquireExpecting(job.job().id(), kT0);
  ASSERT_THAT(journal_->Release(
                  lease, TestWorkerProgress(job, JOB_STATE_DONE, kT0, 3, kT0 + absl::Hours(1))),
              IsOk());
  auto later = journal_->Acquire("worker-b", kT0 + absl::Hours(48), absl::Minutes(1));
  ASSERT_THAT(later, IsOk());
  EXPECT_FALSE(later->has_value());
  auto got = journal_->Get(job.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->job().state(), JOB_STATE_DONE);
}

TEST_P(JobJournalConformanceTest, ReleasedRetryingJobIsAcquiredAtItsNextAttempt) {
  const JobProgress job = CreateJob(kT0);
  const Lease lease = AcquireExpecting(job.job().id(), kT0);
  ASSERT_THAT(
      journal_->Release(lease, TestWorkerProgress(job, JOB_STATE_RETRYING, kT0 + absl::Minutes(1))),
      IsOk());
  auto early = journal_->Acquire("worker-b", kT0 + absl::Seconds(59), absl::Minutes(1));
  ASSERT_THAT(early, IsOk());
  EXPECT_FALSE(early->has_value());
  AcquireExpecting(job.job().id(), kT0 + absl::Minutes(1));
}

// ---- Concurrency ------------------------------------------------------------------------

TEST_P(JobJournalConformanceTest, ConcurrentAcquiresLeaseEachJobOnce) {
  constexpr int kJobs = 200;
  constexpr int kWorkers = 8;
  for (int i = 0; i < kJobs; ++i) CreateJob(kT0 + absl::Milliseconds(i));
  std::mutex mu;  // not absl::Mutex: visible to ThreadSanitizer
  std::vector<std::string> acquired;
  std::vector<std::string> errors;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      // Bounded: a journal that leases a job twice (or never says "none") ends the loop.
      for (int attempt = 0; attempt <= kJobs; ++attempt) {
        auto lease =
            journal_->Acquire(absl::StrCat("worker-", w), kT0 + absl::Seconds(1), absl::Hours(1));
        std::lock_guard<std::mutex> lock(mu);
        if (!lease.ok()) {
          errors.push_back(lease.status().ToString());
          return;
        }
        if (!lease->has_value()) return;
        acquired.push_back((*lease)->job_id);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_THAT(acquired, SizeIs(kJobs));
  EXPECT_THAT(std::set<std::string>(acquired.begin(), acquired.end()), SizeIs(kJobs));
}

}  // namespace
}  // namespace leadgw::jobs
