#include "emulators/hotprofile/store.h"

#include <mutex>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "emulators/hotprofile/attributes.h"
#include "emulators/hotprofile/text_util.h"

namespace leadgw::emulators::hotprofile {
namespace {

bool NeedsClient(ObjectKind kind) { return kind != ObjectKind::kClient; }

absl::StatusOr<int64_t> IdParam(const Params& values, const std::string& name) {
  const auto it = values.find(name);
  const std::optional<int64_t> id = it == values.end() ? std::nullopt : ParseStrictInt(it->second);
  if (!id) return absl::InvalidArgumentError(absl::StrCat(name, " must be an integer"));
  return *id;
}

}  // namespace

HotProfileStore::HotProfileStore(Clock clock) : clock_(std::move(clock)) {}

absl::Time HotProfileStore::Now() const {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(clock_()));
}

HotProfileStore::Table& HotProfileStore::TableFor(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return leads_;
    case ObjectKind::kClient:
      return clients_;
    case ObjectKind::kBusinessCard:
      return business_cards_;
  }
  return leads_;
}

const HotProfileStore::Table& HotProfileStore::TableFor(ObjectKind kind) const {
  switch (kind) {
    case ObjectKind::kLead:
      return leads_;
    case ObjectKind::kClient:
      return clients_;
    case ObjectKind::kBusinessCard:
      return business_cards_;
  }
  return leads_;
}

absl::Status HotProfileStore::CheckClient(ObjectKind kind, const Params& values) const {
  if (!NeedsClient(kind)) return absl::OkStatus();
  const absl::StatusOr<int64_t> client_id = IdParam(values, "client_id");
  if (!client_id.ok()) return client_id.status();
  if (clients_.records.count(*client_id) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("client_id ", *client_id, " is not a registered client"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> HotProfileStore::Create(ObjectKind kind, const Params& canonical) {
  Record record;
  for (const auto& [name, value] : canonical) {
    if (!value.empty() && name != "id") record.values[name] = value;
  }
  record.created_at = record.updated_at = Now();
  std::unique_lock<std::shared_mutex> lock(mu_);
  const absl::Status client = CheckClient(kind, record.values);
  if (!client.ok()) return client;
  return InsertLocked(kind, std::move(record));
}

absl::StatusOr<int64_t> HotProfileStore::Update(ObjectKind kind, const Params& canonical) {
  const absl::StatusOr<int64_t> id = IdParam(canonical, "id");
  if (!id.ok()) return id.status();
  const absl::Time now = Now();
  std::unique_lock<std::shared_mutex> lock(mu_);
  Table& table = TableFor(kind);
  const auto it = table.records.find(*id);
  if (it == table.records.end()) {
    return absl::NotFoundError(absl::StrCat("id ", *id, " does not exist"));
  }
  const absl::Status client = CheckClient(kind, canonical);
  if (!client.ok()) return client;
  Record& record = it->second;
  for (const auto& [name, value] : canonical) {
    if (name == "id") continue;
    if (value.empty()) {
      record.values.erase(name);
    } else {
      record.values[name] = value;
    }
  }
  record.updated_at = now;
  return *id;
}

absl::Status HotProfileStore::Reset(std::vector<SeedRecord> records) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  leads_ = Table();
  clients_ = Table();
  business_cards_ = Table();
  for (SeedRecord& seed : records) {
    const absl::Status client = CheckClient(seed.kind, seed.record.values);
    if (!client.ok()) return client;
    InsertLocked(seed.kind, std::move(seed.record));
  }
  return absl::OkStatus();
}

int64_t HotProfileStore::InsertLocked(ObjectKind kind, Record record) {
  Table& table = TableFor(kind);
  record.id = table.next_id++;
  const int64_t id = record.id;
  table.records.emplace(id, std::move(record));
  return id;
}

ListResult HotProfileStore::List(ObjectKind kind, const ListQuery& query) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::vector<RecordView> matches;
  for (const auto& [id, record] : TableFor(kind).records) {
    const Record* client = nullptr;
    if (NeedsClient(kind)) {
      const std::optional<int64_t> client_id = ParseStrictInt(record.Value("client_id"));
      const auto found = client_id ? clients_.records.find(*client_id) : clients_.records.end();
      if (found != clients_.records.end()) client = &found->second;
    }
    const RecordView view{kind, &record, client};
    if (MatchesAll(view, query.conditions)) matches.push_back(view);
  }
  SortViews(query.sort_key, query.descending, &matches);

  ListResult result;
  result.page = ComputePage(static_cast<int64_t>(matches.size()), query);
  int64_t begin = 0;
  int64_t end = 0;
  PageBounds(static_cast<int64_t>(matches.size()), query, &begin, &end);
  for (int64_t i = begin; i < end; ++i) {
    ListedRecord listed{*matches[i].record, std::nullopt};
    if (matches[i].client != nullptr) listed.client = *matches[i].client;
    result.records.push_back(std::move(listed));
  }
  return result;
}

int64_t HotProfileStore::Size(ObjectKind kind) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return static_cast<int64_t>(TableFor(kind).records.size());
}

}  // namespace leadgw::emulators::hotprofile
