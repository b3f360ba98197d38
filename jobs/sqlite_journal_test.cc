#include "jobs/sqlite_journal.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobs/journal_conformance.h"
#include "testing/status_matchers.h"

namespace leadgw::jobs {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// A path under the test's private temporary directory, with no journal left at it.
std::string FreshPath(absl::string_view name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", name);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::remove(absl::StrCat(path, suffix).c_str());
  }
  return path;
}

// A fresh file per conformance case: each case must start from an empty journal.
std::unique_ptr<JobJournal> OpenFreshJournal() {
  static std::atomic<int> next_file{0};
  auto journal = SqliteJournal::Open(
      {FreshPath(absl::StrCat("conformance-", getpid(), "-", next_file++, ".db"))});
  if (!journal.ok()) {
    ADD_FAILURE() << journal.status();
    return nullptr;
  }
  return *std::move(journal);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, JobJournalConformanceTest,
                         ::testing::Values(JournalFactory{"sqlite", OpenFreshJournal}),
                         JournalFactoryName);

const absl::Time kT0 = TestEpoch();

// Runs `sql` on the (closed) journal file directly: what another tool or a bug could do.
void RunSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

absl::Status CreateJob(JobJournal& journal, const JobProgress& progress, int records = 3) {
  return journal.Create(TestJobRequest("conn-a", "digest", records), progress).status();
}

TEST(SqliteJournalTest, ReopenKeepsJobsAndClearsLeases) {
  const std::string path = FreshPath("reopen.db");
  const JobProgress job = TestJobProgress(kT0);
  {
    auto journal = SqliteJournal::Open({path});
    ASSERT_THAT(journal, IsOk());
    ASSERT_THAT(CreateJob(**journal, job), IsOk());
    auto lease = (*journal)->Acquire("worker-a", kT0, absl::Hours(1));
    ASSERT_THAT(lease, IsOk());
    ASSERT_TRUE(lease->has_value());
  }  // the process "dies" holding the lease
  auto reopened = SqliteJournal::Open({path});
  ASSERT_THAT(reopened, IsOk());
  auto got = (*reopened)->Get(job.job().id());
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->DebugString(), job.DebugString());
  // Resumed at once, not an hour later.
  auto lease = (*reopened)->Acquire("worker-b", kT0 + absl::Seconds(1), absl::Hours(1));
  ASSERT_THAT(lease, IsOk());
  ASSERT_TRUE(lease->has_value());
  EXPECT_EQ((*lease)->job_id, job.job().id());
}

TEST(SqliteJournalTest, SecondOpenOfALiveFileFailsInUse) {
  const std::string path = FreshPath("live.db");
  auto first = SqliteJournal::Open({path});
  ASSERT_THAT(first, IsOk());
  // WAL in EXCLUSIVE mode: a log beside the file, and no shared-memory index that another
  // process could use to read alongside.
  EXPECT_EQ(access((path + "-wal").c_str(), F_OK), 0);
  EXPECT_NE(access((path + "-shm").c_str(), F_OK), 0);
  SqliteJournalOptions options{path};
  options.busy_timeout = absl::Milliseconds(50);
  EXPECT_THAT(SqliteJournal::Open(options),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(path), HasSubstr("in use by another process"))));
  // The first is unharmed, and the file opens again once it is closed.
  EXPECT_THAT(CreateJob(**first, TestJobProgress(kT0)), IsOk());
  first->reset();
  EXPECT_THAT(SqliteJournal::Open(options), IsOk());
}

TEST(SqliteJournalTest, FullJournalIsResourceExhaustedAndStoresNothing) {
  SqliteJournalOptions options{FreshPath("full.db")};
  options.max_bytes = 64 * 1024;
  auto journal = SqliteJournal::Open(options);
  ASSERT_THAT(journal, IsOk());
  std::vector<std::string> stored;
  absl::Status failure;
  std::string failed_id;
  for (int i = 0; i < 1000 && failure.ok(); ++i) {
    const JobProgress job = TestJobProgress(kT0 + absl::Milliseconds(i));
    failure = CreateJob(**journal, job, /*records=*/100);
    if (failure.ok()) {
      stored.push_back(job.job().id());
    } else {
      failed_id = job.job().id();
    }
  }
  EXPECT_THAT(failure, StatusIs(absl::StatusCode::kResourceExhausted,
                                HasSubstr("job journal full (" + options.path + ")")));
  EXPECT_GT(stored.size(), 3u);
  auto failed = (*journal)->Get(failed_id);
  ASSERT_THAT(failed, IsOk());
  EXPECT_FALSE(failed->has_value());
  for (const auto& id : stored) {
    auto got = (*journal)->Get(id);
    ASSERT_THAT(got, IsOk());
    EXPECT_TRUE(got->has_value()) << id;
  }
  auto stats = (*journal)->Stats();
  ASSERT_THAT(stats, IsOk());
  EXPECT_EQ(stats->open_jobs, static_cast<int64_t>(stored.size()));
}

TEST(SqliteJournalTest, UnwritablePathFailsOpenNamingIt) {
  const std::string file = FreshPath("regular-file");
  std::ofstream(file) << "not a directory";
  const std::string path = file + "/journal.db";
  auto journal = SqliteJournal::Open({path});
  ASSERT_FALSE(journal.ok());
  EXPECT_THAT(journal.status().code(), ::testing::AnyOf(absl::StatusCode::kUnavailable,
                                                        absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(journal.status().message(), HasSubstr(path));
}

TEST(SqliteJournalTest, NotADatabaseIsInternal) {
  const std::string path = FreshPath("garbage.db");
  std::ofstream(path) << std::string(8192, 'x');
  EXPECT_THAT(SqliteJournal::Open({path}), StatusIs(absl::StatusCode::kInternal));
}

TEST(SqliteJournalTest, NewerSchemaIsRefused) {
  const std::string path = FreshPath("newer.db");
  ASSERT_THAT(SqliteJournal::Open({path}), IsOk());
  RunSql(path, "PRAGMA user_version = 99");
  EXPECT_THAT(SqliteJournal::Open({path}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("schema version 99")));
}

TEST(SqliteJournalTest, UnreadableRecordIsInternal) {
  const std::string path = FreshPath("corrupt-record.db");
  const JobProgress job = TestJobProgress(kT0);
  {
    auto journal = SqliteJournal::Open({path});
    ASSERT_THAT(journal, IsOk());
    ASSERT_THAT(CreateJob(**journal, job), IsOk());
  }
  RunSql(path, "UPDATE jobs SET progress = x'ffffffff', request = x'ffffffff'");
  auto journal = SqliteJournal::Open({path});
  ASSERT_THAT(journal, IsOk());
  EXPECT_THAT((*journal)->Get(job.job().id()), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT((*journal)->GetRequest(job.job().id()), StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace leadgw::jobs
