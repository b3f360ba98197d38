#include "card_sync/sync_report.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/proto_time.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

void AddMatches(const std::vector<LeadMatch>& matches,
                google::protobuf::RepeatedPtrField<v1::CardLeadMatch>* out) {
  for (const LeadMatch& match : matches) {
    v1::CardLeadMatch* m = out->Add();
    m->set_lead_id(match.lead_id);
    m->set_confidence(match.score.confidence);
    m->set_basis(std::string(MatchBasisName(match.score.basis)));
  }
}

}  // namespace

absl::Time CardUpdatedAt(const v1::BusinessCard& card) {
  return common::TimeOf(card.updated_at());
}

v1::CardSyncAction ActionOf(const PersonPlan& person) {
  // Pushes look leads up by e-mail: without an address there is nothing to push by.
  if (person.action != PersonAction::kUnchanged && person.lead.email().empty()) {
    return v1::CARD_SYNC_ACTION_SKIPPED;
  }
  switch (person.action) {
    case PersonAction::kUnchanged:
      return v1::CARD_SYNC_ACTION_UNCHANGED;
    case PersonAction::kUpdate:
      return v1::CARD_SYNC_ACTION_UPDATE;
    case PersonAction::kCreate:
      break;
  }
  return v1::CARD_SYNC_ACTION_CREATE;
}

v1::SyncCardsProgress PersonProgress(const SyncPlanInput& input, const SyncPlan& plan,
                                     int person, const v1::RecordResult* result) {
  const PersonPlan& planned = plan.persons[person];
  v1::SyncCardsProgress progress;
  v1::SyncedPerson* out = progress.mutable_person();
  for (int card : planned.cards) out->add_card_ids(input.cards[card].id());
  out->set_action(ActionOf(planned));
  out->set_lead_id(planned.lead_id);
  AddMatches(planned.matches, out->mutable_matches());
  AddMatches(planned.possible_duplicates, out->mutable_possible_duplicates());
  out->set_program_name(planned.program);
  *out->mutable_lead() = planned.lead;
  if (result != nullptr) {
    *out->mutable_result() = *result;
    if (!result->id().empty()) out->set_lead_id(result->id());
  }
  return progress;
}

v1::SyncCardsProgress MergeProgress(const SyncPlanInput& input, const SyncPlan& plan,
                                    const ProposedMerge& merge) {
  v1::SyncCardsProgress progress;
  v1::ProposedLeadMerge* out = progress.mutable_merge();
  out->set_winner_id(merge.winner_id);
  for (const std::string& loser : merge.loser_ids) out->add_loser_ids(loser);
  for (int card : plan.persons[merge.person].cards) out->add_card_ids(input.cards[card].id());
  return progress;
}

void AppendLinks(const SyncPlanInput& input, const PersonPlan& person,
                 const std::string& lead_id, absl::Time now,
                 std::vector<CardLinkRecord>& links) {
  for (size_t i = 0; i < person.cards.size(); ++i) {
    CardLinkRecord record;
    const v1::BusinessCard& source = input.cards[person.cards[i]];
    record.mutable_link()->set_card_id(source.id());
    record.mutable_link()->set_lead_id(lead_id);
    record.mutable_link()->set_fingerprint(person.fingerprints[i]);
    record.mutable_link()->set_request_key(source.request_key());
    record.mutable_link()->set_card_company_id(source.company_id());
    *record.mutable_link()->mutable_linked_at() = common::TimestampOf(now);
    *record.mutable_card() = source;
    links.push_back(std::move(record));
  }
}

void CountActions(const SyncPlan& plan, const std::vector<v1::RecordResult>& results,
                  const std::vector<int>& failed, v1::CardSyncSummary& summary) {
  const absl::flat_hash_set<int> failed_set(failed.begin(), failed.end());
  int opt_outs_pushed = 0;
  for (size_t p = 0; p < plan.persons.size(); ++p) {
    if (failed_set.contains(static_cast<int>(p))) continue;
    const v1::CardSyncAction action = ActionOf(plan.persons[p]);
    const bool pushed_now = !summary.dry_run() && (action == v1::CARD_SYNC_ACTION_CREATE ||
                                                   action == v1::CARD_SYNC_ACTION_UPDATE);
    const v1::RecordStatus status = pushed_now ? results[p].status() : v1::RECORD_STATUS_UNSPECIFIED;
    if (action == v1::CARD_SYNC_ACTION_UNCHANGED) {
      summary.set_unchanged(summary.unchanged() + 1);
    } else if (action == v1::CARD_SYNC_ACTION_SKIPPED) {
      summary.set_skipped(summary.skipped() + 1);
    } else if (pushed_now ? status == v1::RECORD_STATUS_CREATED
                          : action == v1::CARD_SYNC_ACTION_CREATE) {
      summary.set_created(summary.created() + 1);
      if (plan.persons[p].opt_outs.any()) ++opt_outs_pushed;
    } else if (pushed_now ? status == v1::RECORD_STATUS_UPDATED
                          : action == v1::CARD_SYNC_ACTION_UPDATE) {
      summary.set_updated(summary.updated() + 1);
      if (plan.persons[p].opt_outs.any()) ++opt_outs_pushed;
    }
  }
  summary.set_opt_outs_to_leads(opt_outs_pushed);
  summary.set_failed(static_cast<int>(failed.size()));
  summary.set_proposed_merges(static_cast<int>(plan.merges.size()));
}

std::optional<absl::Time> NextCursor(const std::vector<v1::BusinessCard>& read,
                                     bool more_cards, std::optional<absl::Time> previous) {
  if (read.empty()) return previous;
  absl::Time next = CardUpdatedAt(read.back());
  if (!more_cards) {
    for (const v1::BusinessCard& card : read) next = std::max(next, CardUpdatedAt(card));
  }
  if (previous.has_value() && next < *previous) return previous;
  return next;
}

std::vector<v1::BusinessCard> CardsOf(const SyncPlanInput& input, const SyncPlan& plan,
                                      const std::vector<int>& people) {
  std::vector<v1::BusinessCard> cards;
  for (int p : people) {
    for (int card : plan.persons[p].cards) cards.push_back(input.cards[card]);
  }
  return cards;
}

void FinishSummary(std::optional<absl::Time> cursor, absl::Duration call_spacing,
                   v1::CardSyncSummary& summary) {
  if (cursor.has_value()) *summary.mutable_cursor() = common::TimestampOf(*cursor);
  *summary.mutable_quota_time() = common::DurationOf(call_spacing * summary.lead_calls());
}

}  // namespace leadgw::card_sync
