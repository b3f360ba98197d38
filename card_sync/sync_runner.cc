#include "card_sync/sync_runner.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "card_sync/card_to_lead.h"
#include "card_sync/consent.h"
#include "card_sync/person_keys.h"
#include "card_sync/sync_inputs.h"
#include "card_sync/sync_plan.h"
#include "card_sync/sync_report.h"
#include "common/status_macros.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

// Whether several leads have the person's address: Push Lead, looked up by e-mail, is
// refused for such a person ("multiple leads match") until they are merged, so the run
// does not spend a call on it.
bool NeedsMerge(const PersonPlan& person) {
  int by_email = 0;
  for (const LeadMatch& match : person.matches) {
    if (match.score.basis == MatchBasis::kEmail) ++by_email;
  }
  return by_email > 1;
}

// People to push, per program (one Push Lead names one program).
std::vector<std::pair<std::string, std::vector<int>>> GroupPushes(
    const SyncPlan& plan, const std::vector<bool>& pushable) {
  std::vector<std::pair<std::string, std::vector<int>>> groups;
  for (int p = 0; p < static_cast<int>(plan.persons.size()); ++p) {
    if (!pushable[p]) continue;
    const std::string& program = plan.persons[p].program;
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return g.first == program; });
    if (group == groups.end()) group = groups.insert(groups.end(), {program, {}});
    group->second.push_back(p);
  }
  return groups;
}

class Run {
 public:
  Run(const backends::CallContext& ctx, backends::LeadBackend& leads, LinkStore& store,
      const SyncRunSettings& settings, const ProgressSink& sink)
      : ctx_(ctx), leads_(leads), store_(store), settings_(settings), sink_(sink) {}

  absl::Status Emit(v1::SyncCardsProgress message) {
    return sink_(message) ? absl::OkStatus() : SyncCancelled();
  }

  // The person's message, with the opt-outs written back to the card system for it.
  absl::Status EmitPerson(const SyncPlanInput& input, const SyncPlan& plan, int p,
                          const v1::RecordResult* result) {
    v1::SyncCardsProgress message = PersonProgress(input, plan, p, result);
    if (p < static_cast<int>(written_back_.size())) {
      for (v1::CardSystemOptOut& out : written_back_[p]) {
        *message.mutable_person()->add_card_system_opt_outs() = std::move(out);
      }
    }
    return Emit(std::move(message));
  }

  // Both ways: the lead system's opt-outs of each person that the card system's leads
  // with the person's address lack, written there (dry: listed) before any push.
  absl::Status CarryOptOutsToCards(backends::LeadBackend& cards, const SyncPlan& plan,
                                   const OptOutsByEmail& from_leads,
                                   const OptOutsByEmail& from_cards,
                                   v1::CardSyncSummary& summary) {
    written_back_.resize(plan.persons.size());
    int calls = 0;
    for (int p = 0; p < static_cast<int>(plan.persons.size()); ++p) {
      const v1::Lead& lead = plan.persons[p].lead;
      auto known = from_leads.find(KeysOfLead(lead).email);
      if (known == from_leads.end()) continue;
      auto recorded = from_cards.find(known->first);
      const OptOuts missing = recorded == from_cards.end()
                                  ? known->second
                                  : known->second.Without(recorded->second);
      LEADGW_ASSIGN_OR_RETURN(written_back_[p],
                              WriteBackOptOuts(ctx_, cards, settings_.card_connection, lead,
                                               missing, settings_.dry_run, calls));
      summary.set_opt_outs_to_cards(summary.opt_outs_to_cards() +
                                    static_cast<int>(written_back_[p].size()));
    }
    summary.set_card_calls(summary.card_calls() + calls);
    return absl::OkStatus();
  }

  // Pushes one chunk of a program's people and stores their links; reports them.
  // Push Lead looks leads up by e-mail (it takes no other lookup for an upsert); people
  // whose address names several leads were held back (NeedsMerge).
  absl::Status PushChunk(const SyncPlanInput& input, const SyncPlan& plan,
                         const std::string& program, const std::vector<int>& people,
                         size_t first, v1::CardSyncSummary& summary) {
    const size_t end = std::min(people.size(), first + settings_.push_chunk);
    v1::PushLeadsRequest request;
    request.set_connection(settings_.lead_connection);
    request.set_program_name(program);
    request.set_source(settings_.source);
    request.set_reason(settings_.reason);
    request.set_lookup_field("email");
    for (size_t i = first; i < end; ++i) {
      *request.add_records()->mutable_lead() = plan.persons[people[i]].lead;
    }
    summary.set_lead_calls(summary.lead_calls() + 1);
    if (settings_.dry_run) {
      for (size_t i = first; i < end; ++i) {
        LEADGW_RETURN_IF_ERROR(EmitPerson(input, plan, people[i], nullptr));
      }
      return absl::OkStatus();
    }
    if (ctx_.cancellation.cancelled()) return SyncCancelled();
    LEADGW_ASSIGN_OR_RETURN(v1::WriteResponse response, leads_.PushLeads(ctx_, request));
    if (response.results_size() != static_cast<int>(end - first)) {
      return absl::InternalError("the lead backend answered a push with the wrong result count");
    }
    std::vector<CardLinkRecord> links;
    const absl::Time now = absl::Now();
    for (size_t i = first; i < end; ++i) {
      const int p = people[i];
      v1::RecordResult result = response.results(static_cast<int>(i - first));
      result.set_index(p);
      const bool pushed = result.status() == v1::RECORD_STATUS_CREATED ||
                          result.status() == v1::RECORD_STATUS_UPDATED;
      if (pushed) {
        if (result.id().empty()) result.set_id(plan.persons[p].lead_id);
        AppendLinks(input, plan.persons[p], result.id(), now, links);
      } else {
        failed_people_.push_back(p);
      }
      pushed_results_[p] = std::move(result);
    }
    // Links first: a message the caller saw is a push the next run knows about.
    LEADGW_RETURN_IF_ERROR(store_.SaveLinks(links));
    for (size_t i = first; i < end; ++i) {
      const int p = people[i];
      LEADGW_RETURN_IF_ERROR(EmitPerson(input, plan, p, &pushed_results_[p]));
    }
    return absl::OkStatus();
  }

  // Records that `person` waits for the merge of its leads (NeedsMerge), as a failure the
  // next run retries; returns its result.
  const v1::RecordResult& HoldForMerge(const PersonPlan& person, int p) {
    v1::RecordResult& result = pushed_results_[p];
    result.set_index(p);
    result.set_status(v1::RECORD_STATUS_FAILED);
    v1::UpstreamReason* reason = result.add_reasons();
    reason->set_code("gateway.merge_first");
    reason->set_message(absl::StrCat(
        person.matches.size(), " leads have this person's e-mail address and a push would "
        "be refused: merge them (see the proposed merge), then run again"));
    failed_people_.push_back(p);
    return result;
  }

  const std::vector<int>& failed_people() const { return failed_people_; }
  std::vector<v1::RecordResult>& pushed_results() { return pushed_results_; }

 private:
  const backends::CallContext& ctx_;
  backends::LeadBackend& leads_;
  LinkStore& store_;
  const SyncRunSettings& settings_;
  const ProgressSink& sink_;
  std::vector<int> failed_people_;
  std::vector<v1::RecordResult> pushed_results_;  // by person
  std::vector<std::vector<v1::CardSystemOptOut>> written_back_;  // by person
};

}  // namespace

absl::Status RunCardSync(const backends::CallContext& ctx, backends::LeadBackend& cards,
                         backends::LeadBackend& leads, LinkStore& store,
                         const SyncRunSettings& settings, const ProgressSink& sink) {
  LEADGW_ASSIGN_OR_RETURN(SyncState state, store.Load());
  int card_calls = 0;
  LEADGW_ASSIGN_OR_RETURN(CardBatch batch,
                          ReadCards(ctx, cards, settings, state.cursor, card_calls));

  const std::optional<absl::Time> cursor =
      NextCursor(batch.cards, batch.more, state.cursor);
  const int cards_read = static_cast<int>(batch.cards.size());
  SyncPlanInput input;
  input.cards = WithRetries(std::move(batch.cards), state.retries);
  input.default_program = settings.default_program;
  input.programs_by_lead_source = settings.programs_by_lead_source;
  for (const auto& [card_id, record] : state.links) {
    input.links[card_id] = CardLink{record.link().lead_id(), record.link().fingerprint()};
  }
  OptOutsByEmail card_opt_outs;
  if (settings.consent != v1::CARD_CONSENT_NONE &&
      (!input.cards.empty() || !state.links.empty())) {
    LEADGW_ASSIGN_OR_RETURN(card_opt_outs, ReadOptedOutLeads(ctx, cards, settings.card_connection,
                                                             card_calls));
    for (v1::BusinessCard& card : LinkedCardsToRecheck(state, card_opt_outs, input.cards)) {
      input.cards.push_back(std::move(card));
    }
    input.opt_outs_by_email = card_opt_outs;
  }
  input.linked_cards = RelevantLinkedCards(state, input.cards);

  v1::CardSyncSummary summary;
  summary.set_dry_run(settings.dry_run);
  summary.set_cards_read(cards_read);
  summary.set_more_cards(batch.more);
  summary.set_card_calls(card_calls);
  int lookup_calls = 0;
  const bool both_ways = settings.consent == v1::CARD_CONSENT_BOTH_WAYS;
  const absl::btree_set<std::string> emails = EmailsToLookUp(input, PlanSync(input));
  std::vector<std::string> lookup_fields;
  if (both_ways && !emails.empty()) {
    LEADGW_ASSIGN_OR_RETURN(lookup_fields, LookupFieldsWithConsent(
                                               ctx, leads, settings.lead_connection, lookup_calls));
  }
  LEADGW_ASSIGN_OR_RETURN(input.candidate_leads, LookUpByEmail(ctx, leads, settings, emails,
                                                               lookup_fields, lookup_calls));
  summary.set_lead_calls(lookup_calls);
  OptOutsByEmail lead_opt_outs;
  if (both_ways) {
    lead_opt_outs = OptOutsOfLeads(input.candidate_leads);
    for (const auto& [key, opt_outs] : lead_opt_outs) input.opt_outs_by_email[key] |= opt_outs;
  }
  const SyncPlan plan = PlanSync(input);
  summary.set_people(static_cast<int>(plan.persons.size()));

  Run run(ctx, leads, store, settings, sink);
  run.pushed_results().resize(plan.persons.size());
  if (both_ways) {
    LEADGW_RETURN_IF_ERROR(
        run.CarryOptOutsToCards(cards, plan, lead_opt_outs, card_opt_outs, summary));
  }
  std::vector<bool> pushable(plan.persons.size(), false);
  for (int p = 0; p < static_cast<int>(plan.persons.size()); ++p) {
    const PersonPlan& person = plan.persons[p];
    const v1::CardSyncAction action = ActionOf(person);
    const bool push = action == v1::CARD_SYNC_ACTION_CREATE ||
                      action == v1::CARD_SYNC_ACTION_UPDATE;
    if (push && !NeedsMerge(person)) {
      pushable[p] = true;
      continue;
    }
    const v1::RecordResult* result = nullptr;
    if (push) result = &run.HoldForMerge(person, p);
    LEADGW_RETURN_IF_ERROR(run.EmitPerson(input, plan, p, result));
  }
  for (const auto& [program, people] : GroupPushes(plan, pushable)) {
    for (size_t first = 0; first < people.size(); first += settings.push_chunk) {
      LEADGW_RETURN_IF_ERROR(run.PushChunk(input, plan, program, people, first, summary));
    }
  }
  for (const ProposedMerge& merge : plan.merges) {
    LEADGW_RETURN_IF_ERROR(run.Emit(MergeProgress(input, plan, merge)));
  }
  CountActions(plan, run.pushed_results(), run.failed_people(), summary);

  if (!settings.dry_run) {
    const std::vector<v1::BusinessCard> retry = CardsOf(input, plan, run.failed_people());
    absl::flat_hash_set<std::string> retried_again;
    for (const v1::BusinessCard& card : retry) retried_again.insert(card.id());
    std::vector<std::string> retries_done;
    for (const auto& [card_id, card] : state.retries) {
      if (!retried_again.contains(card_id)) retries_done.push_back(card_id);
    }
    LEADGW_RETURN_IF_ERROR(store.SaveRunEnd(cursor != state.cursor ? cursor : std::nullopt,
                                            retry, retries_done));
  }
  FinishSummary(cursor, settings.lead_call_spacing, summary);
  v1::SyncCardsProgress last;
  *last.mutable_summary() = std::move(summary);
  return run.Emit(std::move(last));
}

}  // namespace leadgw::card_sync
