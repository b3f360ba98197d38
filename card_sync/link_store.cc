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
constexpr absl::string_view kRetryPrefix = "retry/";

absl::StatusOr<CardLinkRecord> ParseRecord(const jobs::StateRecord& record,
                                           absl::string_view scope) {
  CardLinkRecord parsed;
  if (!parsed.ParseFromString(record.value)) {
    return absl::InternalError(
        absl::StrCat("card sync ", scope, ": unreadable record ", record.key));
  }
  return parsed;
}

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
      LEADGW_ASSIGN_OR_RETURN(CardLinkRecord link, ParseRecord(record, scope_));
      state.links[link.link().card_id()] = std::move(link);
    } else if (absl::StartsWith(record.key, kRetryPrefix) && !record.value.empty()) {
      LEADGW_ASSIGN_OR_RETURN(CardLinkRecord retry, ParseRecord(record, scope_));
      state.retries[retry.card().id()] = std::move(*retry.mutable_card());
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

absl::Status LinkStore::SaveRunEnd(std::optional<absl::Time> cursor,
                                   const std::vector<leadgateway::v1::BusinessCard>& retry,
                                   const std::vector<std::string>& retries_done) {
  std::vector<jobs::StateRecord> records;
  if (cursor.has_value()) {
    records.push_back({std::string(kCursorKey), absl::StrCat(absl::ToUnixMicros(*cursor))});
  }
  for (const std::string& card_id : retries_done) {
    records.push_back({absl::StrCat(kRetryPrefix, card_id), ""});
  }
  for (const leadgateway::v1::BusinessCard& card : retry) {
    CardLinkRecord record;
    *record.mutable_card() = card;
    records.push_back({absl::StrCat(kRetryPrefix, card.id()), record.SerializeAsString()});
  }
  if (records.empty()) return absl::OkStatus();
  return journal_->PutState(scope_, records);
}

}  // namespace leadgw::card_sync
