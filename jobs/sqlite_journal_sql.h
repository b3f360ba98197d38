// The schema and SQL of SqliteJournal (jobs/sqlite_journal.cc), in a header of their own
// so its test can ask SQLite how it runs the hot queries (EXPLAIN QUERY PLAN).
#ifndef LEADGW_JOBS_SQLITE_JOURNAL_SQL_H_
#define LEADGW_JOBS_SQLITE_JOURNAL_SQL_H_

#include "leadgateway/v1/job_service.pb.h"

namespace leadgw::jobs::sqlite_internal {

// The SQL below spells these states as numbers (a partial index serves only a query that
// repeats its WHERE terms word for word): keep them in step with the enum.
static_assert(::leadgateway::v1::JOB_STATE_DONE == 5 &&
                  ::leadgateway::v1::JOB_STATE_CANCELLED == 6 &&
                  ::leadgateway::v1::JOB_STATE_EXPIRED == 7 &&
                  ::leadgateway::v1::JOB_STATE_PARKED == 4,
              "the SQL of sqlite_journal_sql.h hard-codes these state numbers");

// PRAGMA user_version of the schema below. A file with a higher one was written by a newer
// gateway: refused rather than misread. Version 2 replaced Acquire's index (jobs_open: one
// query that sorted every open job) with jobs_due and jobs_leased, and added job_totals.
// Version 3 added state_records (JobJournal::PutState).
inline constexpr int kSchemaVersion = 3;

// Brings a file of any older version (or a new one) to kSchemaVersion; every step is
// idempotent.
inline constexpr char kMigrateSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS state_records (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY NOT NULL,
  idempotency_key TEXT UNIQUE,          -- NULL when the job has none: NULLs never collide
  connection TEXT NOT NULL,
  state INTEGER NOT NULL,               -- leadgateway.v1.JobState
  create_ms INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,     -- when Acquire may take it: 0 once cancel is requested
  expire_ms INTEGER,                    -- NULL: no expire_time, never purged
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  lease_token TEXT,                     -- NULL: no lease
  lease_until_ms INTEGER,
  open_records INTEGER NOT NULL,        -- record_count - records_done
  request BLOB NOT NULL,                -- leadgateway.jobs.v1.JobRequest
  progress BLOB NOT NULL                -- leadgateway.jobs.v1.JobProgress
);
CREATE INDEX IF NOT EXISTS jobs_purge ON jobs (expire_ms) WHERE state IN (5, 6, 7);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, id);
CREATE INDEX IF NOT EXISTS jobs_by_connection ON jobs (connection, id);
DROP INDEX IF EXISTS jobs_open;
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (next_attempt_ms, id)
  WHERE state NOT IN (5, 6, 7) AND lease_token IS NULL;
CREATE INDEX IF NOT EXISTS jobs_leased ON jobs (lease_until_ms, id) WHERE lease_token IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_oldest_open ON jobs (create_ms) WHERE state NOT IN (5, 6, 7);
UPDATE jobs SET next_attempt_ms = 0 WHERE cancel_requested = 1 AND state NOT IN (5, 6, 7);

-- Stats without a scan: one row kept by triggers, so in the transaction of every write,
-- whoever writes. Counted once here when a file gains it.
CREATE TABLE IF NOT EXISTS job_totals (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  open_jobs INTEGER NOT NULL,
  parked_jobs INTEGER NOT NULL,
  open_records INTEGER NOT NULL
);
INSERT OR REPLACE INTO job_totals
  SELECT 1, COUNT(*), COALESCE(SUM(state = 4), 0), COALESCE(SUM(open_records), 0)
  FROM jobs WHERE state NOT IN (5, 6, 7);
CREATE TRIGGER IF NOT EXISTS jobs_totals_insert AFTER INSERT ON jobs BEGIN
  UPDATE job_totals SET
    open_jobs = open_jobs + (NEW.state NOT IN (5, 6, 7)),
    parked_jobs = parked_jobs + (NEW.state = 4),
    open_records = open_records + CASE WHEN NEW.state NOT IN (5, 6, 7) THEN NEW.open_records ELSE 0 END;
END;
CREATE TRIGGER IF NOT EXISTS jobs_totals_update AFTER UPDATE OF state, open_records ON jobs
  WHEN OLD.state IS NOT NEW.state OR OLD.open_records IS NOT NEW.open_records BEGIN
  UPDATE job_totals SET
    open_jobs = open_jobs + (NEW.state NOT IN (5, 6, 7)) - (OLD.state NOT IN (5, 6, 7)),
    parked_jobs = parked_jobs + (NEW.state = 4) - (OLD.state = 4),
    open_records = open_records
      + CASE WHEN NEW.state NOT IN (5, 6, 7) THEN NEW.open_records ELSE 0 END
      - CASE WHEN OLD.state NOT IN (5, 6, 7) THEN OLD.open_records ELSE 0 END;
END;
-- Purges delete final jobs only: they skip this.
CREATE TRIGGER IF NOT EXISTS jobs_totals_delete AFTER DELETE ON jobs
  WHEN OLD.state NOT IN (5, 6, 7) BEGIN
  UPDATE job_totals SET
    open_jobs = open_jobs - 1,
    parked_jobs = parked_jobs - (OLD.state = 4),
    open_records = open_records - OLD.open_records;
END;
)sql";

// Every commit is fsync'd before it returns (FULL) except Acquire's (NORMAL).
inline constexpr char kSynchronousFull[] = "PRAGMA synchronous = FULL";
inline constexpr char kSynchronousNormal[] = "PRAGMA synchronous = NORMAL";

inline constexpr char kClearLeases[] =
    "UPDATE jobs SET lease_token = NULL, lease_until_ms = NULL WHERE lease_token IS NOT NULL";
inline constexpr char kInsertJob[] =
    "INSERT INTO jobs (id, idempotency_key, connection, state, create_ms, next_attempt_ms, "
    "expire_ms, open_records, request, progress) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
inline constexpr char kSelectByKey[] =
    "SELECT id, request, progress, cancel_requested FROM jobs WHERE idempotency_key = ?1";
inline constexpr char kSelectProgress[] =
    "SELECT progress, cancel_requested FROM jobs WHERE id = ?1";
inline constexpr char kSelectRequest[] = "SELECT request FROM jobs WHERE id = ?1";

// Acquire runs these in turn, each the first entry of a partial index (jobs_leased, then
// jobs_due), so it costs a few page reads however long the backlog. One query with an OR
// and "lease_token IS NULL" as its first sort key could use no index for its order: it
// sorted every open job on each call. Lapsed leases (their holder died mid-run) come
// first, the longest lapsed first; leased rows are as few as the workers.
inline constexpr char kSelectLapsed[] =
    "SELECT id FROM jobs WHERE lease_token IS NOT NULL AND lease_until_ms <= ?1 "
    "AND state NOT IN (5, 6, 7) AND next_attempt_ms <= ?1 ORDER BY lease_until_ms, id LIMIT 1";
inline constexpr char kSelectDue[] =
    "SELECT id FROM jobs WHERE state NOT IN (5, 6, 7) AND lease_token IS NULL "
    "AND next_attempt_ms <= ?1 ORDER BY next_attempt_ms, id LIMIT 1";
inline constexpr char kTakeLease[] =
    "UPDATE jobs SET lease_token = ?2, lease_until_ms = ?3 WHERE id = ?1";

// The token fences both: no row when another worker acquired the job since. A job whose
// cancellation was requested stays runnable now, whatever next attempt the holder saves.
inline constexpr char kSaveLeased[] =
    "UPDATE jobs SET state = ?3, "
    "next_attempt_ms = CASE WHEN cancel_requested = 1 THEN 0 ELSE ?4 END, "
    "expire_ms = ?5, open_records = ?6, progress = ?7, lease_until_ms = ?8 "
    "WHERE id = ?1 AND lease_token = ?2 RETURNING cancel_requested";
inline constexpr char kReleaseLeased[] =
    "UPDATE jobs SET state = ?3, "
    "next_attempt_ms = CASE WHEN cancel_requested = 1 THEN 0 ELSE ?4 END, "
    "expire_ms = ?5, open_records = ?6, progress = ?7, lease_token = NULL, lease_until_ms = NULL "
    "WHERE id = ?1 AND lease_token = ?2 RETURNING cancel_requested";
// Due at 0: ahead of the whole backlog, so a cancel is not queued behind thousands of
// jobs (finishing it costs no upstream call).
inline constexpr char kRequestCancel[] =
    "UPDATE jobs SET cancel_requested = 1, next_attempt_ms = 0 "
    "WHERE id = ?1 AND state NOT IN (5, 6, 7)";
inline constexpr char kPurge[] = "DELETE FROM jobs WHERE state IN (5, 6, 7) AND expire_ms < ?1";
// The counts from job_totals; the oldest open job is the first entry of jobs_oldest_open
// (SQLite answers MIN from an index by a seek).
inline constexpr char kPutState[] =
    "INSERT OR REPLACE INTO state_records (scope, key, value) VALUES (?1, ?2, ?3)";
inline constexpr char kGetState[] =
    "SELECT key, value FROM state_records WHERE scope = ?1 ORDER BY key";

inline constexpr char kStats[] =
    "SELECT open_jobs, parked_jobs, open_records, "
    "(SELECT MIN(create_ms) FROM jobs WHERE state NOT IN (5, 6, 7)) FROM job_totals";

}  // namespace leadgw::jobs::sqlite_internal

#endif  // LEADGW_JOBS_SQLITE_JOURNAL_SQL_H_
