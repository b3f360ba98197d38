// RunCardSync over a simulated card system and lead system (gMock backends holding the
// 200 demo cards and the existing leads) and a real SQLite journal.
#include "card_sync/sync_runner.h"

#include <cstdlib>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "card_sync/demo_cards.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobs/sqlite_journal.h"
#include "testing/mock_lead_backend.h"
#include "testing/status_matchers.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::_;
using ::testing::Invoke;
using ::testing::NiceMock;

// The lead system: leads by id, looked up and pushed by e-mail (ignoring case). A push
// whose address names two leads is skipped ("multiple leads match", code 1007); pushes of the addresses in
// `fail_emails` fail.
class SimulatedLeads {
 public:
  explicit SimulatedLeads(const std::vector<v1::Lead>& existing) {
    for (const v1::Lead& lead : existing) leads_[std::stoi(lead.id())] = lead;
  }

  v1::QueryLeadsResponse Query(const v1::QueryLeadsRequest& request) {
    ++lookups;
    EXPECT_EQ(request.filter_field(), "email");
    EXPECT_LE(request.filter_values_size(), 300);
    v1::QueryLeadsResponse response;
    for (const std::string& value : request.filter_values()) {
      for (const auto& [id, lead] : leads_) {
        if (absl::AsciiStrToLower(lead.email()) == value) *response.add_leads() = lead;
      }
    }
    return response;
  }

  v1::WriteResponse Push(const v1::PushLeadsRequest& request) {
    ++pushes;
    v1::WriteResponse response;
    for (const v1::PushLeadRecord& record : request.records()) {
      ++pushed_records;
      v1::RecordResult* result = response.add_results();
      if (fail_emails.count(record.lead().email()) > 0) {
        result->set_status(v1::RECORD_STATUS_FAILED);
        continue;
      }
      EXPECT_EQ(request.lookup_field(), "email");
      std::vector<int> matches;
      for (const auto& [existing_id, lead] : leads_) {
        if (absl::AsciiStrToLower(lead.email()) == absl::AsciiStrToLower(record.lead().email())) {
          matches.push_back(existing_id);
        }
      }
      if (matches.size() > 1) {
        result->set_status(v1::RECORD_STATUS_SKIPPED);
        result->add_reasons()->set_code("1007");
        continue;
      }
      int id = matches.empty() ? 0 : matches.front();
      result->set_status(id == 0 ? v1::RECORD_STATUS_CREATED : v1::RECORD_STATUS_UPDATED);
      if (id == 0) id = next_id_++;
      v1::Lead lead = record.lead();
      lead.set_id(absl::StrCat(id));
      leads_[id] = lead;
      result->set_id(lead.id());
      programs[lead.id()] = request.program_name();
    }
    return response;
  }

  size_t size() const { return leads_.size(); }
  void Merge(const std::string& winner, const std::vector<std::string>& losers) {
    for (const std::string& loser : losers) leads_.erase(std::stoi(loser));
  }

  int lookups = 0;
  int pushes = 0;
  int pushed_records = 0;
  std::set<std::string> fail_emails;
  std::map<std::string, std::string> programs;  // lead id -> program of its last push

 private:
  std::map<int, v1::Lead> leads_;
  int next_id_ = 70001;
};

class SyncRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    jobs::SqliteJournalOptions options;
    options.path = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/card-sync-",
                                ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                ".db");
    std::remove(options.path.c_str());
    auto journal = jobs::SqliteJournal::Open(options);
    ASSERT_THAT(journal, IsOk());
    journal_ = *std::move(journal);
    store_ = std::make_unique<LinkStore>(journal_.get(), "demo");

    ON_CALL(cards_, SearchBusinessCards(_, _))
        .WillByDefault(Invoke([this](const backends::CallContext&,
                                     const v1::SearchBusinessCardsRequest& request) {
          return CardPage(request);
        }));
    ON_CALL(leads_, QueryLeads(_, _))
        .WillByDefault(Invoke([this](const backends::CallContext&,
                                     const v1::QueryLeadsRequest& request) {
          return lead_system_.Query(request);
        }));
    ON_CALL(leads_, PushLeads(_, _))
        .WillByDefault(Invoke([this](const backends::CallContext&,
                                     const v1::PushLeadsRequest& request) {
          return lead_system_.Push(request);
        }));
    settings_.default_program = "2026 秋 展示会";
    settings_.reason = "card sync demo";
  }

  // Pages of 100 cards in updated_at order, from the filter's date.
  absl::StatusOr<v1::SearchBusinessCardsResponse> CardPage(
      const v1::SearchBusinessCardsRequest& request) {
    EXPECT_EQ(request.sort_key(), v1::BUSINESS_CARD_SORT_KEY_UPDATED_AT);
    int first = request.page_token().empty() ? 0 : std::stoi(request.page_token());
    v1::SearchBusinessCardsResponse page;
    const int end = std::min<int>(first + request.page_size(), demo_.cards.size());
    for (int k = first; k < end; ++k) *page.add_cards() = demo_.cards[k];
    if (end < static_cast<int>(demo_.cards.size())) page.set_next_page_token(absl::StrCat(end));
    return page;
  }

  absl::StatusOr<std::vector<v1::SyncCardsProgress>> Sync() {
    std::vector<v1::SyncCardsProgress> messages;
    absl::Status status = RunCardSync(
        backends::CallContext(), cards_, leads_, *store_, settings_,
        [&](const v1::SyncCardsProgress& message) {
          messages.push_back(message);
          return true;
        });
    if (!status.ok()) return status;
    return messages;
  }

  static const v1::CardSyncSummary& Summary(const std::vector<v1::SyncCardsProgress>& m) {
    return m.back().summary();
  }

  const DemoCardSet demo_ = MakeDemoCardSet();
  SimulatedLeads lead_system_{demo_.existing_leads};
  NiceMock<testing_util::MockLeadBackend> cards_;
  NiceMock<testing_util::MockLeadBackend> leads_;
  std::unique_ptr<jobs::SqliteJournal> journal_;
  std::unique_ptr<LinkStore> store_;
  SyncRunSettings settings_;
};

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
    lead_system_.Merge(message.merge().winner_id(),
                       {message.merge().loser_ids().begin(), message.merge().loser_ids().end()});
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
