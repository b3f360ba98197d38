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

// The cards read, then the retries of earlier runs that were not read again (a card read
// again is its newer version).
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
    return sink_(message) ? absl::OkStatus() : Cancelled();
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
        LEADGW_RETURN_IF_ERROR(Emit(PersonProgress(input, plan, people[i], nullptr)));
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
      LEADGW_RETURN_IF_ERROR(Emit(PersonProgress(input, plan, p, &pushed_results_[p])));
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
};

}  // namespace

absl::Status RunCardSync(const backends::CallContext& ctx, backends::LeadBackend& cards,
                         backends::LeadBackend& leads, LinkStore& store,
                         const SyncRunSettings& settings, const ProgressSink& sink) {
  LEADGW_ASSIGN_OR_RETURN(SyncState state, store.Load());
  LEADGW_ASSIGN_OR_RETURN(CardBatch batch, ReadCards(ctx, cards, settings, state.cursor));

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
  input.linked_cards = RelevantLinkedCards(state, input.cards);

  v1::CardSyncSummary summary;
  summary.set_dry_run(settings.dry_run);
  summary.set_cards_read(cards_read);
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
    const bool push = action == v1::CARD_SYNC_ACTION_CREATE ||
                      action == v1::CARD_SYNC_ACTION_UPDATE;
    if (push && !NeedsMerge(person)) {
      pushable[p] = true;
      continue;
    }
    const v1::RecordResult* result = nullptr;
    if (push) result = &run.HoldForMerge(person, p);
    LEADGW_RETURN_IF_ERROR(run.Emit(PersonProgress(input, plan, p, result)));
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
    std::vector<std::string> retries_done;
    for (const auto& [card_id, card] : state.retries) {
      const bool again = std::any_of(retry.begin(), retry.end(),
                                     [&](const v1::BusinessCard& c) { return c.id() == card_id; });
      if (!again) retries_done.push_back(card_id);
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
