// RunCardSync over a simulated card system and lead system (sync_runner_testing.h).
#include "card_sync/sync_runner.h"

#include <string>
#include <vector>

#include "card_sync/sync_runner_testing.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using testing_internal::SyncRunnerTest;

// People with an e-mail address and no lead: created; with one lead: updated; with two
// (a duplicate): refused until merged; without an address: skipped.
struct ExpectedCounts {
  int created = 0, updated = 0, duplicated = 0, skipped = 0;
};

ExpectedCounts Expected(const DemoCardSet& demo) {
  ExpectedCounts counts;
  std::vector<bool> has_email(kDemoPeople, false);
  for (int k = 0; k < kDemoCards; ++k) {
    if (!demo.cards[k].email().empty()) has_email[demo.person_of_card[k]] = true;
  }
  for (int i = 0; i < kDemoPeople; ++i) {
    if (demo.expected_leads[i].size() > 1) {
      ++counts.duplicated;
    } else if (!demo.expected_leads[i].empty()) {
      ++counts.updated;
    } else if (has_email[i]) {
      ++counts.created;
    } else {
      ++counts.skipped;
    }
  }
  return counts;
}

TEST_F(SyncRunnerTest, ARunPushesEveryPersonOnceAndASecondRunCallsNothing) {
  auto first = Sync();
  ASSERT_THAT(first, IsOk());
  const v1::CardSyncSummary& summary = Summary(*first);
  const ExpectedCounts expected = Expected(demo_);
  EXPECT_EQ(summary.cards_read(), kDemoCards);
  EXPECT_EQ(summary.people(), kDemoPeople);
  EXPECT_EQ(summary.created(), expected.created);
  EXPECT_EQ(summary.updated(), expected.updated);
  EXPECT_EQ(summary.skipped(), expected.skipped);
  EXPECT_EQ(summary.failed(), expected.duplicated);
  EXPECT_EQ(summary.proposed_merges(), expected.duplicated);
  EXPECT_EQ(lead_system_.pushed_records, expected.created + expected.updated);
  int held = 0;
  for (const v1::SyncCardsProgress& message : *first) {
    if (!message.has_person() || message.person().result().reasons().empty()) continue;
    EXPECT_EQ(message.person().result().reasons(0).code(), "gateway.merge_first");
    ++held;
  }
  EXPECT_EQ(held, expected.duplicated);
  EXPECT_EQ(lead_system_.size(), demo_.existing_leads.size() + expected.created);
  // One lookup (fewer than 300 addresses) and one push (one program).
  EXPECT_EQ(lead_system_.lookups, 1);
  EXPECT_EQ(lead_system_.pushes, 1);
  EXPECT_EQ(summary.lead_calls(), 2);
  for (const auto& [lead, program] : lead_system_.programs) EXPECT_EQ(program, "2026 秋 展示会");

  // The duplicates held the cursor: once merged, the next run pushes those people.
  for (const v1::SyncCardsProgress& message : *first) {
    if (!message.has_merge()) continue;
    lead_system_.Merge({message.merge().loser_ids().begin(), message.merge().loser_ids().end()});
  }
  auto second = Sync();
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(Summary(*second).updated(), expected.duplicated);
  EXPECT_EQ(Summary(*second).failed() + Summary(*second).created(), 0);

  // The third reads again only the cards at the cursor (the newest): unchanged, no call.
  const int lookups = lead_system_.lookups;
  const int pushes = lead_system_.pushes;
  auto third = Sync();
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(Summary(*third).cards_read(), 1);
  EXPECT_EQ(Summary(*third).unchanged(), 1);
  EXPECT_EQ(Summary(*third).created() + Summary(*third).updated(), 0);
  EXPECT_EQ(Summary(*third).lead_calls(), 0);
  EXPECT_EQ(lead_system_.lookups, lookups);
  EXPECT_EQ(lead_system_.pushes, pushes);
}

TEST_F(SyncRunnerTest, ADryRunPlansAndCostsButWritesNothing) {
  settings_.dry_run = true;
  settings_.lead_call_spacing = absl::Milliseconds(200);
  auto plan = Sync();
  ASSERT_THAT(plan, IsOk());
  const v1::CardSyncSummary& summary = Summary(*plan);
  EXPECT_TRUE(summary.dry_run());
  EXPECT_EQ(summary.created(), Expected(demo_).created);
  EXPECT_EQ(summary.updated(), Expected(demo_).updated);
  EXPECT_EQ(summary.failed(), Expected(demo_).duplicated);  // held until merged
  EXPECT_EQ(summary.lead_calls(), 2);
  EXPECT_EQ(summary.quota_time().nanos(), 400000000);
  EXPECT_EQ(lead_system_.pushes, 0);
  auto state = store_->Load();
  ASSERT_THAT(state, IsOk());
  EXPECT_TRUE(state->links.empty());
  EXPECT_FALSE(state->cursor.has_value());
  int merges = 0;
  for (const v1::SyncCardsProgress& message : *plan) merges += message.has_merge();
  EXPECT_EQ(merges, 3);
}

TEST_F(SyncRunnerTest, AFailedPushIsRetriedByTheNextRunWithoutHoldingTheCursor) {
  const std::string failing = demo_.cards[2].email();
  lead_system_.fail_emails.insert(failing);
  auto first = Sync();
  ASSERT_THAT(first, IsOk());
  // Person 2 and the three people with duplicate leads failed: kept as retries, while
  // the cursor moves to the newest card.
  EXPECT_EQ(Summary(*first).failed(), 1 + Expected(demo_).duplicated);
  EXPECT_EQ(Summary(*first).cursor().seconds(), demo_.cards.back().updated_at().seconds());
  auto state = store_->Load();
  ASSERT_THAT(state, IsOk());
  EXPECT_TRUE(state->retries.contains(demo_.cards[2].id()));

  lead_system_.fail_emails.clear();
  const int records_before = lead_system_.pushed_records;
  auto second = Sync();
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(Summary(*second).failed(), Expected(demo_).duplicated);
  EXPECT_EQ(Summary(*second).created() + Summary(*second).updated(), 1);
  // People whose address names two leads are not even pushed until the merge.
  EXPECT_EQ(lead_system_.pushed_records, records_before + 1);
  state = store_->Load();
  ASSERT_THAT(state, IsOk());
  EXPECT_FALSE(state->retries.contains(demo_.cards[2].id()));
  EXPECT_TRUE(state->retries.contains(demo_.cards[20].id()));
}

TEST_F(SyncRunnerTest, MaxCardsSplitsTheWorkAcrossRuns) {
  settings_.max_cards = 120;
  auto first = Sync();
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(Summary(*first).more_cards());
  EXPECT_EQ(Summary(*first).cards_read(), 120);
  auto second = Sync();
  ASSERT_THAT(second, IsOk());
  EXPECT_FALSE(Summary(*second).more_cards());
  auto third = Sync();
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(Summary(*third).created() + Summary(*third).updated(), 0);
  // Every person created exactly once across the runs.
  EXPECT_EQ(lead_system_.size(), demo_.existing_leads.size() + Expected(demo_).created);
}

TEST_F(SyncRunnerTest, ACallerThatLeavesStopsTheRun) {
  absl::Status status =
      RunCardSync(backends::CallContext(), cards_, leads_, *store_, settings_,
                  [](const v1::SyncCardsProgress&) { return false; });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kCancelled));
}

}  // namespace
}  // namespace leadgw::card_sync
