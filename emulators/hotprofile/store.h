// The emulator's in-memory database of clients, leads and business cards.
#ifndef LEADGW_EMULATORS_HOTPROFILE_STORE_H_
#define LEADGW_EMULATORS_HOTPROFILE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "emulators/hotprofile/field_rules.h"
#include "emulators/hotprofile/list_query.h"
#include "emulators/hotprofile/record.h"
#include "emulators/hotprofile/search.h"

namespace leadgw::emulators::hotprofile {

// A listed record with a copy of the client it references (leads and cards), taken under
// the same lock so the pair is consistent.
struct ListedRecord {
  Record record;
  std::optional<Record> client;
};

// A record to load with HotProfileStore::Reset.
struct SeedRecord {
  ObjectKind kind;
  Record record;
};

struct ListResult {
  std::vector<ListedRecord> records;  // the requested page, in order
  PageInfo page;
};

// Thread-safe: every method may be called from any thread (one reader/writer lock; lists
// take it shared). Ids are assigned per object kind from 1 upwards and never reused.
//
// Errors: NOT_FOUND when an update names an id that does not exist; FAILED_PRECONDITION
// when a lead or business card names a client_id that does not exist; INVALID_ARGUMENT
// when id/client_id is not an integer (callers validate first, so this is a bug guard).
class HotProfileStore {
 public:
  using Clock = std::function<absl::Time()>;

  // `clock` stamps created_at/updated_at (truncated to whole seconds, as rendered).
  explicit HotProfileStore(Clock clock);

  HotProfileStore(const HotProfileStore&) = delete;
  HotProfileStore& operator=(const HotProfileStore&) = delete;

  // Creates a record from canonical parameters (ValidateWrite, WriteMode::kCreate) and
  // returns its id.
  absl::StatusOr<int64_t> Create(ObjectKind kind, const Params& canonical);

  // Applies canonical update parameters (WriteMode::kUpdate) to the record named by
  // canonical["id"]: a present value replaces the field, "" clears it. Bumps updated_at.
  // Returns the id.
  absl::StatusOr<int64_t> Update(ObjectKind kind, const Params& canonical);

  // Replaces the whole content, atomically for concurrent readers, with `records`,
  // inserted in order (a lead or card must come after its client), keeping their
  // timestamps, tags and response-only values (e.g. a lead's trade_on). Ids restart at 1
  // per kind and are assigned in order; the records' own ids are ignored.
  // FAILED_PRECONDITION if a record names a client_id not loaded before it; the records
  // before it stay loaded.
  absl::Status Reset(std::vector<SeedRecord> records);

  // Filters, sorts and pages the records of `kind` by `query`.
  ListResult List(ObjectKind kind, const ListQuery& query) const;

  // Number of records of `kind`.
  int64_t Size(ObjectKind kind) const;

 private:
  struct Table {
    std::map<int64_t, Record> records;
    int64_t next_id = 1;
  };

  // The private helpers expect mu_ held: exclusively for the non-const ones.
  Table& TableFor(ObjectKind kind);
  const Table& TableFor(ObjectKind kind) const;
  absl::Status CheckClient(ObjectKind kind, const Params& values) const;
  absl::Time Now() const;
  int64_t InsertLocked(ObjectKind kind, Record record);

  const Clock clock_;
  // std::shared_mutex rather than absl::Mutex: Debian's abseil is not built with TSan,
  // so `--config=tsan` cannot see absl::Mutex's synchronisation and reports false races.
  mutable std::shared_mutex mu_;
  // Guarded by mu_.
  Table leads_;
  Table clients_;
  Table business_cards_;
};

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_STORE_H_
