#include "jobs/redis_journal.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobs/journal_conformance.h"
#include "testing/status_matchers.h"
#include "tests/testing/redis_server.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::jobs {
namespace {

using ::leadgw::testing::RedisServer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::leadgw::upstream::coord::RedisClient;
using ::testing::HasSubstr;

// Far from the real clock, as the conformance suite's times: the journal must judge every
// time by the caller's `now`.
const absl::Time kT0 = absl::FromUnixSeconds(1'800'000'000);

// One redis-server for the whole binary; each test has its own key prefix.
RedisServer& SharedServer() {
  static RedisServer* server = [] {
    absl::StatusOr<std::unique_ptr<RedisServer>> started = RedisServer::Start();
    if (!started.ok()) {
      ADD_FAILURE() << started.status();
      std::abort();
    }
    return started->release();
  }();
  return *server;
}

std::string FreshPrefix() {
  static std::atomic<int> next{0};
  return absl::StrCat("test", next++);
}

// A "replica": its own client (connection) on `server`.
std::unique_ptr<RedisJournal> Replica(RedisServer& server, const std::string& prefix) {
  RedisJournalOptions options;
  options.key_prefix = prefix;
  return std::make_unique<RedisJournal>(std::make_shared<RedisClient>(server.ClientOptions()),
                                        options);
}

void SetTime(google::protobuf::Timestamp* ts, absl::Time t) {
  ts->set_seconds(absl::ToUnixSeconds(t));
  ts->set_nanos(0);
}

JobProgress NewJob(absl::Time created, const std::string& key = "",
                   const std::string& connection = "conn-a") {
  JobProgress progress;
  leadgateway::v1::Job* job = progress.mutable_job();
  job->set_id(NewJobId(created));
  job->set_connection(connection);
  job->set_state(leadgateway::v1::JOB_STATE_QUEUED);
  job->set_idempotency_key(key);
  job->set_record_count(3);
  SetTime(job->mutable_create_time(), created);
  SetTime(job->mutable_next_attempt_time(), created);
  return progress;
}

JobRequest RequestWithDigest(const std::string& digest) {
  JobRequest request;
  request.set_digest(digest);
  return request;
}

// The JobJournal contract: every case on its own key prefix of the shared server.
INSTANTIATE_TEST_SUITE_P(Redis, JobJournalConformanceTest,
                         ::testing::Values(JournalFactory{"redis",
                                                          [] {
                                                            return std::unique_ptr<JobJournal>(
                                                                Replica(SharedServer(),
                                                                        FreshPrefix()));
                                                          }}),
                         JournalFactoryName);

class RedisJournalTest : public ::testing::Test {
 protected:
  RedisJournalTest() : prefix_(FreshPrefix()), journal_(Replica(SharedServer(), prefix_)) {}

  std::string Create(absl::Time created, const std::string& key = "") {
    JobProgress progress = NewJob(created, key);
    absl::StatusOr<CreateOutcome> outcome = journal_->Create(RequestWithDigest("d"), progress);
    EXPECT_THAT(outcome, IsOk());
    EXPECT_TRUE(outcome.ok() && outcome->created);
    return progress.job().id();
  }

  const std::string prefix_;
  std::unique_ptr<RedisJournal> journal_;
};

TEST_F(RedisJournalTest, LapsedLeaseMovesToAnotherReplica) {
  std::unique_ptr<RedisJournal> other = Replica(SharedServer(), prefix_);
  const std::string id = Create(kT0);

  absl::StatusOr<std::optional<Lease>> a = journal_->Acquire("a", kT0, absl::Seconds(30));
  ASSERT_THAT(a, IsOk());
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->job_id, id);
  // Live lease: B finds nothing, even much later on the real clock.
  absl::StatusOr<std::optional<Lease>> b = other->Acquire("b", kT0 + absl::Seconds(29),
                                                          absl::Seconds(30));
  ASSERT_THAT(b, IsOk());
  EXPECT_FALSE(b->has_value());

  b = other->Acquire("b", kT0 + absl::Seconds(30), absl::Seconds(30));
  ASSERT_THAT(b, IsOk());
  ASSERT_TRUE(b->has_value());
  EXPECT_EQ((*b)->job_id, id);
  EXPECT_NE((*b)->token, (*a)->token);

  JobProgress progress = NewJob(kT0);
  progress.mutable_job()->set_id(id);
  progress.mutable_job()->set_state(leadgateway::v1::JOB_STATE_RUNNING);
  EXPECT_THAT(journal_->Save(**a, progress),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("lease lost")));
  EXPECT_THAT(journal_->Release(**a, progress),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("lease lost")));
  progress.mutable_job()->set_attempts(7);
  EXPECT_THAT(other->Save(**b, progress), IsOk());
  absl::StatusOr<std::optional<JobProgress>> got = journal_->Get(id);
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->job().attempts(), 7);
}

TEST_F(RedisJournalTest, ConcurrentReplicasAcquireEachJobOnce) {
  constexpr int kJobs = 200;
  for (int i = 0; i < kJobs; ++i) Create(kT0 + absl::Milliseconds(i));
  std::unique_ptr<RedisJournal> other = Replica(SharedServer(), prefix_);

  std::mutex mu;  // not absl::Mutex: visible to ThreadSanitizer
  std::vector<std::string> acquired;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    RedisJournal* journal = t % 2 == 0 ? journal_.get() : other.get();
    threads.emplace_back([&, journal, t] {
      for (;;) {
        absl::StatusOr<std::optional<Lease>> lease =
            journal->Acquire(absl::StrCat("w", t), kT0 + absl::Seconds(1), absl::Hours(1));
        if (!lease.ok()) {
          ++errors;
          return;
        }
        if (!lease->has_value()) return;
        std::lock_guard<std::mutex> lock(mu);
        acquired.push_back((*lease)->job_id);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(acquired.size(), kJobs);
  EXPECT_EQ(absl::flat_hash_set<std::string>(acquired.begin(), acquired.end()).size(), kJobs);
}

TEST_F(RedisJournalTest, IdempotencyKeyRaceCreatesOneJob) {
  std::vector<std::unique_ptr<RedisJournal>> replicas;
  for (int i = 0; i < 4; ++i) replicas.push_back(Replica(SharedServer(), prefix_));
  std::atomic<int> created{0};
  std::atomic<int> failed{0};
  std::mutex mu;  // not absl::Mutex: visible to ThreadSanitizer
  std::vector<std::string> seen;  // the existing job each loser was told of
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      absl::StatusOr<CreateOutcome> outcome = replicas[t % 4]->Create(
          RequestWithDigest(absl::StrCat("digest", t)), NewJob(kT0, "same-key"));
      if (!outcome.ok()) {
        ++failed;
      } else if (outcome->created) {
        ++created;
      } else {
        std::lock_guard<std::mutex> lock(mu);
        seen.push_back(absl::StrCat(outcome->existing.job().id(), "/",
                                    outcome->existing_digest));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(created.load(), 1);
  ASSERT_EQ(seen.size(), 7u);
  for (const std::string& s : seen) EXPECT_EQ(s, seen[0]);
  absl::StatusOr<JournalStats> stats = journal_->Stats();
  ASSERT_THAT(stats, IsOk());
  EXPECT_EQ(stats->open_jobs, 1);
  EXPECT_EQ(stats->open_records, 3);
}

TEST_F(RedisJournalTest, NextAttemptTimeFollowsTheCallersClock) {
  Create(kT0 + absl::Seconds(10));
  absl::StatusOr<std::optional<Lease>> lease =
      journal_->Acquire("w", kT0 + absl::Seconds(9), absl::Seconds(30));
  ASSERT_THAT(lease, IsOk());
  EXPECT_FALSE(lease->has_value());
  lease = journal_->Acquire("w", kT0 + absl::Seconds(10), absl::Seconds(30));
  ASSERT_THAT(lease, IsOk());
  EXPECT_TRUE(lease->has_value());
}

TEST_F(RedisJournalTest, CorruptProgressIsInternal) {
  const std::string id = Create(kT0);
  RedisClient raw(SharedServer().ClientOptions());
  ASSERT_THAT(raw.Command({"HSET", absl::StrCat(prefix_, ":jobs:job:", id), "progress",
                           std::string("\xff\xff\xff", 3)}),
              IsOk());
  EXPECT_THAT(journal_->Get(id), StatusIs(absl::StatusCode::kInternal, HasSubstr("corrupt")));
}

TEST_F(RedisJournalTest, FullRedisIsResourceExhaustedAndStoresNothing) {
  RedisClient raw(SharedServer().ClientOptions());
  ASSERT_THAT(raw.Command({"CONFIG", "SET", "maxmemory", "1"}), IsOk());
  JobProgress progress = NewJob(kT0, "key");
  absl::StatusOr<CreateOutcome> outcome = journal_->Create(RequestWithDigest("d"), progress);
  ASSERT_THAT(raw.Command({"CONFIG", "SET", "maxmemory", "0"}), IsOk());
  EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kResourceExhausted,
                                HasSubstr("job journal full")));
  absl::StatusOr<std::optional<JobProgress>> got = journal_->Get(progress.job().id());
  ASSERT_THAT(got, IsOk());
  EXPECT_FALSE(got->has_value());
  EXPECT_TRUE(journal_->Create(RequestWithDigest("d"), progress)->created);  // key was free
}

TEST_F(RedisJournalTest, PageTokenOfAPurgedJobStillContinues) {
  const std::string oldest = Create(kT0);
  const std::string middle = Create(kT0 + absl::Seconds(1));
  const std::string newest = Create(kT0 + absl::Seconds(2));
  ListFilter filter;
  filter.page_size = 1;
  absl::StatusOr<JobPage> page = journal_->List(filter);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->jobs.size(), 1u);
  EXPECT_EQ(page->jobs[0].job().id(), newest);

  // The token's job ends and is purged before the next page is asked for.
  absl::StatusOr<std::optional<Lease>> lease =
      journal_->Acquire("w", kT0 + absl::Seconds(2), absl::Seconds(30));
  ASSERT_THAT(lease, IsOk());
  ASSERT_TRUE(lease->has_value());
  ASSERT_EQ((*lease)->job_id, oldest);  // next_attempt_time order
  JobProgress done = NewJob(kT0);
  done.mutable_job()->set_id(oldest);
  done.mutable_job()->set_state(leadgateway::v1::JOB_STATE_DONE);
  SetTime(done.mutable_job()->mutable_expire_time(), kT0 + absl::Seconds(5));
  ASSERT_THAT(journal_->Release(**lease, done), IsOk());
  // Make the newest job (the token's) the one purged: release it final too.
  for (const std::string& id : {middle, newest}) {
    lease = journal_->Acquire("w", kT0 + absl::Seconds(2), absl::Seconds(30));
    ASSERT_THAT(lease, IsOk());
    ASSERT_TRUE(lease->has_value());
    ASSERT_EQ((*lease)->job_id, id);
    if (id == newest) {
      done.mutable_job()->set_id(newest);
      ASSERT_THAT(journal_->Release(**lease, done), IsOk());
    }
  }
  absl::StatusOr<int> purged = journal_->PurgeExpired(kT0 + absl::Seconds(6));
  ASSERT_THAT(purged, IsOk());
  EXPECT_EQ(*purged, 2);

  filter.page_token = page->next_page_token;
  page = journal_->List(filter);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->jobs.size(), 1u);
  EXPECT_EQ(page->jobs[0].job().id(), middle);
  EXPECT_TRUE(page->next_page_token.empty());
  absl::StatusOr<JournalStats> stats = journal_->Stats();
  ASSERT_THAT(stats, IsOk());
  EXPECT_EQ(stats->open_jobs, 1);
  EXPECT_EQ(stats->oldest_open_create_time, kT0 + absl::Seconds(1));
}

TEST(RedisJournalOutageTest, KilledRedisIsUnavailableUntilRestarted) {
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  std::unique_ptr<RedisJournal> journal = Replica(**server, "outage");
  ASSERT_THAT(journal->Create(RequestWithDigest("d"), NewJob(kT0)), IsOk());

  (*server)->Kill();
  const absl::Time start = absl::Now();
  EXPECT_THAT(journal->Create(RequestWithDigest("d"), NewJob(kT0)),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(journal->Acquire("w", kT0, absl::Seconds(30)),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(journal->Stats(), StatusIs(absl::StatusCode::kUnavailable));
  // Refused connections answer at once; the bound is loose for a saturated machine.
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));

  ASSERT_THAT((*server)->Restart(), IsOk());
  // The client reconnects at most once per reconnect_interval.
  absl::StatusOr<CreateOutcome> outcome;
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  do {
    outcome = journal->Create(RequestWithDigest("d"), NewJob(kT0));
    if (!outcome.ok()) absl::SleepFor(absl::Milliseconds(50));
  } while (!outcome.ok() && absl::Now() < give_up);
  ASSERT_THAT(outcome, IsOk());
  EXPECT_TRUE(outcome->created);
  // The restarted Redis (no persistence in tests) lost the stream: the group comes back.
  absl::StatusOr<std::optional<Lease>> lease = journal->Acquire("w", kT0, absl::Seconds(30));
  ASSERT_THAT(lease, IsOk());
  EXPECT_TRUE(lease->has_value());
}

}  // namespace
}  // namespace leadgw::jobs
