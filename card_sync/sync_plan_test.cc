#include "card_sync/sync_plan.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "card_sync/demo_cards.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

constexpr char kProgram[] = "2026 秋 展示会";

SyncPlanInput DemoInput(const DemoCardSet& demo) {
  SyncPlanInput input;
  input.cards = demo.cards;
  input.candidate_leads = demo.existing_leads;
  input.default_program = kProgram;
  return input;
}

// The person of each planned group, checking that its cards are exactly that person's.
std::vector<int> PersonsOfPlan(const DemoCardSet& demo, const SyncPlan& plan) {
  std::vector<int> persons;
  for (const PersonPlan& planned : plan.persons) {
    const int person = demo.person_of_card[planned.cards.front()];
    std::vector<int> expected_cards;
    for (int k = 0; k < kDemoCards; ++k) {
      if (demo.person_of_card[k] == person) expected_cards.push_back(k);
    }
    EXPECT_THAT(planned.cards, ElementsAreArray(expected_cards)) << "person " << person;
    persons.push_back(person);
  }
  return persons;
}

TEST(SyncPlanTest, TwoHundredCardsAreOneHundredFiftyPeople) {
  const DemoCardSet demo = MakeDemoCardSet();
  ASSERT_EQ(demo.cards.size(), static_cast<size_t>(kDemoCards));
  const SyncPlan plan = PlanSync(DemoInput(demo));
  ASSERT_EQ(plan.persons.size(), static_cast<size_t>(kDemoPeople));
  std::vector<int> persons = PersonsOfPlan(demo, plan);
  std::vector<int> expected(kDemoPeople);
  for (int i = 0; i < kDemoPeople; ++i) expected[i] = i;
  EXPECT_THAT(persons, ElementsAreArray(expected));
}

TEST(SyncPlanTest, EachPersonCreatesOrUpdatesTheRightLead) {
  const DemoCardSet demo = MakeDemoCardSet();
  const SyncPlan plan = PlanSync(DemoInput(demo));
  ASSERT_EQ(plan.persons.size(), static_cast<size_t>(kDemoPeople));
  int creates = 0;
  for (int i = 0; i < kDemoPeople; ++i) {
    const PersonPlan& person = plan.persons[i];
    const std::vector<std::string>& leads = demo.expected_leads[i];
    std::vector<std::string> matched;
    for (const LeadMatch& match : person.matches) matched.push_back(match.lead_id);
    EXPECT_THAT(matched, ElementsAreArray(leads)) << "person " << i;
    if (leads.empty()) {
      ++creates;
      EXPECT_EQ(person.action, PersonAction::kCreate) << "person " << i;
      EXPECT_THAT(person.lead_id, IsEmpty());
    } else {
      EXPECT_EQ(person.action, PersonAction::kUpdate) << "person " << i;
      EXPECT_EQ(person.lead_id, leads.front()) << "person " << i;
    }
    EXPECT_FALSE(person.lead.last_name().empty()) << "person " << i;
    ASSERT_EQ(person.fingerprints.size(), person.cards.size());
    EXPECT_EQ(person.fingerprints.front().size(), 16u);
  }
  EXPECT_EQ(creates, kDemoPeople - 26);
}

TEST(SyncPlanTest, DuplicateLeadsAreProposedForMergingNeverNamesakes) {
  const DemoCardSet demo = MakeDemoCardSet();
  const SyncPlan plan = PlanSync(DemoInput(demo));
  std::vector<std::vector<std::string>> merges;
  for (const ProposedMerge& merge : plan.merges) {
    std::vector<std::string> ids = {merge.winner_id};
    ids.insert(ids.end(), merge.loser_ids.begin(), merge.loser_ids.end());
    EXPECT_EQ(plan.persons[merge.person].lead_id, merge.winner_id);
    merges.push_back(ids);
  }
  std::vector<std::vector<std::string>> expected;
  for (int i = 0; i < kDemoPeople; ++i) {
    if (demo.expected_leads[i].size() > 1) expected.push_back(demo.expected_leads[i]);
  }
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_THAT(merges, ElementsAreArray(expected));
  // A namesake at the same company is listed for review, and stays a person of its own.
  for (int i = 0; i < kDemoPeople; ++i) {
    if (demo.namesake_of[i] < 0) continue;
    const PersonPlan& person = plan.persons[i];
    EXPECT_EQ(person.action, PersonAction::kCreate) << "namesake " << i;
    for (const LeadMatch& possible : person.possible_duplicates) {
      EXPECT_EQ(possible.score.basis, MatchBasis::kConflicting);
    }
  }
}

// Carries out `plan` as a marketing system would: new leads get fresh ids, and every card
// is linked to its lead with the fingerprint pushed.
absl::flat_hash_map<std::string, CardLink> Execute(const SyncPlanInput& input,
                                                   const SyncPlan& plan) {
  absl::flat_hash_map<std::string, CardLink> links = input.links;
  int next_id = 90001;
  for (const PersonPlan& person : plan.persons) {
    std::string lead_id = person.lead_id.empty() ? absl::StrCat(next_id++) : person.lead_id;
    for (size_t i = 0; i < person.cards.size(); ++i) {
      links[input.cards[person.cards[i]].id()] = CardLink{lead_id, person.fingerprints[i]};
    }
  }
  return links;
}

TEST(SyncPlanTest, ASecondRunChangesNothing) {
  const DemoCardSet demo = MakeDemoCardSet();
  SyncPlanInput input = DemoInput(demo);
  input.links = Execute(input, PlanSync(input));
  const SyncPlan second = PlanSync(input);
  ASSERT_EQ(second.persons.size(), static_cast<size_t>(kDemoPeople));
  for (const PersonPlan& person : second.persons) {
    EXPECT_EQ(person.action, PersonAction::kUnchanged) << person.lead.last_name();
  }
}

TEST(SyncPlanTest, ANewCardOfALinkedPersonUpdatesItsLead) {
  const DemoCardSet demo = MakeDemoCardSet();
  SyncPlanInput input = DemoInput(demo);
  input.links = Execute(input, PlanSync(input));
  v1::BusinessCard promoted = demo.cards[42];
  promoted.set_id("2001");
  promoted.set_title("取締役");
  promoted.mutable_updated_at()->set_seconds(1800000000);
  input.cards.push_back(promoted);
  const SyncPlan plan = PlanSync(input);
  int updates = 0;
  for (const PersonPlan& person : plan.persons) {
    if (person.action == PersonAction::kUnchanged) continue;
    ++updates;
    EXPECT_EQ(person.action, PersonAction::kUpdate);
    EXPECT_EQ(person.lead.title(), "取締役");
    EXPECT_EQ(person.lead_id, input.links.at(demo.cards[42].id()).lead_id);
  }
  EXPECT_EQ(updates, 1);
}

TEST(SyncPlanTest, ACardWithoutEmailFindsItsPersonThroughALinkedCard) {
  const DemoCardSet demo = MakeDemoCardSet();
  SyncPlanInput first = DemoInput(demo);
  first.cards.resize(kDemoPeople);  // the first cards of everyone
  const absl::flat_hash_map<std::string, CardLink> links = Execute(first, PlanSync(first));

  SyncPlanInput second;
  second.default_program = kProgram;
  second.links = links;
  for (int k = 0; k < kDemoPeople; ++k) {
    second.linked_cards.push_back({demo.cards[k], links.at(demo.cards[k].id()).lead_id});
  }
  for (int k = kDemoPeople; k < kDemoCards; ++k) second.cards.push_back(demo.cards[k]);
  const SyncPlan plan = PlanSync(second);
  ASSERT_EQ(plan.persons.size(), static_cast<size_t>(kDemoCards - kDemoPeople));
  for (const PersonPlan& person : plan.persons) {
    const int card = kDemoPeople + person.cards.front();
    const std::string& expected = links.at(demo.cards[demo.person_of_card[card]].id()).lead_id;
    EXPECT_EQ(person.action, PersonAction::kUpdate) << "card " << card;
    EXPECT_EQ(person.lead_id, expected) << "card " << card;
  }
}

TEST(SyncPlanTest, TheNewestCardsLeadSourcePicksTheProgram) {
  const DemoCardSet demo = MakeDemoCardSet();
  SyncPlanInput input = DemoInput(demo);
  input.programs_by_lead_source["7"] = "名刺交換会 2026";
  input.cards[150].set_lead_source_id("7");  // the newer card of person 0
  input.cards[1].set_lead_source_id("7");    // person 1's only card
  input.cards[3].set_lead_source_id("8");    // no rule: the default
  const SyncPlan plan = PlanSync(input);
  EXPECT_EQ(plan.persons[0].program, "名刺交換会 2026");
  EXPECT_EQ(plan.persons[1].program, "名刺交換会 2026");
  EXPECT_EQ(plan.persons[3].program, kProgram);
  EXPECT_NE(plan.persons[0].fingerprints[0],
            PlanSync(DemoInput(demo)).persons[0].fingerprints[0]);
}

TEST(SyncPlanTest, MoreThanTwentyFiveDuplicatesAreSeveralMerges) {
  SyncPlanInput input;
  v1::BusinessCard card;
  card.set_id("1");
  card.set_email("t@example.jp");
  input.cards.push_back(card);
  for (int i = 0; i < 30; ++i) {
    v1::Lead lead;
    lead.set_id(absl::StrCat(100 + i));
    lead.set_email("T@example.jp");
    input.candidate_leads.push_back(lead);
  }
  const SyncPlan plan = PlanSync(input);
  ASSERT_EQ(plan.merges.size(), 2u);
  EXPECT_EQ(plan.persons[0].lead_id, "100");
  EXPECT_EQ(plan.merges[0].loser_ids.size(), static_cast<size_t>(kMaxMergeLosers));
  EXPECT_THAT(plan.merges[1].loser_ids, ElementsAre("126", "127", "128", "129"));
}

}  // namespace
}  // namespace leadgw::card_sync
