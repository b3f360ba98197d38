#include "jobs/sqlite_journal.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"

namespace leadgw::jobs {
namespace {

// The SQL below spells the final states as numbers (a partial index matches only the
// same literal text): keep them in step with the enum.
static_assert(::leadgateway::v1::JOB_STATE_DONE == 5 &&
                  ::leadgateway::v1::JOB_STATE_CANCELLED == 6 &&
                  ::leadgateway::v1::JOB_STATE_EXPIRED == 7 &&
                  ::leadgateway::v1::JOB_STATE_PARKED == 4,
              "the SQL of sqlite_journal.cc hard-codes these state numbers");

// PRAGMA user_version of the schema below. A file with a higher one was written by a newer
// gateway: refused rather than misread.
constexpr int kSchemaVersion = 1;

constexpr char kCreateSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY NOT NULL,
  idempotency_key TEXT UNIQUE,          -- NULL when the job has none: NULLs never collide
  connection TEXT NOT NULL,
  state INTEGER NOT NULL,               -- leadgateway.v1.JobState
  create_ms INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  expire_ms INTEGER,                    -- NULL: no expire_time, never purged
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  lease_token TEXT,                     -- NULL: no lease
  lease_until_ms INTEGER,
  open_records INTEGER NOT NULL,        -- record_count - records_done
  request BLOB NOT NULL,                -- leadgateway.jobs.v1.JobRequest
  progress BLOB NOT NULL                -- leadgateway.jobs.v1.JobProgress
);
CREATE INDEX IF NOT EXISTS jobs_open ON jobs (next_attempt_ms) WHERE state NOT IN (5, 6, 7);
CREATE INDEX IF NOT EXISTS jobs_purge ON jobs (expire_ms) WHERE state IN (5, 6, 7);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, id);
CREATE INDEX IF NOT EXISTS jobs_by_connection ON jobs (connection, id);
)sql";

constexpr char kClearLeases[] =
    "UPDATE jobs SET lease_token = NULL, lease_until_ms = NULL WHERE lease_token IS NOT NULL";
constexpr char kInsertJob[] =
    "INSERT INTO jobs (id, idempotency_key, connection, state, create_ms, next_attempt_ms, "
    "expire_ms, open_records, request, progress) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kSelectByKey[] =
    "SELECT id, request, progress, cancel_requested FROM jobs WHERE idempotency_key = ?1";
constexpr char kSelectProgress[] = "SELECT progress, cancel_requested FROM jobs WHERE id = ?1";
constexpr char kSelectRequest[] = "SELECT request FROM jobs WHERE id = ?1";
// Lapsed leases first (their holder died mid-run), then by next_attempt_time. Scans the
// open jobs only (index jobs_open): the backlog, not the history.
constexpr char kSelectRunnable[] =
    "SELECT id FROM jobs WHERE state NOT IN (5, 6, 7) "
    "AND (next_attempt_ms <= ?1 OR cancel_requested = 1) "
    "AND (lease_token IS NULL OR lease_until_ms <= ?1) "
    "ORDER BY lease_token IS NULL, next_attempt_ms, id LIMIT 1";
constexpr char kTakeLease[] = "UPDATE jobs SET lease_token = ?2, lease_until_ms = ?3 WHERE id = ?1";
// The token fences both: no row when another worker acquired the job since.
constexpr char kSaveLeased[] =
    "UPDATE jobs SET state = ?3, next_attempt_ms = ?4, expire_ms = ?5, open_records = ?6, "
    "progress = ?7, lease_until_ms = ?8 WHERE id = ?1 AND lease_token = ?2 "
    "RETURNING cancel_requested";
constexpr char kReleaseLeased[] =
    "UPDATE jobs SET state = ?3, next_attempt_ms = ?4, expire_ms = ?5, open_records = ?6, "
    "progress = ?7, lease_token = NULL, lease_until_ms = NULL "
    "WHERE id = ?1 AND lease_token = ?2 RETURNING cancel_requested";
constexpr char kRequestCancel[] =
    "UPDATE jobs SET cancel_requested = 1 WHERE id = ?1 AND state NOT IN (5, 6, 7)";
constexpr char kPurge[] = "DELETE FROM jobs WHERE state IN (5, 6, 7) AND expire_ms < ?1";
constexpr char kStats[] =
    "SELECT COUNT(*), COALESCE(SUM(state = 4), 0), COALESCE(SUM(open_records), 0), "
    "MIN(create_ms) FROM jobs WHERE state NOT IN (5, 6, 7)";

int64_t ToMillis(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1'000'000;
}

// The columns a journal derives from a progress record, for its indexes and Stats.
struct ProgressColumns {
  int64_t state;
  int64_t next_attempt_ms;
  std::optional<int64_t> expire_ms;
  int64_t open_records;
  std::string blob;  // with cancel_requested cleared: the column is the only truth
};

absl::StatusOr<ProgressColumns> ToColumns(const JobProgress& progress) {
  const auto& job = progress.job();
  ProgressColumns columns;
  columns.state = job.state();
  columns.next_attempt_ms = ToMillis(job.next_attempt_time());
  if (job.has_expire_time()) columns.expire_ms = ToMillis(job.expire_time());
  columns.open_records = std::max(0, job.record_count() - job.records_done());
  JobProgress stored = progress;
  stored.mutable_job()->set_cancel_requested(false);
  if (!stored.SerializeToString(&columns.blob)) {
    return absl::InvalidArgumentError(
        absl::StrCat("job ", job.id(), ": progress record cannot be serialised"));
  }
  return columns;
}

}  // namespace

// A cached prepared statement in use: bindings and results, reset when it goes out of
// scope so the next user finds it fresh.
class SqliteJournal::Statement {
 public:
  Statement(const SqliteJournal* journal, sqlite3_stmt* stmt) : journal_(journal), stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : journal_(other.journal_),
        stmt_(std::exchange(other.stmt_, nullptr)),
        bind_rc_(other.bind_rc_) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (stmt_ == nullptr) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  // Binding errors (a wrong index, a value too big) surface at Step.
  void Bind(int index, int64_t value) { Check(sqlite3_bind_int64(stmt_, index, value)); }
  void Bind(int index, std::optional<int64_t> value) {
    if (value.has_value()) {
      Bind(index, *value);
    } else {
      Check(sqlite3_bind_null(stmt_, index));
    }
  }
  // Empty text binds NULL when `empty_is_null` (idempotency keys).
  void BindText(int index, absl::string_view text, bool empty_is_null = false) {
    if (empty_is_null && text.empty()) {
      Check(sqlite3_bind_null(stmt_, index));
      return;
    }
    Check(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void BindBlob(int index, absl::string_view bytes) {
    Check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }

  // True when a row is ready, false when the statement is done.
  absl::StatusOr<bool> Step() {
    if (bind_rc_ != SQLITE_OK) return journal_->Error(bind_rc_, "binding a value");
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return journal_->Error(rc, "running a statement");
  }
  absl::Status StepToEnd() {
    while (true) {
      LEADGW_ASSIGN_OR_RETURN(const bool row, Step());
      if (!row) return absl::OkStatus();
    }
  }

  bool IsNull(int column) { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t Int(int column) { return sqlite3_column_int64(stmt_, column); }
  // Valid until the next Step or the end of the Statement.
  absl::string_view Bytes(int column) {
    const void* data = sqlite3_column_blob(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? absl::string_view()
                           : absl::string_view(static_cast<const char*>(data), size);
  }

 private:
  void Check(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  const SqliteJournal* journal_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

SqliteJournal::SqliteJournal(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

SqliteJournal::~SqliteJournal() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  // Closing checkpoints the write-ahead log into the file and releases the lock.
  sqlite3_close_v2(db_);
}

absl::StatusOr<std::unique_ptr<SqliteJournal>> SqliteJournal::Open(SqliteJournalOptions options) {
  if (options.path.empty()) return absl::InvalidArgumentError("job journal path is empty");
  if (options.max_bytes < 0) {
    return absl::InvalidArgumentError("job journal max_bytes must not be negative");
  }
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(options.path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (db == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat("job journal ", options.path, ": out of memory opening it"));
  }
  // The journal owns `db` from here: its destructor closes it on every failure below.
  auto journal = absl::WrapUnique(new SqliteJournal(options.path, db));
  if (rc != SQLITE_OK) return journal->Error(rc, "opening");
  LEADGW_RETURN_IF_ERROR(journal->Initialise(options));
  return journal;
}

absl::Status SqliteJournal::Initialise(const SqliteJournalOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(std::min<int64_t>(
                                absl::ToInt64Milliseconds(options.busy_timeout), 1 << 30)));
  absl::Status status = [&]() -> absl::Status {
    // EXCLUSIVE before WAL: then SQLite keeps the WAL index in this process's memory
    // (no -shm file) and never releases the file lock, so no other process can open it.
    LEADGW_RETURN_IF_ERROR(Execute("PRAGMA locking_mode = EXCLUSIVE"));
    LEADGW_ASSIGN_OR_RETURN(const std::string mode, QueryText("PRAGMA journal_mode = WAL"));
    if (mode != "wal") {
      return absl::UnavailableError(
          absl::StrCat("job journal ", path_, " not writable: cannot use WAL mode (", mode, ")"));
    }
    LEADGW_RETURN_IF_ERROR(Execute("PRAGMA synchronous = FULL"));
    if (options.max_bytes > 0) {
      LEADGW_ASSIGN_OR_RETURN(const std::string page_size, QueryText("PRAGMA page_size"));
      int64_t page_bytes = 0;
      if (!absl::SimpleAtoi(page_size, &page_bytes) || page_bytes <= 0) {
        return absl::InternalError(
            absl::StrCat("job journal ", path_, ": unexpected page size ", page_size));
      }
      const int64_t pages = std::max<int64_t>(1, options.max_bytes / page_bytes);
      LEADGW_RETURN_IF_ERROR(Execute(absl::StrCat("PRAGMA max_page_count = ", pages)));
    }
    return InitialiseSchema();
  }();
  if (!status.ok() && (sqlite3_extended_errcode(db_) & 0xff) == SQLITE_BUSY) {
    return absl::FailedPreconditionError(
        absl::StrCat("journal ", path_, " is in use by another process"));
  }
  return status;
}

absl::Status SqliteJournal::InitialiseSchema() {
  return InTransaction([&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(const std::string text, QueryText("PRAGMA user_version"));
    int version = 0;
    if (!absl::SimpleAtoi(text, &version)) {
      return absl::InternalError(
          absl::StrCat("job journal ", path_, ": unreadable schema version ", text));
    }
    if (version > kSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "job journal %s has schema version %d; this gateway knows versions up to %d", path_,
          version, kSchemaVersion));
    }
    if (version < kSchemaVersion) {
      LEADGW_RETURN_IF_ERROR(Execute(kCreateSchema));
      LEADGW_RETURN_IF_ERROR(Execute(absl::StrCat("PRAGMA user_version = ", kSchemaVersion)));
    }
    // One process per file: leases found here belong to a process that died.
    return Execute(kClearLeases);
  });
}

absl::StatusOr<SqliteJournal::Statement> SqliteJournal::Prepare(absl::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return Statement(this, it->second);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing a statement");
  statements_.emplace(std::string(sql), stmt);
  return Statement(this, stmt);
}

absl::Status SqliteJournal::Execute(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return absl::OkStatus();
  // The statement's start names it well enough (COMMIT, a pragma, CREATE TABLE).
  return Error(rc, absl::StrCat("running \"", absl::StripAsciiWhitespace(sql).substr(0, 40), "\""));
}

absl::StatusOr<std::string> SqliteJournal::QueryText(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, absl::StrCat("preparing ", sql));
  std::string text;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char* value = sqlite3_column_text(stmt, 0);
    if (value != nullptr) text = reinterpret_cast<const char*>(value);
  }
  absl::Status status = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                            ? absl::OkStatus()
                            : Error(rc, absl::StrCat("running ", sql));
  sqlite3_finalize(stmt);
  if (!status.ok()) return status;
  return text;
}

absl::Status SqliteJournal::InTransaction(absl::FunctionRef<absl::Status()> body) {
  LEADGW_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  absl::Status status = body();
  if (status.ok()) status = Execute("COMMIT");
  // SQLite rolls some failures back itself (SQLITE_FULL, I/O errors may); anything still
  // open is rolled back here, so a failed call stores nothing.
  if (!status.ok() && sqlite3_get_autocommit(db_) == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return status;
}

absl::Status SqliteJournal::Error(int rc, absl::string_view doing) const {
  const std::string detail = absl::StrCat(doing, ": ", sqlite3_errmsg(db_));
  switch (rc & 0xff) {
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(absl::StrCat("job journal full (", path_, "): ", detail));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(absl::StrCat("job journal ", path_, " busy: ", detail));
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return absl::UnavailableError(absl::StrCat("job journal ", path_, " not writable: ", detail));
    case SQLITE_CONSTRAINT:
      return absl::AlreadyExistsError(absl::StrCat("job journal ", path_, ": ", detail));
    case SQLITE_NOMEM:
      return absl::ResourceExhaustedError(absl::StrCat("job journal ", path_, ": ", detail));
    default:  // SQLITE_CORRUPT, SQLITE_NOTADB and anything unexpected
      return absl::InternalError(absl::StrCat("job journal ", path_, ": ", detail));
  }
}

// ---- reads -----------------------------------------------------------------------------

namespace {

absl::StatusOr<JobProgress> ParseProgress(absl::string_view path, absl::string_view job_id,
                                          absl::string_view blob, bool cancel_requested) {
  JobProgress progress;
  if (!progress.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return absl::InternalError(
        absl::StrCat("job journal ", path, ": job ", job_id, " has an unreadable progress record"));
  }
  progress.mutable_job()->set_cancel_requested(cancel_requested);
  return progress;
}

}  // namespace

absl::StatusOr<std::optional<JobProgress>> SqliteJournal::ReadProgress(absl::string_view job_id) {
  LEADGW_ASSIGN_OR_RETURN(Statement select, Prepare(kSelectProgress));
  select.BindText(1, job_id);
  LEADGW_ASSIGN_OR_RETURN(const bool found, select.Step());
  if (!found) return std::nullopt;
  return ParseProgress(path_, job_id, select.Bytes(0), select.Int(1) != 0);
}

absl::StatusOr<std::optional<JobProgress>> SqliteJournal::Get(absl::string_view job_id) {
  std::lock_guard<std::mutex> lock(mu_);
  return ReadProgress(job_id);
}

absl::StatusOr<JobRequest> SqliteJournal::GetRequest(absl::string_view job_id) {
  std::lock_guard<std::mutex> lock(mu_);
  LEADGW_ASSIGN_OR_RETURN(Statement select, Prepare(kSelectRequest));
  select.BindText(1, job_id);
  LEADGW_ASSIGN_OR_RETURN(const bool found, select.Step());
  if (!found) return absl::NotFoundError(absl::StrCat("job ", job_id, " not found"));
  JobRequest request;
  const absl::string_view blob = select.Bytes(0);
  if (!request.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return absl::InternalError(
        absl::StrCat("job journal ", path_, ": job ", job_id, " has an unreadable request record"));
  }
  return request;
}

absl::StatusOr<JobPage> SqliteJournal::List(const ListFilter& filter) {
  // One SQL text per filter combination, so each can use its index (jobs_by_state,
  // jobs_by_connection, the primary key) and seek straight to the page token.
  std::string sql = "SELECT id, progress, cancel_requested FROM jobs WHERE 1";
  const bool by_state = filter.state != ::leadgateway::v1::JOB_STATE_UNSPECIFIED;
  if (by_state) absl::StrAppend(&sql, " AND state = ?1");
  if (!filter.connection.empty()) absl::StrAppend(&sql, " AND connection = ?2");
  if (!filter.page_token.empty()) absl::StrAppend(&sql, " AND id < ?3");
  absl::StrAppend(&sql, " ORDER BY id DESC LIMIT ?4");
  const int page_size = filter.page_size > 0 ? filter.page_size : 100;

  std::lock_guard<std::mutex> lock(mu_);
  LEADGW_ASSIGN_OR_RETURN(Statement select, Prepare(sql));
  if (by_state) select.Bind(1, int64_t{filter.state});
  if (!filter.connection.empty()) select.BindText(2, filter.connection);
  if (!filter.page_token.empty()) select.BindText(3, filter.page_token);
  select.Bind(4, int64_t{page_size} + 1);  // one more: tells whether a next page exists
  JobPage page;
  while (true) {
    LEADGW_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    const std::string id(select.Bytes(0));
    if (static_cast<int>(page.jobs.size()) == page_size) {
      page.next_page_token = page.jobs.back().job().id();
      break;
    }
    LEADGW_ASSIGN_OR_RETURN(JobProgress progress,
                            ParseProgress(path_, id, select.Bytes(1), select.Int(2) != 0));
    page.jobs.push_back(std::move(progress));
  }
  return page;
}

absl::StatusOr<JournalStats> SqliteJournal::Stats() {
  std::lock_guard<std::mutex> lock(mu_);
  LEADGW_ASSIGN_OR_RETURN(Statement select, Prepare(kStats));
  LEADGW_ASSIGN_OR_RETURN(const bool row, select.Step());
  JournalStats stats;
  if (!row) return stats;  // aggregates always answer a row; defensive
  stats.open_jobs = select.Int(0);
  stats.parked_jobs = select.Int(1);
  stats.open_records = select.Int(2);
  if (!select.IsNull(3)) stats.oldest_open_create_time = absl::FromUnixMillis(select.Int(3));
  return stats;
}

// ---- writes ----------------------------------------------------------------------------

absl::StatusOr<CreateOutcome> SqliteJournal::Create(const JobRequest& request,
                                                    const JobProgress& progress) {
  const auto& job = progress.job();
  if (job.id().empty()) return absl::InvalidArgumentError("Create: the job has no id");
  LEADGW_ASSIGN_OR_RETURN(const ProgressColumns columns, ToColumns(progress));
  std::string request_blob;
  if (!request.SerializeToString(&request_blob)) {
    return absl::InvalidArgumentError(
        absl::StrCat("job ", job.id(), ": request record cannot be serialised"));
  }

  std::lock_guard<std::mutex> lock(mu_);
  CreateOutcome outcome;
  LEADGW_RETURN_IF_ERROR(InTransaction([&]() -> absl::Status {
    if (!job.idempotency_key().empty()) {
      LEADGW_ASSIGN_OR_RETURN(Statement select, Prepare(kSelectByKey));
      select.BindText(1, job.idempotency_key());
      LEADGW_ASSIGN_OR_RETURN(const bool found, select.Step());
      if (found) {
        const std::string existing_id(select.Bytes(0));
        JobRequest existing_request;
        const absl::string_view blob = select.Bytes(1);
        if (!existing_request.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
          return absl::InternalError(absl::StrCat("job journal ", path_, ": job ", existing_id,
                                                  " has an unreadable request record"));
        }
        LEADGW_ASSIGN_OR_RETURN(outcome.existing, ParseProgress(path_, existing_id, select.Bytes(2),
                                                                select.Int(3) != 0));
        outcome.existing_digest = existing_request.digest();
        return absl::OkStatus();
      }
    }
    LEADGW_ASSIGN_OR_RETURN(Statement insert, Prepare(kInsertJob));
    insert.BindText(1, job.id());
    insert.BindText(2, job.idempotency_key(), /*empty_is_null=*/true);
    insert.BindText(3, job.connection());
    insert.Bind(4, columns.state);
    insert.Bind(5, ToMillis(job.create_time()));
    insert.Bind(6, columns.next_attempt_ms);
    insert.Bind(7, columns.expire_ms);
    insert.Bind(8, columns.open_records);
    insert.BindBlob(9, request_blob);
    insert.BindBlob(10, columns.blob);
    LEADGW_RETURN_IF_ERROR(insert.StepToEnd());
    outcome.created = true;
    return absl::OkStatus();
  }));
  return outcome;
}

absl::StatusOr<std::optional<Lease>> SqliteJournal::Acquire(absl::string_view worker,
                                                            absl::Time now,
                                                            absl::Duration lease_for) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Lease> lease;
  LEADGW_RETURN_IF_ERROR(InTransaction([&]() -> absl::Status {
    std::string job_id;
    {
      LEADGW_ASSIGN_OR_RETURN(Statement select, Prepare(kSelectRunnable));
      select.Bind(1, absl::ToUnixMillis(now));
      LEADGW_ASSIGN_OR_RETURN(const bool found, select.Step());
      if (!found) return absl::OkStatus();
      job_id = std::string(select.Bytes(0));
    }
    Lease taken;
    taken.job_id = job_id;
    taken.token = absl::StrFormat("%s/%016x%016x", worker, absl::Uniform<uint64_t>(bitgen_),
                                  absl::Uniform<uint64_t>(bitgen_));
    taken.expires = now + lease_for;
    LEADGW_ASSIGN_OR_RETURN(Statement update, Prepare(kTakeLease));
    update.BindText(1, taken.job_id);
    update.BindText(2, taken.token);
    update.Bind(3, absl::ToUnixMillis(taken.expires));
    LEADGW_RETURN_IF_ERROR(update.StepToEnd());
    lease = std::move(taken);
    return absl::OkStatus();
  }));
  return lease;
}

absl::StatusOr<bool> SqliteJournal::StoreLeased(const Lease& lease, const JobProgress& progress,
                                                bool keep_lease) {
  if (progress.job().id() != lease.job_id) {
    return absl::InvalidArgumentError(absl::StrCat("progress of job ", progress.job().id(),
                                                   " saved under the lease of ", lease.job_id));
  }
  LEADGW_ASSIGN_OR_RETURN(const ProgressColumns columns, ToColumns(progress));
  bool cancel_requested = false;
  LEADGW_RETURN_IF_ERROR(InTransaction([&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(Statement update, Prepare(keep_lease ? kSaveLeased : kReleaseLeased));
    update.BindText(1, lease.job_id);
    update.BindText(2, lease.token);
    update.Bind(3, columns.state);
    update.Bind(4, columns.next_attempt_ms);
    update.Bind(5, columns.expire_ms);
    update.Bind(6, columns.open_records);
    update.BindBlob(7, columns.blob);
    if (keep_lease) update.Bind(8, absl::ToUnixMillis(lease.expires));
    LEADGW_ASSIGN_OR_RETURN(const bool updated, update.Step());
    if (!updated) {
      return absl::FailedPreconditionError(
          absl::StrCat("job ", lease.job_id, ": lease lost (another worker acquired it)"));
    }
    cancel_requested = update.Int(0) != 0;
    return update.StepToEnd();
  }));
  return cancel_requested;
}

absl::StatusOr<bool> SqliteJournal::Save(const Lease& lease, const JobProgress& progress) {
  std::lock_guard<std::mutex> lock(mu_);
  return StoreLeased(lease, progress, /*keep_lease=*/true);
}

absl::Status SqliteJournal::Release(const Lease& lease, const JobProgress& progress) {
  std::lock_guard<std::mutex> lock(mu_);
  return StoreLeased(lease, progress, /*keep_lease=*/false).status();
}

absl::StatusOr<JobProgress> SqliteJournal::RequestCancel(absl::string_view job_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<JobProgress> stored;
  LEADGW_RETURN_IF_ERROR(InTransaction([&]() -> absl::Status {
    {
      LEADGW_ASSIGN_OR_RETURN(Statement update, Prepare(kRequestCancel));
      update.BindText(1, job_id);
      LEADGW_RETURN_IF_ERROR(update.StepToEnd());
    }
    LEADGW_ASSIGN_OR_RETURN(stored, ReadProgress(job_id));
    return absl::OkStatus();
  }));
  if (!stored.has_value()) return absl::NotFoundError(absl::StrCat("job ", job_id, " not found"));
  return *std::move(stored);
}

absl::StatusOr<int> SqliteJournal::PurgeExpired(absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  int deleted = 0;
  LEADGW_RETURN_IF_ERROR(InTransaction([&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(Statement purge, Prepare(kPurge));
    purge.Bind(1, absl::ToUnixMillis(now));
    LEADGW_RETURN_IF_ERROR(purge.StepToEnd());
    deleted = sqlite3_changes(db_);
    return absl::OkStatus();
  }));
  return deleted;
}

}  // namespace leadgw::jobs
