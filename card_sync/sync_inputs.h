// What one card-sync run reads before it plans (sync_runner.h): the changed cards, the
// retries and linked cards of earlier runs that matter to them, and the lead system's
// leads with the people's addresses.
#ifndef LEADGW_CARD_SYNC_SYNC_INPUTS_H_
#define LEADGW_CARD_SYNC_SYNC_INPUTS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "backends/lead_backend.h"
#include "card_sync/link_store.h"
#include "card_sync/sync_plan.h"
#include "card_sync/sync_runner.h"

namespace leadgw::card_sync {

absl::Status SyncCancelled();

struct CardBatch {
  std::vector<v1::BusinessCard> cards;
  bool more = false;  // stopped at max_cards
};

// The cards updated since `cursor` (all when unset), oldest first, at most
// settings.max_cards. `calls` counts the card searches.
absl::StatusOr<CardBatch> ReadCards(const backends::CallContext& ctx,
                                    backends::LeadBackend& cards,
                                    const SyncRunSettings& settings,
                                    std::optional<absl::Time> cursor, int& calls);

// The retries of earlier runs that were not read again (a card read again is its newer
// version), oldest first, then the cards read.
std::vector<leadgateway::v1::BusinessCard> WithRetries(
    std::vector<leadgateway::v1::BusinessCard> read,
    const absl::flat_hash_map<std::string, leadgateway::v1::BusinessCard>& retries);

// The cards of earlier runs that share a key with one of `cards`: the only ones that can
// match (card_matching.h needs an equal e-mail, name or reading).
std::vector<LinkedCard> RelevantLinkedCards(
    const SyncState& state, const std::vector<leadgateway::v1::BusinessCard>& cards);

// The e-mail keys of the people a run may push (unchanged people need no lookup).
absl::btree_set<std::string> EmailsToLookUp(const SyncPlanInput& input, const SyncPlan& plan);

// The leads of the lead connection with any of `emails`, 300 addresses per call, with
// `fields` (empty: the connection's default fields). `calls` counts the calls.
absl::StatusOr<std::vector<leadgateway::v1::Lead>> LookUpByEmail(
    const backends::CallContext& ctx, backends::LeadBackend& leads,
    const SyncRunSettings& settings, const absl::btree_set<std::string>& emails,
    const std::vector<std::string>& fields, int& calls);

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_SYNC_INPUTS_H_
