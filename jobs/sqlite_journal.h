// SqliteJournal: the JobJournal of a single gateway process, one SQLite file on a volume.
//
// Durability: WAL mode with synchronous=FULL, and every mutating call is one transaction
// committed before it returns, so an acknowledged job survives a crash or a power loss.
// (Acquire's commit alone skips the fsync: the lease it stores is cleared at Open anyway.)
// The file belongs to one process (locking_mode=EXCLUSIVE, held from Open to destruction):
// a second Open of it, from this process or another, fails FAILED_PRECONDITION. Because
// of that, Open clears every lease it finds: they belonged to a process that died, and a
// restarted gateway resumes their jobs at once instead of waiting the leases out.
//
// Times are stored in Unix milliseconds; a lease counts as lapsed from the millisecond of
// its expiry. Acquire and Stats, which run on every worker poll and every scrape, read a
// few index entries however long the backlog (sqlite_journal_sql.h).
//
// Errors (beyond journal.h): RESOURCE_EXHAUSTED "job journal full (<path>): ..." when the
// disk or `max_bytes` is full; UNAVAILABLE when the file is busy, or "job journal <path>
// not writable: ..." when it cannot be opened or written (read-only, I/O error,
// permissions); INTERNAL for a corrupt file or record; FAILED_PRECONDITION at Open when
// the file is in use or was written by a newer schema. A failed call is rolled back.
// Thread-safe: one connection, every call serialised by a mutex.
#ifndef LEADGW_JOBS_SQLITE_JOURNAL_H_
#define LEADGW_JOBS_SQLITE_JOURNAL_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "jobs/journal.h"
#include "jobs/sqlite_statements.h"

namespace leadgw::jobs {

struct SqliteJournalOptions {
  // The database file; created when missing. Its directory must exist. SQLite keeps a
  // write-ahead log beside it ("<path>-wal").
  std::string path;
  // 0: no limit. Otherwise the database file never grows past this (PRAGMA
  // max_page_count), and a write that would need more fails RESOURCE_EXHAUSTED: how
  // operators bound the journal on a shared volume. The write-ahead log comes on top
  // (up to about 4 MiB between checkpoints).
  int64_t max_bytes = 0;
  // How long a statement waits for a lock held by another connection before UNAVAILABLE
  // (at Open: before FAILED_PRECONDITION "in use").
  absl::Duration busy_timeout = absl::Seconds(5);
};

class SqliteJournal : public JobJournal {
 public:
  // Opens (or creates) the journal file, brings its schema up to date and clears the
  // leases left in it. FAILED_PRECONDITION when another connection holds the file or its
  // schema is newer than this build knows; UNAVAILABLE when it cannot be opened or
  // written; RESOURCE_EXHAUSTED when `max_bytes` cannot even hold the schema.
  static absl::StatusOr<std::unique_ptr<SqliteJournal>> Open(SqliteJournalOptions options);

  ~SqliteJournal() override;
  SqliteJournal(const SqliteJournal&) = delete;
  SqliteJournal& operator=(const SqliteJournal&) = delete;

  absl::StatusOr<CreateOutcome> Create(const JobRequest& request,
                                       const JobProgress& progress) override;
  absl::StatusOr<std::optional<JobProgress>> Get(absl::string_view job_id) override;
  absl::StatusOr<JobRequest> GetRequest(absl::string_view job_id) override;
  absl::StatusOr<JobPage> List(const ListFilter& filter) override;
  absl::StatusOr<std::optional<Lease>> Acquire(absl::string_view worker, absl::Time now,
                                               absl::Duration lease_for) override;
  absl::StatusOr<bool> Save(const Lease& lease, const JobProgress& progress) override;
  absl::Status Release(const Lease& lease, const JobProgress& progress) override;
  absl::StatusOr<JobProgress> RequestCancel(absl::string_view job_id) override;
  absl::StatusOr<int> PurgeExpired(absl::Time now) override;
  absl::StatusOr<JournalStats> Stats() override;
  absl::Status PutState(absl::string_view scope,
                        const std::vector<StateRecord>& records) override;
  absl::StatusOr<std::vector<StateRecord>> GetState(absl::string_view scope) override;

 private:
  SqliteJournal(std::string path, sqlite3* db);

  // Runs the Open steps after sqlite3_open returned `open_rc`: pragmas, schema, lease
  // reset.
  absl::Status Initialise(const SqliteJournalOptions& options, int open_rc);
  absl::Status InitialiseSchema() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Shared by Save and Release: the fenced write of a lease holder's progress. Returns
  // whether cancellation was requested.
  absl::StatusOr<bool> StoreLeased(const Lease& lease, const JobProgress& progress, bool keep_lease)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<JobProgress>> ReadProgress(absl::string_view job_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The id of the first row of `sql` (bound to `now_ms`), or empty: Acquire's queries.
  absl::StatusOr<std::string> FirstId(const char* sql, int64_t now_ms)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs a cached pragma that answers nothing.
  absl::Status RunPragma(const char* sql) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  // std::mutex rather than absl::Mutex: ThreadSanitizer sees only instrumented code, and
  // Debian's abseil is not (tools/tsan.supp).
  std::mutex mu_;
  sqlite_internal::Connection db_ ABSL_GUARDED_BY(mu_);
  absl::BitGen bitgen_ ABSL_GUARDED_BY(mu_);  // lease tokens
};

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_SQLITE_JOURNAL_H_
