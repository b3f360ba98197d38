// The JobJournal conformance cases for RequestCancel, List, PurgeExpired and Stats; the
// ones for Create, Acquire, leases and concurrency are in journal_conformance.cc. Both
// files register into one suite (the library is alwayslink).
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "jobs/journal_conformance.h"
#include "testing/status_matchers.h"

namespace leadgw::jobs {
namespace {

using ::leadgateway::v1::JOB_STATE_DONE;
using ::leadgateway::v1::JOB_STATE_PARKED;
using ::leadgateway::v1::JOB_STATE_QUEUED;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::Time kT0 = TestEpoch();

// ---- RequestCancel ----------------------------------------------------------------------

TEST_P(JobJournalConformanceTest, CancelMakesAParkedJobRunnableNow) {
  const JobProgress job = CreateJob(kT0);
  const Lease lease = AcquireExpecting(job.job().id(), kT0);
  ASSERT_THAT(
      journal_->Release(lease, TestWorkerProgress(job, JOB_STATE_PARKED, kT0 + absl::Hours(8))),
      IsOk());
  auto parked = journal_->Acquire("worker-b", kT0 + absl::Seconds(1), absl::Minutes(1));
  ASSERT_THAT(parked, IsOk());
  ASSERT_FALSE(parked->has_value());

  auto cancelled = journal_->RequestCancel(job.job().id());
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_TRUE(cancelled->job().cancel_requested());
  EXPECT_EQ(cancelled->job().state(), JOB_STATE_PARKED);
  auto got = journal_->Get(job.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_TRUE((*got)->job().cancel_requested());
  AcquireExpecting(job.job().id(), kT0 + absl::Seconds(1));
}

TEST_P(JobJournalConformanceTest, CancelOfAFinalJobChangesNothing) {
  const JobProgress job = CreateJob(kT0);
  const Lease lease = AcquireExpecting(job.job().id(), kT0);
  const JobProgress done = TestWorkerProgress(job, JOB_STATE_DONE, kT0, 3, kT0 + absl::Hours(1));
  ASSERT_THAT(journal_->Release(lease, done), IsOk());
  auto cancelled = journal_->RequestCancel(job.job().id());
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_EQ(cancelled->DebugString(), done.DebugString());
  auto got = journal_->Get(job.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->DebugString(), done.DebugString());
}

TEST_P(JobJournalConformanceTest, CancelOfAnUnknownJobIsNotFound) {
  EXPECT_THAT(journal_->RequestCancel(NewJobId(kT0)), StatusIs(absl::StatusCode::kNotFound));
}

// ---- List -------------------------------------------------------------------------------

TEST_P(JobJournalConformanceTest, ListIsNewestFirst) {
  std::vector<std::string> newest_first;
  for (int i = 0; i < 5; ++i) {
    newest_first.insert(newest_first.begin(), CreateJob(kT0 + absl::Seconds(i)).job().id());
  }
  auto page = journal_->List(ListFilter{});
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(Ids(*page), newest_first);
  EXPECT_THAT(page->next_page_token, IsEmpty());
}

TEST_P(JobJournalConformanceTest, ListFiltersByStateAndConnection) {
  const JobProgress a_done = CreateJob(kT0, "conn-a");
  const Lease lease = AcquireExpecting(a_done.job().id(), kT0);
  ASSERT_THAT(journal_->Release(
                  lease, TestWorkerProgress(a_done, JOB_STATE_DONE, kT0, 3, kT0 + absl::Hours(1))),
              IsOk());
  const JobProgress a_queued = CreateJob(kT0 + absl::Seconds(1), "conn-a");
  const JobProgress b_queued = CreateJob(kT0 + absl::Seconds(2), "conn-b");

  auto list = [&](JobState state, std::string connection) {
    ListFilter filter;
    filter.state = state;
    filter.connection = std::move(connection);
    auto page = journal_->List(filter);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? Ids(*page) : std::vector<std::string>{};
  };
  EXPECT_THAT(list(JOB_STATE_DONE, ""), ElementsAre(a_done.job().id()));
  EXPECT_THAT(list(JOB_STATE_QUEUED, ""), ElementsAre(b_queued.job().id(), a_queued.job().id()));
  EXPECT_THAT(list(::leadgateway::v1::JOB_STATE_UNSPECIFIED, "conn-a"),
              ElementsAre(a_queued.job().id(), a_done.job().id()));
  EXPECT_THAT(list(JOB_STATE_QUEUED, "conn-a"), ElementsAre(a_queued.job().id()));
  EXPECT_THAT(list(JOB_STATE_PARKED, "conn-b"), IsEmpty());
}

TEST_P(JobJournalConformanceTest, ListPagesCoverEveryJobOnce) {
  std::vector<std::string> newest_first;
  for (int i = 0; i < 7; ++i) {
    newest_first.insert(newest_first.begin(), CreateJob(kT0 + absl::Seconds(i)).job().id());
  }
  std::vector<std::string> seen;
  ListFilter filter;
  filter.page_size = 3;
  std::vector<size_t> page_sizes;
  for (int pages = 0; pages < 10; ++pages) {  // bounded: a looping token fails, not hangs
    auto page = journal_->List(filter);
    ASSERT_THAT(page, IsOk());
    page_sizes.push_back(page->jobs.size());
    for (const auto& id : Ids(*page)) seen.push_back(id);
    if (page->next_page_token.empty()) break;
    filter.page_token = page->next_page_token;
  }
  EXPECT_EQ(seen, newest_first);
  EXPECT_THAT(page_sizes, ElementsAre(3, 3, 1));
}

// ---- PurgeExpired -----------------------------------------------------------------------

TEST_P(JobJournalConformanceTest, PurgeDeletesOnlyExpiredFinalJobsAndFreesTheirKeys) {
  const JobProgress expired = CreateJob(kT0, "conn-a", "key-1");
  const Lease first = AcquireExpecting(expired.job().id(), kT0);
  ASSERT_THAT(journal_->Release(first, TestWorkerProgress(expired, JOB_STATE_DONE, kT0, 3,
                                                          kT0 + absl::Seconds(10))),
              IsOk());
  const JobProgress kept = CreateJob(kT0 + absl::Seconds(1), "conn-a", "key-2");
  const Lease second = AcquireExpecting(kept.job().id(), kT0 + absl::Seconds(1));
  ASSERT_THAT(journal_->Release(second, TestWorkerProgress(kept, JOB_STATE_DONE, kT0, 3,
                                                           kT0 + absl::Seconds(100))),
              IsOk());
  const JobProgress open = CreateJob(kT0 + absl::Seconds(2), "conn-a", "key-3");

  auto purged = journal_->PurgeExpired(kT0 + absl::Seconds(50));
  ASSERT_THAT(purged, IsOk());
  EXPECT_EQ(*purged, 1);
  for (const auto& [id, present] :
       {std::pair(expired.job().id(), false), std::pair(kept.job().id(), true),
        std::pair(open.job().id(), true)}) {
    auto got = journal_->Get(id);
    ASSERT_THAT(got, IsOk());
    EXPECT_EQ(got->has_value(), present) << id;
  }
  auto again = journal_->PurgeExpired(kT0 + absl::Seconds(50));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);

  const JobProgress reused = TestJobProgress(kT0 + absl::Seconds(60), "conn-a", "key-1");
  auto outcome = journal_->Create(TestJobRequest("conn-a", "digest-new"), reused);
  ASSERT_THAT(outcome, IsOk());
  EXPECT_TRUE(outcome->created);
}

// ---- Stats ------------------------------------------------------------------------------

TEST_P(JobJournalConformanceTest, StatsCountOpenJobsAndTheirRecords) {
  auto empty = journal_->Stats();
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty->open_jobs, 0);
  EXPECT_EQ(empty->oldest_open_create_time, absl::InfiniteFuture());

  const JobProgress done = CreateJob(kT0, "conn-a", "", 3);  // oldest, but final
  const Lease first = AcquireExpecting(done.job().id(), kT0);
  ASSERT_THAT(journal_->Release(first, TestWorkerProgress(done, JOB_STATE_DONE, kT0, 3, kT0)),
              IsOk());
  const JobProgress parked = CreateJob(kT0 + absl::Seconds(1), "conn-a", "", 4);
  const Lease second = AcquireExpecting(parked.job().id(), kT0 + absl::Seconds(1));
  ASSERT_THAT(journal_->Release(
                  second, TestWorkerProgress(parked, JOB_STATE_PARKED, kT0 + absl::Hours(8), 1)),
              IsOk());
  CreateJob(kT0 + absl::Seconds(2), "conn-b", "", 5);

  auto stats = journal_->Stats();
  ASSERT_THAT(stats, IsOk());
  EXPECT_EQ(stats->open_jobs, 2);
  EXPECT_EQ(stats->parked_jobs, 1);
  EXPECT_EQ(stats->open_records, 3 + 5);
  EXPECT_EQ(stats->oldest_open_create_time, kT0 + absl::Seconds(1));
}

}  // namespace
}  // namespace leadgw::jobs
