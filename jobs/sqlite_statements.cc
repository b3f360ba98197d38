#include "jobs/sqlite_statements.h"

#include <sqlite3.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace leadgw::jobs::sqlite_internal {

absl::Status SqliteStatus(sqlite3* db, absl::string_view path, int rc, absl::string_view doing) {
  const std::string detail = absl::StrCat(doing, ": ", sqlite3_errmsg(db));
  switch (rc & 0xff) {
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(absl::StrCat("job journal full (", path, "): ", detail));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(absl::StrCat("job journal ", path, " busy: ", detail));
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return absl::UnavailableError(absl::StrCat("job journal ", path, " not writable: ", detail));
    case SQLITE_CONSTRAINT:
      return absl::AlreadyExistsError(absl::StrCat("job journal ", path, ": ", detail));
    case SQLITE_NOMEM:
      return absl::ResourceExhaustedError(absl::StrCat("job journal ", path, ": ", detail));
    default:  // SQLITE_CORRUPT, SQLITE_NOTADB and anything unexpected
      return absl::InternalError(absl::StrCat("job journal ", path, ": ", detail));
  }
}

// ---- Statement -------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), path_(other.path_), bind_rc_(other.bind_rc_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Statement::Bind(int index, int64_t value) { Check(sqlite3_bind_int64(stmt_, index, value)); }

void Statement::Bind(int index, std::optional<int64_t> value) {
  if (value.has_value()) {
    Bind(index, *value);
  } else {
    Check(sqlite3_bind_null(stmt_, index));
  }
}

void Statement::BindText(int index, absl::string_view text, bool empty_is_null) {
  if (empty_is_null && text.empty()) {
    Check(sqlite3_bind_null(stmt_, index));
    return;
  }
  Check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::BindBlob(int index, absl::string_view bytes) {
  Check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
}

absl::StatusOr<bool> Statement::Step() {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_rc_ != SQLITE_OK) return SqliteStatus(db, path_, bind_rc_, "binding a value");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(db, path_, rc, "running a statement");
}

absl::Status Statement::StepToEnd() {
  while (true) {
    LEADGW_ASSIGN_OR_RETURN(const bool row, Step());
    if (!row) return absl::OkStatus();
  }
}

bool Statement::IsNull(int column) { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

int64_t Statement::Int(int column) { return sqlite3_column_int64(stmt_, column); }

absl::string_view Statement::Bytes(int column) {
  const void* data = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  return data == nullptr ? absl::string_view()
                         : absl::string_view(static_cast<const char*>(data), size);
}

void Statement::Check(int rc) {
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

// ---- Connection ------------------------------------------------------------------------

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::StatusOr<Statement> Connection::Prepare(absl::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return Statement(it->second, path_);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing a statement");
  statements_.emplace(std::string(sql), stmt);
  return Statement(stmt, path_);
}

absl::Status Connection::Execute(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return absl::OkStatus();
  // The statement's start names it well enough (COMMIT, a pragma, CREATE TABLE).
  return Error(rc, absl::StrCat("running \"", absl::StripAsciiWhitespace(sql).substr(0, 40), "\""));
}

absl::StatusOr<std::string> Connection::QueryText(const std::string& sql) {
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

absl::Status Connection::InTransaction(absl::FunctionRef<absl::Status()> body) {
  LEADGW_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  absl::Status status = body();
  if (status.ok()) status = Execute("COMMIT");
  // SQLite rolls some failures back itself (SQLITE_FULL, I/O errors may); anything still
  // open is rolled back here.
  if (!status.ok() && sqlite3_get_autocommit(db_) == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return status;
}

int Connection::Changes() const { return sqlite3_changes(db_); }

absl::Status Connection::Error(int rc, absl::string_view doing) const {
  return SqliteStatus(db_, path_, rc, doing);
}

}  // namespace leadgw::jobs::sqlite_internal
