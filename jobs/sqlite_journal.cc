#include "jobs/sqlite_journal.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "absl/memory/memory.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "jobs/sqlite_journal_sql.h"

namespace leadgw::jobs {
namespace {

using sqlite_internal::kClearLeases;
using sqlite_internal::kInsertJob;
using sqlite_internal::kMigrateSchema;
using sqlite_internal::kPurge;
using sqlite_internal::kReleaseLeased;
using sqlite_internal::kRequestCancel;
using sqlite_internal::kSaveLeased;
using sqlite_internal::kSchemaVersion;
using sqlite_internal::kSelectByKey;
using sqlite_internal::kSelectDue;
using sqlite_internal::kSelectLapsed;
using sqlite_internal::kSelectProgress;
using sqlite_internal::kSelectRequest;
using sqlite_internal::kStats;
using sqlite_internal::kSynchronousFull;
using sqlite_internal::kSynchronousNormal;
using sqlite_internal::kTakeLease;
using sqlite_internal::Statement;

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

SqliteJournal::SqliteJournal(std::string path, sqlite3* db)
    : path_(std::move(path)), db_(path_, db) {}

// db_ finalises its statements and closes the file (a checkpoint, then the lock is freed).
SqliteJournal::~SqliteJournal() = default;

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
  LEADGW_RETURN_IF_ERROR(journal->Initialise(options, rc));
  return journal;
}

absl::Status SqliteJournal::Initialise(const SqliteJournalOptions& options, int open_rc) {
  std::lock_guard<std::mutex> lock(mu_);
  if (open_rc != SQLITE_OK) return db_.Error(open_rc, "opening");
  sqlite3_extended_result_codes(db_.db(), 1);
  sqlite3_busy_timeout(db_.db(), static_cast<int>(std::min<int64_t>(
                                     absl::ToInt64Milliseconds(options.busy_timeout), 1 << 30)));
  absl::Status status = [&]() -> absl::Status {
    // EXCLUSIVE before WAL: then SQLite keeps the WAL index in this process's memory
    // (no -shm file) and never releases the file lock, so no other process can open it.
    LEADGW_RETURN_IF_ERROR(db_.Execute("PRAGMA locking_mode = EXCLUSIVE"));
    LEADGW_ASSIGN_OR_RETURN(const std::string mode, db_.QueryText("PRAGMA journal_mode = WAL"));
    if (mode != "wal") {
      return absl::UnavailableError(
          absl::StrCat("job journal ", path_, " not writable: cannot use WAL mode (", mode, ")"));
    }
    LEADGW_RETURN_IF_ERROR(db_.Execute(kSynchronousFull));
    // Statement journals of multi-row writes stay in memory: through the job_totals
    // triggers a temporary file costs ~0.4 ms a row.
    LEADGW_RETURN_IF_ERROR(db_.Execute("PRAGMA temp_store = MEMORY"));
    if (options.max_bytes > 0) {
      LEADGW_ASSIGN_OR_RETURN(const std::string page_size, db_.QueryText("PRAGMA page_size"));
      int64_t page_bytes = 0;
      if (!absl::SimpleAtoi(page_size, &page_bytes) || page_bytes <= 0) {
        return absl::InternalError(
            absl::StrCat("job journal ", path_, ": unexpected page size ", page_size));
      }
      const int64_t pages = std::max<int64_t>(1, options.max_bytes / page_bytes);
      LEADGW_RETURN_IF_ERROR(db_.Execute(absl::StrCat("PRAGMA max_page_count = ", pages)));
    }
    return InitialiseSchema();
  }();
  if (!status.ok() && (sqlite3_extended_errcode(db_.db()) & 0xff) == SQLITE_BUSY) {
    return absl::FailedPreconditionError(
        absl::StrCat("journal ", path_, " is in use by another process"));
  }
  return status;
}

absl::Status SqliteJournal::InitialiseSchema() {
  return db_.InTransaction([&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(const std::string text, db_.QueryText("PRAGMA user_version"));
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
      LEADGW_RETURN_IF_ERROR(db_.Execute(kMigrateSchema));
      LEADGW_RETURN_IF_ERROR(db_.Execute(absl::StrCat("PRAGMA user_version = ", kSchemaVersion)));
    }
    // One process per file: leases found here belong to a process that died.
    return db_.Execute(kClearLeases);
  });
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
  LEADGW_ASSIGN_OR_RETURN(Statement select, db_.Prepare(kSelectProgress));
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
  LEADGW_ASSIGN_OR_RETURN(Statement select, db_.Prepare(kSelectRequest));
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
  LEADGW_ASSIGN_OR_RETURN(Statement select, db_.Prepare(sql));
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
  LEADGW_ASSIGN_OR_RETURN(Statement select, db_.Prepare(kStats));
  LEADGW_ASSIGN_OR_RETURN(const bool row, select.Step());
  JournalStats stats;
  if (!row) return stats;  // job_totals has its row from the migration on; defensive
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
  LEADGW_RETURN_IF_ERROR(db_.InTransaction([&]() -> absl::Status {
    if (!job.idempotency_key().empty()) {
      LEADGW_ASSIGN_OR_RETURN(Statement select, db_.Prepare(kSelectByKey));
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
    LEADGW_ASSIGN_OR_RETURN(Statement insert, db_.Prepare(kInsertJob));
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
  const int64_t now_ms = absl::ToUnixMillis(now);
  // A lease needs no fsync (it would be most of this call): Open clears every lease, so
  // one a power cut loses is no different from one found. The WAL keeps its order, and
  // the next synchronous commit makes it durable with the rest.
  LEADGW_RETURN_IF_ERROR(RunPragma(kSynchronousNormal));
  absl::Status status = db_.InTransaction([&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(std::string job_id, FirstId(kSelectLapsed, now_ms));
    if (job_id.empty()) {
      LEADGW_ASSIGN_OR_RETURN(job_id, FirstId(kSelectDue, now_ms));
    }
    if (job_id.empty()) return absl::OkStatus();
    Lease taken;
    taken.job_id = job_id;
    taken.token = absl::StrFormat("%s/%016x%016x", worker, absl::Uniform<uint64_t>(bitgen_),
                                  absl::Uniform<uint64_t>(bitgen_));
    taken.expires = now + lease_for;
    LEADGW_ASSIGN_OR_RETURN(Statement update, db_.Prepare(kTakeLease));
    update.BindText(1, taken.job_id);
    update.BindText(2, taken.token);
    update.Bind(3, absl::ToUnixMillis(taken.expires));
    LEADGW_RETURN_IF_ERROR(update.StepToEnd());
    lease = std::move(taken);
    return absl::OkStatus();
  });
  absl::Status restored = RunPragma(kSynchronousFull);
  LEADGW_RETURN_IF_ERROR(status);
  LEADGW_RETURN_IF_ERROR(restored);
  return lease;
}

absl::Status SqliteJournal::RunPragma(const char* sql) {
  LEADGW_ASSIGN_OR_RETURN(Statement pragma, db_.Prepare(sql));
  return pragma.StepToEnd();
}

absl::StatusOr<std::string> SqliteJournal::FirstId(const char* sql, int64_t now_ms) {
  LEADGW_ASSIGN_OR_RETURN(Statement select, db_.Prepare(sql));
  select.Bind(1, now_ms);
  LEADGW_ASSIGN_OR_RETURN(const bool found, select.Step());
  return found ? std::string(select.Bytes(0)) : std::string();
}

absl::StatusOr<bool> SqliteJournal::StoreLeased(const Lease& lease, const JobProgress& progress,
                                                bool keep_lease) {
  if (progress.job().id() != lease.job_id) {
    return absl::InvalidArgumentError(absl::StrCat("progress of job ", progress.job().id(),
                                                   " saved under the lease of ", lease.job_id));
  }
  LEADGW_ASSIGN_OR_RETURN(const ProgressColumns columns, ToColumns(progress));
  bool cancel_requested = false;
  LEADGW_RETURN_IF_ERROR(db_.InTransaction([&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(Statement update,
                            db_.Prepare(keep_lease ? kSaveLeased : kReleaseLeased));
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
  LEADGW_RETURN_IF_ERROR(db_.InTransaction([&]() -> absl::Status {
    {
      LEADGW_ASSIGN_OR_RETURN(Statement update, db_.Prepare(kRequestCancel));
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
  LEADGW_RETURN_IF_ERROR(db_.InTransaction([&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(Statement purge, db_.Prepare(kPurge));
    purge.Bind(1, absl::ToUnixMillis(now));
    LEADGW_RETURN_IF_ERROR(purge.StepToEnd());
    deleted = db_.Changes();
    return absl::OkStatus();
  }));
  return deleted;
}

}  // namespace leadgw::jobs
