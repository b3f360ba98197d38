// SqliteJournal's state records (JobJournal::PutState / GetState), apart from the jobs.
#include <mutex>
#include <string>
#include <vector>

#include "common/status_macros.h"
#include "jobs/sqlite_journal.h"
#include "jobs/sqlite_journal_sql.h"

namespace leadgw::jobs {

absl::Status SqliteJournal::PutState(absl::string_view scope,
                                     const std::vector<StateRecord>& records) {
  LEADGW_RETURN_IF_ERROR(CheckStateRecords(scope, records));
  std::lock_guard<std::mutex> lock(mu_);
  return db_.InTransaction([&]() -> absl::Status {
    for (const StateRecord& record : records) {
      LEADGW_ASSIGN_OR_RETURN(sqlite_internal::Statement put,
                              db_.Prepare(sqlite_internal::kPutState));
      put.BindText(1, scope);
      put.BindText(2, record.key);
      put.BindBlob(3, record.value);
      LEADGW_RETURN_IF_ERROR(put.StepToEnd());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<StateRecord>> SqliteJournal::GetState(absl::string_view scope) {
  LEADGW_RETURN_IF_ERROR(CheckStateRecords(scope, {}));
  std::lock_guard<std::mutex> lock(mu_);
  LEADGW_ASSIGN_OR_RETURN(sqlite_internal::Statement get, db_.Prepare(sqlite_internal::kGetState));
  get.BindText(1, scope);
  std::vector<StateRecord> records;
  for (;;) {
    LEADGW_ASSIGN_OR_RETURN(bool row, get.Step());
    if (!row) return records;
    records.push_back({std::string(get.Bytes(0)), std::string(get.Bytes(1))});
  }
}

}  // namespace leadgw::jobs
