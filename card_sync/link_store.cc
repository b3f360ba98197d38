#include "card_sync/link_store.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace leadgw::card_sync {
namespace {

constexpr absl::string_view kCursorKey = "cursor";
constexpr absl::string_view kLinkPrefix = "link/";

}  // namespace

LinkStore::LinkStore(jobs::JobJournal* journal, absl::string_view sync_name)
    : journal_(journal), scope_(absl::StrCat("card-sync/", sync_name)) {}

absl::StatusOr<SyncState> LinkStore::Load() {
  LEADGW_ASSIGN_OR_RETURN(std::vector<jobs::StateRecord> records, journal_->GetState(scope_));
  SyncState state;
  for (const jobs::StateRecord& record : records) {
    if (record.key == kCursorKey) {
      int64_t micros = 0;
      if (!absl::SimpleAtoi(record.value, &micros)) {
        return absl::InternalError(absl::StrCat("card sync ", scope_, ": unreadable cursor"));
      }
      state.cursor = absl::FromUnixMicros(micros);
    } else if (absl::StartsWith(record.key, kLinkPrefix)) {
      CardLinkRecord link;
      if (!link.ParseFromString(record.value)) {
        return absl::InternalError(
            absl::StrCat("card sync ", scope_, ": unreadable link ", record.key));
      }
      state.links[link.link().card_id()] = std::move(link);
    }
  }
  return state;
}

absl::Status LinkStore::SaveLinks(const std::vector<CardLinkRecord>& links) {
  std::vector<jobs::StateRecord> records;
  records.reserve(links.size());
  for (const CardLinkRecord& link : links) {
    records.push_back(
        {absl::StrCat(kLinkPrefix, link.link().card_id()), link.SerializeAsString()});
  }
  return journal_->PutState(scope_, records);
}

absl::Status LinkStore::SaveCursor(absl::Time cursor) {
  return journal_->PutState(scope_,
                            {{std::string(kCursorKey), absl::StrCat(absl::ToUnixMicros(cursor))}});
}

}  // namespace leadgw::card_sync
