// The SQLite plumbing of SqliteJournal (jobs/sqlite_journal.h), kept apart from its job
// logic: one connection with a cache of prepared statements, a Statement wrapper that
// resets itself, and the mapping of SQLite result codes to absl::Status.
//
// Not thread-safe: the journal serialises every use with its mutex.
#ifndef LEADGW_JOBS_SQLITE_STATEMENTS_H_
#define LEADGW_JOBS_SQLITE_STATEMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;
struct sqlite3_stmt;

namespace leadgw::jobs::sqlite_internal {

// The status for SQLite result code `rc` (extended codes welcome), naming the journal at
// `path`, what it was `doing` and the connection's message: RESOURCE_EXHAUSTED "job
// journal full (<path>)" for a full disk or size limit; UNAVAILABLE for busy or unwritable
// files (the same call may succeed later); ALREADY_EXISTS for a constraint; INTERNAL for
// a corrupt file and anything unexpected.
absl::Status SqliteStatus(sqlite3* db, absl::string_view path, int rc, absl::string_view doing);

// A cached prepared statement in use: bindings and results, reset when it goes out of
// scope so the next user finds it fresh.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, absl::string_view path) : stmt_(stmt), path_(path) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Binding errors (a wrong index, a value too big) surface at Step.
  void Bind(int index, int64_t value);
  void Bind(int index, std::optional<int64_t> value);  // nullopt binds NULL
  // Empty text binds NULL when `empty_is_null` (idempotency keys).
  void BindText(int index, absl::string_view text, bool empty_is_null = false);
  void BindBlob(int index, absl::string_view bytes);

  // True when a row is ready, false when the statement is done.
  absl::StatusOr<bool> Step();
  absl::Status StepToEnd();

  bool IsNull(int column);
  int64_t Int(int column);
  // Valid until the next Step or the end of the Statement.
  absl::string_view Bytes(int column);

 private:
  void Check(int rc);

  sqlite3_stmt* stmt_;
  absl::string_view path_;  // the Connection's, which outlives its statements
  int bind_rc_ = 0;         // SQLITE_OK
};

// Owns one open sqlite3 handle (even one whose open failed: it must still be closed).
class Connection {
 public:
  Connection(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  // Finalises the cached statements and closes the handle: closing checkpoints the
  // write-ahead log into the file and releases the file lock.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* db() const { return db_; }

  // The prepared statement for `sql`, compiled on first use and cached for the
  // connection's life. One Statement per SQL text may be live at a time.
  absl::StatusOr<Statement> Prepare(absl::string_view sql);
  // Runs `sql` (no result rows wanted) without caching it: pragmas and schema.
  absl::Status Execute(const std::string& sql);
  // The first column of the first row of `sql`, as text: pragmas that answer a value.
  absl::StatusOr<std::string> QueryText(const std::string& sql);
  // Runs `body` in a write transaction: committed when it returns OK, rolled back
  // otherwise (or when the commit fails), so a failed call stores nothing.
  absl::Status InTransaction(absl::FunctionRef<absl::Status()> body);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int Changes() const;
  // SqliteStatus for this connection.
  absl::Status Error(int rc, absl::string_view doing) const;

 private:
  const std::string path_;
  sqlite3* const db_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace leadgw::jobs::sqlite_internal

#endif  // LEADGW_JOBS_SQLITE_STATEMENTS_H_
