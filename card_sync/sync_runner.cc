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
#include "card_sync/person_keys.h"
#include "card_sync/sync_plan.h"
#include "card_sync/sync_report.h"
#include "common/status_macros.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

constexpr int kCardPageSize = 100;
// A lead system's ceiling of filter values per lookup call.
constexpr int kLookupValuesPerCall = 300;
// Pages of cards one run may turn (cards before the cursor are skipped, not counted).
constexpr int kMaxCardPages = 10000;

absl::Status Cancelled() { return absl::CancelledError("the caller cancelled the card sync"); }

struct CardBatch {
  std::vector<v1::BusinessCard> cards;
  bool more = false;  // stopped at max_cards
};

absl::StatusOr<CardBatch> ReadCards(const backends::CallContext& ctx,
                                    backends::LeadBackend& cards,
                                    const SyncRunSettings& settings,
                                    std::optional<absl::Time> cursor) {
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
    if (ctx.cancellation.cancelled()) return Cancelled();
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

// The cards of earlier runs that share a key with a card of this run: the only ones that
// can match (card_matching.h needs an equal e-mail, name or reading).
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

// The e-mail keys of the people a run may push (unchanged people need no lookup).
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
                                                    int& calls) {
  std::vector<v1::Lead> found;
  v1::QueryLeadsRequest request;
  request.set_connection(settings.lead_connection);
  request.set_filter_field("email");
  auto it = emails.begin();
  while (it != emails.end()) {
    request.clear_filter_values();
    request.clear_page_token();
    for (int n = 0; n < kLookupValuesPerCall && it != emails.end(); ++n, ++it) {
      request.add_filter_values(*it);
    }
    do {
      if (ctx.cancellation.cancelled()) return Cancelled();
      ++calls;
      LEADGW_ASSIGN_OR_RETURN(v1::QueryLeadsResponse page, leads.QueryLeads(ctx, request));
      for (v1::Lead& lead : *page.mutable_leads()) found.push_back(std::move(lead));
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
  }
  return found;
}

// How a person is pushed: CREATE and UPDATE look the lead up by e-mail when that finds
// exactly the lead meant; otherwise UPDATE names the lead by id.
std::string LookupFieldOf(const PersonPlan& person) {
  if (person.action == PersonAction::kCreate) return "email";
  int by_email = 0;
  for (const LeadMatch& match : person.matches) {
    if (match.score.basis == MatchBasis::kEmail) ++by_email;
  }
  const bool unique_by_email =
      person.matches.front().score.basis == MatchBasis::kEmail && by_email == 1;
  return unique_by_email && !person.lead.email().empty() ? "email" : "id";
}

struct PushGroup {
  std::string program;
  std::string lookup_field;
  std::vector<int> persons;
};

std::vector<PushGroup> GroupPushes(const SyncPlan& plan, const std::vector<bool>& pushable) {
  std::vector<PushGroup> groups;
  for (int p = 0; p < static_cast<int>(plan.persons.size()); ++p) {
    if (!pushable[p]) continue;
    const PersonPlan& person = plan.persons[p];
    const std::string lookup = LookupFieldOf(person);
    auto group = std::find_if(groups.begin(), groups.end(), [&](const PushGroup& g) {
      return g.program == person.program && g.lookup_field == lookup;
    });
    if (group == groups.end()) group = groups.insert(groups.end(), {person.program, lookup, {}});
    group->persons.push_back(p);
  }
  return groups;
}

class Run {
 public:
  Run(const backends::CallContext& ctx, backends::LeadBackend& leads, LinkStore& store,
      const SyncRunSettings& settings, const ProgressSink& sink)
      : ctx_(ctx), leads_(leads), store_(store), settings_(settings), sink_(sink) {}

  absl::Status Emit(v1::SyncCardsProgress message) {
    return sink_(message) ? absl::OkStatus() : Cancelled();
  }

  // Pushes one chunk of a group and stores its links; reports its people.
  absl::Status PushChunk(const SyncPlanInput& input, const SyncPlan& plan, const PushGroup& group,
                         size_t first, v1::CardSyncSummary& summary) {
    const size_t end = std::min(group.persons.size(), first + settings_.push_chunk);
    v1::PushLeadsRequest request;
    request.set_connection(settings_.lead_connection);
    request.set_program_name(group.program);
    request.set_source(settings_.source);
    request.set_reason(settings_.reason);
    request.set_lookup_field(group.lookup_field);
    for (size_t i = first; i < end; ++i) {
      const PersonPlan& person = plan.persons[group.persons[i]];
      v1::Lead* lead = request.add_records()->mutable_lead();
      *lead = person.lead;
      if (group.lookup_field == "id") lead->set_id(person.lead_id);
    }
    summary.set_lead_calls(summary.lead_calls() + 1);
    if (settings_.dry_run) {
      for (size_t i = first; i < end; ++i) {
        LEADGW_RETURN_IF_ERROR(Emit(PersonProgress(input, plan, group.persons[i], nullptr)));
      }
      return absl::OkStatus();
    }
    if (ctx_.cancellation.cancelled()) return Cancelled();
    LEADGW_ASSIGN_OR_RETURN(v1::WriteResponse response, leads_.PushLeads(ctx_, request));
    if (response.results_size() != static_cast<int>(end - first)) {
      return absl::InternalError("the lead backend answered a push with the wrong result count");
    }
    std::vector<CardLinkRecord> links;
    const absl::Time now = absl::Now();
    for (size_t i = first; i < end; ++i) {
      const int p = group.persons[i];
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
      const int p = group.persons[i];
      LEADGW_RETURN_IF_ERROR(Emit(PersonProgress(input, plan, p, &pushed_results_[p])));
    }
    return absl::OkStatus();
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
};

}  // namespace

absl::Status RunCardSync(const backends::CallContext& ctx, backends::LeadBackend& cards,
                         backends::LeadBackend& leads, LinkStore& store,
                         const SyncRunSettings& settings, const ProgressSink& sink) {
  LEADGW_ASSIGN_OR_RETURN(SyncState state, store.Load());
  LEADGW_ASSIGN_OR_RETURN(CardBatch batch, ReadCards(ctx, cards, settings, state.cursor));

  SyncPlanInput input;
  input.cards = std::move(batch.cards);
  input.default_program = settings.default_program;
  input.programs_by_lead_source = settings.programs_by_lead_source;
  for (const auto& [card_id, record] : state.links) {
    input.links[card_id] = CardLink{record.link().lead_id(), record.link().fingerprint()};
  }
  input.linked_cards = RelevantLinkedCards(state, input.cards);

  v1::CardSyncSummary summary;
  summary.set_dry_run(settings.dry_run);
  summary.set_cards_read(static_cast<int>(input.cards.size()));
  summary.set_more_cards(batch.more);
  int lookup_calls = 0;
  LEADGW_ASSIGN_OR_RETURN(
      input.candidate_leads,
      LookUpByEmail(ctx, leads, settings, EmailsToLookUp(input, PlanSync(input)), lookup_calls));
  summary.set_lead_calls(lookup_calls);
  const SyncPlan plan = PlanSync(input);
  summary.set_people(static_cast<int>(plan.persons.size()));

  Run run(ctx, leads, store, settings, sink);
  run.pushed_results().resize(plan.persons.size());
  std::vector<bool> pushable(plan.persons.size(), false);
  for (int p = 0; p < static_cast<int>(plan.persons.size()); ++p) {
    const PersonPlan& person = plan.persons[p];
    const v1::CardSyncAction action = ActionOf(person);
    if (action == v1::CARD_SYNC_ACTION_CREATE || action == v1::CARD_SYNC_ACTION_UPDATE) {
      pushable[p] = true;
      continue;
    }
    LEADGW_RETURN_IF_ERROR(run.Emit(PersonProgress(input, plan, p, nullptr)));
  }
  for (const PushGroup& group : GroupPushes(plan, pushable)) {
    for (size_t first = 0; first < group.persons.size(); first += settings.push_chunk) {
      LEADGW_RETURN_IF_ERROR(run.PushChunk(input, plan, group, first, summary));
    }
  }
  for (const ProposedMerge& merge : plan.merges) {
    LEADGW_RETURN_IF_ERROR(run.Emit(MergeProgress(input, plan, merge)));
  }
  CountActions(plan, run.pushed_results(), run.failed_people(), summary);

  std::optional<absl::Time> cursor = NextCursor(input, plan, run.failed_people(), batch.more,
                                                state.cursor);
  if (!settings.dry_run && cursor.has_value() && cursor != state.cursor) {
    LEADGW_RETURN_IF_ERROR(store.SaveCursor(*cursor));
  }
  FinishSummary(cursor, settings.lead_call_spacing, summary);
  v1::SyncCardsProgress last;
  *last.mutable_summary() = std::move(summary);
  return run.Emit(std::move(last));
}

}  // namespace leadgw::card_sync
