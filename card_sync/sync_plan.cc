#include "card_sync/sync_plan.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "card_sync/card_to_lead.h"
#include "card_sync/person_keys.h"
#include "common/decimal_id.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

// Union-find over card indexes, smallest index as each set's root so that persons come out
// in the order of their first card.
class CardSets {
 public:
  explicit CardSets(int n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  int Find(int i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void Join(int a, int b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<int> parent_;
};

std::vector<std::vector<int>> GroupCards(const std::vector<PersonKeys>& keys, double threshold) {
  const int n = static_cast<int>(keys.size());
  CardSets sets(n);
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      if (ScoreMatch(keys[i], keys[j]).confidence >= threshold) sets.Join(i, j);
    }
  }
  std::vector<std::vector<int>> groups;
  std::vector<int> group_of_root(n, -1);
  for (int i = 0; i < n; ++i) {
    int root = sets.Find(i);
    if (group_of_root[root] < 0) {
      group_of_root[root] = static_cast<int>(groups.size());
      groups.emplace_back();
    }
    groups[group_of_root[root]].push_back(i);
  }
  return groups;
}

bool BetterMatch(const LeadMatch& a, const LeadMatch& b) {
  if (a.score.confidence != b.score.confidence) return a.score.confidence > b.score.confidence;
  return common::DecimalIdOrMax(a.lead_id) < common::DecimalIdOrMax(b.lead_id);
}

// Raises the match of `lead_id` in `matches` to `candidate` if better, or adds it.
void KeepBest(std::vector<LeadMatch>& matches, LeadMatch candidate) {
  for (LeadMatch& match : matches) {
    if (match.lead_id != candidate.lead_id) continue;
    if (candidate.score.confidence > match.score.confidence) match = std::move(candidate);
    return;
  }
  matches.push_back(std::move(candidate));
}

struct CandidateKeys {
  std::vector<PersonKeys> leads;   // of input.candidate_leads
  std::vector<PersonKeys> linked;  // of input.linked_cards
};

struct Scored {
  std::vector<LeadMatch> matches;  // best first
  std::vector<int> linked_cards;   // indexes into input.linked_cards at the threshold
};

// Every lead any card of the person matches, best score per lead.
Scored ScoreLeads(const SyncPlanInput& input, const std::vector<int>& cards,
                  const std::vector<PersonKeys>& card_keys, const CandidateKeys& candidates) {
  Scored scored;
  std::vector<LeadMatch>& matches = scored.matches;
  for (int card : cards) {
    auto link = input.links.find(input.cards[card].id());
    if (link != input.links.end()) {
      KeepBest(matches, {link->second.lead_id, {1.0, MatchBasis::kLinked}});
    }
    for (size_t l = 0; l < candidates.leads.size(); ++l) {
      MatchScore score = ScoreMatch(card_keys[card], candidates.leads[l]);
      if (score.confidence > 0) KeepBest(matches, {input.candidate_leads[l].id(), score});
    }
    for (size_t l = 0; l < candidates.linked.size(); ++l) {
      const LinkedCard& linked = input.linked_cards[l];
      if (linked.card.id() == input.cards[card].id()) continue;
      MatchScore score = ScoreMatch(card_keys[card], candidates.linked[l]);
      if (score.confidence <= 0) continue;
      KeepBest(matches, {linked.lead_id, score});
      if (score.confidence >= input.threshold) scored.linked_cards.push_back(static_cast<int>(l));
    }
  }
  std::sort(matches.begin(), matches.end(), BetterMatch);
  return scored;
}

const v1::BusinessCard& NewestCard(const std::vector<const v1::BusinessCard*>& cards) {
  const v1::BusinessCard* newest = cards.front();
  for (const v1::BusinessCard* card : cards) {
    if (NewerCard(*card, *newest)) newest = card;
  }
  return *newest;
}

const std::string& ProgramOf(const SyncPlanInput& input, const v1::BusinessCard& newest) {
  auto rule = input.programs_by_lead_source.find(newest.lead_source_id());
  return rule == input.programs_by_lead_source.end() ? input.default_program : rule->second;
}

OptOuts OptOutsOf(const SyncPlanInput& input,
                  const std::vector<const v1::BusinessCard*>& cards) {
  OptOuts opt_outs;
  if (input.opt_outs_by_email.empty()) return opt_outs;
  for (const v1::BusinessCard* card : cards) {
    auto found = input.opt_outs_by_email.find(KeysOfCard(*card).email);
    if (found != input.opt_outs_by_email.end()) opt_outs |= found->second;
  }
  return opt_outs;
}

bool AllLinkedUnchanged(const SyncPlanInput& input, const PersonPlan& person) {
  for (size_t i = 0; i < person.cards.size(); ++i) {
    auto link = input.links.find(input.cards[person.cards[i]].id());
    if (link == input.links.end()) return false;
    if (link->second.lead_id != person.lead_id) return false;
    if (link->second.fingerprint != person.fingerprints[i]) return false;
  }
  return true;
}

PersonPlan PlanPerson(const SyncPlanInput& input, std::vector<int> cards, Scored scored) {
  PersonPlan person;
  person.cards = std::move(cards);
  std::vector<const v1::BusinessCard*> person_cards;
  for (int card : person.cards) person_cards.push_back(&input.cards[card]);
  person.program = ProgramOf(input, NewestCard(person_cards));
  person.opt_outs = OptOutsOf(input, person_cards);
  for (const v1::BusinessCard* card : person_cards) {
    person.fingerprints.push_back(CardFingerprint(*card, person.program, person.opt_outs));
  }
  for (LeadMatch& match : scored.matches) {
    (match.score.confidence >= input.threshold ? person.matches : person.possible_duplicates)
        .push_back(std::move(match));
  }
  if (!person.matches.empty()) {
    person.lead_id = person.matches.front().lead_id;
    person.action =
        AllLinkedUnchanged(input, person) ? PersonAction::kUnchanged : PersonAction::kUpdate;
    for (int linked : scored.linked_cards) {
      if (input.linked_cards[linked].lead_id == person.lead_id) {
        person_cards.push_back(&input.linked_cards[linked].card);
      }
    }
  }
  person.lead = LeadFromCards(person_cards);
  ApplyOptOuts(person.opt_outs, person.lead);
  return person;
}

void ProposeMerges(const PersonPlan& person, int index, std::vector<ProposedMerge>& merges) {
  for (size_t first = 1; first < person.matches.size(); first += kMaxMergeLosers) {
    ProposedMerge merge;
    merge.winner_id = person.lead_id;
    merge.person = index;
    const size_t end = std::min(person.matches.size(), first + kMaxMergeLosers);
    for (size_t m = first; m < end; ++m) merge.loser_ids.push_back(person.matches[m].lead_id);
    merges.push_back(std::move(merge));
  }
}

}  // namespace

SyncPlan PlanSync(const SyncPlanInput& input) {
  std::vector<PersonKeys> card_keys;
  card_keys.reserve(input.cards.size());
  for (const v1::BusinessCard& card : input.cards) card_keys.push_back(KeysOfCard(card));
  CandidateKeys candidates;
  candidates.leads.reserve(input.candidate_leads.size());
  for (const v1::Lead& lead : input.candidate_leads) candidates.leads.push_back(KeysOfLead(lead));
  candidates.linked.reserve(input.linked_cards.size());
  for (const LinkedCard& linked : input.linked_cards) {
    candidates.linked.push_back(KeysOfCard(linked.card));
  }

  SyncPlan plan;
  for (std::vector<int>& cards : GroupCards(card_keys, input.threshold)) {
    Scored scored = ScoreLeads(input, cards, card_keys, candidates);
    plan.persons.push_back(PlanPerson(input, std::move(cards), std::move(scored)));
    ProposeMerges(plan.persons.back(), static_cast<int>(plan.persons.size()) - 1, plan.merges);
  }
  return plan;
}

absl::string_view PersonActionName(PersonAction action) {
  switch (action) {
    case PersonAction::kCreate:
      return "create";
    case PersonAction::kUpdate:
      return "update";
    case PersonAction::kUnchanged:
      return "unchanged";
  }
  return "create";
}

}  // namespace leadgw::card_sync
