#include "card_sync/sync_inputs.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "card_sync/card_to_lead.h"
#include "card_sync/person_keys.h"
#include "card_sync/sync_report.h"
#include "common/status_macros.h"

namespace leadgw::card_sync {

namespace v1 = ::leadgateway::v1;

namespace {

constexpr int kCardPageSize = 100;
// A lead system's ceiling of filter values per lookup call.
constexpr int kLookupValuesPerCall = 300;
// Pages of cards one run may turn (cards before the cursor are skipped, not counted).
constexpr int kMaxCardPages = 10000;

}  // namespace

absl::Status SyncCancelled() { return absl::CancelledError("the caller cancelled the card sync"); }

absl::StatusOr<CardBatch> ReadCards(const backends::CallContext& ctx,
                                    backends::LeadBackend& cards,
                                    const SyncRunSettings& settings,
                                    std::optional<absl::Time> cursor, int& calls) {
  v1::SearchBusinessCardsRequest request;
  request.set_connection(settings.card_connection);
  if (cursor.has_value()) {
    // A day early: the card system compares dates in its own time zone.
    request.mutable_filter()->mutable_updated()->set_from(
        absl::FormatTime("%Y-%m-%d", *cursor - absl::Hours(24), absl::UTCTimeZone()));
  }
  request.set_sort_key(v1::BUSINESS_CARD_SORT_KEY_UPDATED_AT);
  request.set_sort_direction(v1::SORT_DIRECTION_ASCENDING);
  request.set_page_size(kCardPageSize);
  CardBatch batch;
  for (int page_number = 0; page_number < kMaxCardPages; ++page_number) {
    if (ctx.cancellation.cancelled()) return SyncCancelled();
    ++calls;
    LEADGW_ASSIGN_OR_RETURN(v1::SearchBusinessCardsResponse page,
                            cards.SearchBusinessCards(ctx, request));
    for (v1::BusinessCard& card : *page.mutable_cards()) {
      if (cursor.has_value() && CardUpdatedAt(card) < *cursor) continue;
      if (static_cast<int>(batch.cards.size()) == settings.max_cards) {
        batch.more = true;
        return batch;
      }
      batch.cards.push_back(std::move(card));
    }
    if (page.next_page_token().empty()) return batch;
    request.set_page_token(page.next_page_token());
  }
  batch.more = true;
  return batch;
}

std::vector<v1::BusinessCard> WithRetries(
    std::vector<v1::BusinessCard> read,
    const absl::flat_hash_map<std::string, v1::BusinessCard>& retries) {
  absl::flat_hash_set<std::string> read_ids;
  for (const v1::BusinessCard& card : read) read_ids.insert(card.id());
  std::vector<v1::BusinessCard> older;
  for (const auto& [card_id, card] : retries) {
    if (!read_ids.contains(card_id)) older.push_back(card);
  }
  std::sort(older.begin(), older.end(), [](const v1::BusinessCard& a, const v1::BusinessCard& b) {
    return NewerCard(b, a);
  });
  older.insert(older.end(), std::make_move_iterator(read.begin()),
               std::make_move_iterator(read.end()));
  return older;
}

std::vector<LinkedCard> RelevantLinkedCards(const SyncState& state,
                                            const std::vector<v1::BusinessCard>& cards) {
  absl::flat_hash_set<std::string> keys;
  for (const v1::BusinessCard& card : cards) {
    PersonKeys k = KeysOfCard(card);
    for (std::string* key : {&k.email, &k.name, &k.name_reading}) {
      if (!key->empty()) keys.insert(std::move(*key));
    }
  }
  std::vector<LinkedCard> linked;
  for (const auto& [card_id, record] : state.links) {
    PersonKeys k = KeysOfCard(record.card());
    if (keys.contains(k.email) || keys.contains(k.name) || keys.contains(k.name_reading)) {
      linked.push_back({record.card(), record.link().lead_id()});
    }
  }
  return linked;
}

absl::btree_set<std::string> EmailsToLookUp(const SyncPlanInput& input, const SyncPlan& plan) {
  absl::btree_set<std::string> emails;
  for (const PersonPlan& person : plan.persons) {
    if (person.action == PersonAction::kUnchanged) continue;
    for (int card : person.cards) {
      std::string key = KeysOfCard(input.cards[card]).email;
      if (!key.empty()) emails.insert(std::move(key));
    }
  }
  return emails;
}

absl::StatusOr<std::vector<v1::Lead>> LookUpByEmail(const backends::CallContext& ctx,
                                                    backends::LeadBackend& leads,
                                                    const SyncRunSettings& settings,
                                                    const absl::btree_set<std::string>& emails,
                                                    const std::vector<std::string>& fields,
                                                    int& calls) {
  std::vector<v1::Lead> found;
  v1::QueryLeadsRequest request;
  request.set_connection(settings.lead_connection);
  request.set_filter_field("email");
  for (const std::string& field : fields) request.add_fields(field);
  auto it = emails.begin();
  while (it != emails.end()) {
    request.clear_filter_values();
    request.clear_page_token();
    for (int n = 0; n < kLookupValuesPerCall && it != emails.end(); ++n, ++it) {
      request.add_filter_values(*it);
    }
    do {
      if (ctx.cancellation.cancelled()) return SyncCancelled();
      ++calls;
      LEADGW_ASSIGN_OR_RETURN(v1::QueryLeadsResponse page, leads.QueryLeads(ctx, request));
      for (v1::Lead& lead : *page.mutable_leads()) {
        if (lead.id().empty()) {
          return absl::InternalError("the lead system answered a lookup with a lead without an id");
        }
        found.push_back(std::move(lead));
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
  }
  return found;
}

}  // namespace leadgw::card_sync
