// The simulated card and lead systems the card-sync runner tests share: gMock backends
// holding the 200 demo cards, the existing leads and the card system's leads, over a
// real SQLite journal.
#ifndef LEADGW_CARD_SYNC_SYNC_RUNNER_TESTING_H_
#define LEADGW_CARD_SYNC_SYNC_RUNNER_TESTING_H_

#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "card_sync/demo_cards.h"
#include "card_sync/sync_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobs/sqlite_journal.h"
#include "testing/mock_lead_backend.h"
#include "testing/status_matchers.h"

namespace leadgw::card_sync::testing_internal {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::testing::_;
using ::testing::Invoke;
using ::testing::NiceMock;

// The lead system: leads by id, looked up and pushed by e-mail (ignoring case). Pushes of
// the addresses in `fail_emails` fail. A push whose address names two leads is a test
// failure: the runner holds such people back until their leads are merged.
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
      EXPECT_LE(matches.size(), 1u) << record.lead().email() << " names several leads";
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
  const v1::Lead& lead(const std::string& id) const { return leads_.at(std::stoi(id)); }
  void Unsubscribe(const std::string& id) { leads_.at(std::stoi(id)).set_email_opt_out(true); }
  void Merge(const std::vector<std::string>& losers) {
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

// The card system's leads (consent lives there, not on cards): searched by a consent flag
// or by e-mail (a partial match, as the card system's search), updated by id.
class SimulatedCardSystemLeads {
 public:
  v1::QueryLeadsResponse Query(const v1::QueryLeadsRequest& request) {
    ++searches;
    EXPECT_EQ(request.filter_values_size(), 1);
    const std::string& value = request.filter_values(0);
    v1::QueryLeadsResponse response;
    for (const v1::Lead& lead : leads) {
      const bool match =
          request.filter_field() == "email_opt_out"   ? lead.email_opt_out() == (value == "1")
          : request.filter_field() == "phone_opt_out" ? lead.phone_opt_out() == (value == "1")
          : request.filter_field() == "email"         ? absl::StrContains(lead.email(), value)
                                                      : false;
      EXPECT_TRUE(request.filter_field() == "email_opt_out" ||
                  request.filter_field() == "phone_opt_out" || request.filter_field() == "email");
      if (match) *response.add_leads() = lead;
    }
    return response;
  }

  v1::WriteResponse Update(const v1::UpsertLeadsRequest& request) {
    EXPECT_EQ(request.action(), v1::UPSERT_ACTION_UPDATE_ONLY);
    EXPECT_EQ(request.lookup_field(), "id");
    v1::WriteResponse response;
    for (const v1::Lead& change : request.leads()) {
      ++updates;
      v1::RecordResult* result = response.add_results();
      for (v1::Lead& lead : leads) {
        if (lead.id() != change.id()) continue;
        EXPECT_EQ(change.company_id(), lead.company_id()) << "an update names the company";
        if (change.has_email_opt_out()) lead.set_email_opt_out(change.email_opt_out());
        if (change.has_phone_opt_out()) lead.set_phone_opt_out(change.phone_opt_out());
        result->set_status(v1::RECORD_STATUS_UPDATED);
        result->set_id(lead.id());
      }
    }
    return response;
  }

  std::vector<v1::Lead> leads;
  int searches = 0;
  int updates = 0;
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
    ON_CALL(cards_, QueryLeads(_, _))
        .WillByDefault(Invoke([this](const backends::CallContext&,
                                     const v1::QueryLeadsRequest& request) {
          return card_system_.Query(request);
        }));
    ON_CALL(cards_, UpsertLeads(_, _))
        .WillByDefault(Invoke([this](const backends::CallContext&,
                                     const v1::UpsertLeadsRequest& request) {
          return card_system_.Update(request);
        }));
    ON_CALL(leads_, DescribeLeads(_, _))
        .WillByDefault(Invoke([](const backends::CallContext&, const v1::DescribeLeadsRequest&) {
          v1::DescribeLeadsResponse described;
          for (const auto& [name, neutral] : std::vector<std::pair<std::string, std::string>>{
                   {"id", "id"}, {"email", "email"}, {"firstName", "first_name"},
                   {"lastName", "last_name"},
                   {"unsubscribed", "email_opt_out"}, {"doNotCall", "phone_opt_out"}}) {
            v1::LeadField* field = described.add_fields();
            field->set_name(name);
            field->set_neutral_name(neutral);
          }
          return described;
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
  SimulatedCardSystemLeads card_system_;
  NiceMock<testing_util::MockLeadBackend> cards_;
  NiceMock<testing_util::MockLeadBackend> leads_;
  std::unique_ptr<jobs::SqliteJournal> journal_;
  std::unique_ptr<LinkStore> store_;
  SyncRunSettings settings_;
};

}  // namespace leadgw::card_sync::testing_internal

#endif  // LEADGW_CARD_SYNC_SYNC_RUNNER_TESTING_H_
