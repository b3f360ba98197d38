// The card sync's messages: a planned person, a proposed merge and the run's summary as
// CardSyncService streams them, and the links and cursor a run leaves behind.
#ifndef LEADGW_CARD_SYNC_SYNC_REPORT_H_
#define LEADGW_CARD_SYNC_SYNC_REPORT_H_

#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "card_sync/link_store.h"
#include "card_sync/sync_plan.h"
#include "leadgateway/v1/card_sync_service.pb.h"

namespace leadgw::card_sync {

absl::Time CardUpdatedAt(const leadgateway::v1::BusinessCard& card);

// CREATE and UPDATE become SKIPPED when there is no e-mail address to push by.
leadgateway::v1::CardSyncAction ActionOf(const PersonPlan& person);

// `result`: the push's outcome, null when not pushed (yet).
leadgateway::v1::SyncCardsProgress PersonProgress(const SyncPlanInput& input,
                                                  const SyncPlan& plan, int person,
                                                  const leadgateway::v1::RecordResult* result);
leadgateway::v1::SyncCardsProgress MergeProgress(const SyncPlanInput& input,
                                                 const SyncPlan& plan,
                                                 const ProposedMerge& merge);

// One link per card of `person`, to `lead_id`.
void AppendLinks(const SyncPlanInput& input, const PersonPlan& person,
                 const std::string& lead_id, absl::Time now,
                 std::vector<CardLinkRecord>& links);

// Fills the action counters of `summary`: planned actions in a dry run, push outcomes in
// a real one (`results` by person); `failed` (people whose push failed or was held for a
// merge) count as failed only.
void CountActions(const SyncPlan& plan, const std::vector<leadgateway::v1::RecordResult>& results,
                  const std::vector<int>& failed, leadgateway::v1::CardSyncSummary& summary);

// Where the next run starts reading: the newest card of `read` (cards oldest first; when
// the run stopped at max_cards, the last one read), never before `previous`. People
// whose push failed do not hold it back: their cards are kept as retries instead.
std::optional<absl::Time> NextCursor(const std::vector<leadgateway::v1::BusinessCard>& read,
                                     bool more_cards, std::optional<absl::Time> previous);

// The cards of the people whose push failed.
std::vector<leadgateway::v1::BusinessCard> CardsOf(const SyncPlanInput& input,
                                                   const SyncPlan& plan,
                                                   const std::vector<int>& people);

// Sets the cursor and the quota time (lead_calls x `call_spacing`).
void FinishSummary(std::optional<absl::Time> cursor, absl::Duration call_spacing,
                   leadgateway::v1::CardSyncSummary& summary);

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_SYNC_REPORT_H_
