// Business cards to Marketo leads, end to end (issue 19): the real gateway binary with a
// job journal, the HotProfile emulator holding 200 Japanese cards (duplicates that differ
// only by width, kana form, legal-form spelling or phone format) and the Marketo emulator
// holding the leads that already exist. A dry run, a real run and its no-op repeat, and a
// run killed with SIGKILL mid-push and finished by a restarted gateway; consent both ways.
#include <signal.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "card_sync/demo_cards.h"
#include "card_sync/person_keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/card_sync_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/card_sync/card_sync_seed.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
namespace hp = ::leadgw::emulators::hotprofile;
namespace mkto = ::leadgw::emulators::marketo;
using faults::ContextWithTimeout;
using ::leadgw::card_sync::DemoCardSet;
using ::leadgw::card_sync::kDemoCards;
using ::leadgw::card_sync::MakeDemoCardSet;
using ::leadgw::testing_util::IsOk;
using ::testing::UnorderedElementsAreArray;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "jobs": {"journalPath": "JOURNAL_PATH"},
  "connections": [
    {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL", HOTPROFILE_CREDENTIALS,
     "limits": {"callsPerWindow": 100000}},
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS}
  ]
})json";
constexpr absl::Duration kRunTimeout = absl::Seconds(120);

struct SyncOutcome {
  grpc::Status status;
  std::vector<v1::SyncedPerson> people;
  std::vector<v1::ProposedLeadMerge> merges;
  std::optional<v1::CardSyncSummary> summary;
};

class CardSyncE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hp::HotProfileEmulatorOptions hp_options;
    hp_options.demo_data = false;
    hp_options.rate_limit_calls = 0;
    hotprofile_ = faults::StartHotProfile(hp_options);
    ASSERT_NE(hotprofile_, nullptr);
    mkto::MarketoEmulatorOptions mkto_options;
    mkto_options.demo_data = false;
    marketo_ = faults::StartMarketo(mkto_options);
    ASSERT_NE(marketo_, nullptr);
    ASSERT_THAT(SeedCards(demo_, *hotprofile_), IsOk());
    marketo_ids_ = SeedLeads(demo_, *marketo_);
    expected_ = Expect(demo_, marketo_ids_);
    urls_ = {{"HP_URL", hotprofile_->base_url()},
             {"MKTO_URL", marketo_->base_url()},
             {"JOURNAL_PATH", absl::StrCat(MakeTempDir(), "/jobs.db")}};
    StartGateway();
  }

  void StartGateway() {
    auto gateway = faults::StartGateway(kConfig, urls_);
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
    stub_ = v1::CardSyncService::NewStub(gateway_->NewChannel());
  }

  v1::SyncCardsToLeadsRequest Request(bool dry_run) const {
    v1::SyncCardsToLeadsRequest request;
    request.set_consent_policy(consent_policy_);
    request.set_card_connection("hp");
    request.set_lead_connection("mkto");
    request.set_sync_name("autumn-fair");
    request.set_default_program(kProgram);
    request.set_dry_run(dry_run);
    return request;
  }

  // Runs a sync; `on_person` may stop reading early (returns false).
  SyncOutcome Sync(bool dry_run,
                   const std::function<bool(const v1::SyncedPerson&)>& on_person = nullptr) {
    SyncOutcome outcome;
    auto context = ContextWithTimeout(kRunTimeout);
    auto reader = stub_->SyncCardsToLeads(context.get(), Request(dry_run));
    v1::SyncCardsProgress message;
    while (reader->Read(&message)) {
      if (message.has_person()) {
        outcome.people.push_back(message.person());
        if (on_person && !on_person(message.person())) return outcome;
      }
      if (message.has_merge()) outcome.merges.push_back(message.merge());
      if (message.has_summary()) outcome.summary = message.summary();
    }
    outcome.status = reader->Finish();
    return outcome;
  }

  int64_t Pushes() { return marketo_->counters().Requests("push_leads"); }

  // Every expected person's address names exactly one Marketo lead (two for the
  // duplicates that existed before the sync, until merged), and every pushed person is in
  // the program.
  void ExpectEveryPersonOnceInMarketo(bool merged) {
    for (const auto& [email, count] : expected_.leads_per_email) {
      EXPECT_EQ(marketo_->CountLeadsWithField("email", email), merged ? 1 : count) << email;
    }
    const size_t losers = merged ? expected_.duplicated : 0;
    EXPECT_EQ(LeadCount() + losers - demo_.existing_leads.size(),
              static_cast<size_t>(expected_.created));
    auto members = marketo_->store().ProgramMembers(kProgramId);
    ASSERT_TRUE(members.has_value());
    EXPECT_EQ(members->size(),
              static_cast<size_t>(expected_.created + expected_.updated + losers));
  }

  // Merges what the run proposed, through LeadService.MergeLeads: the call that says so.
  void MergeProposed(const std::vector<v1::ProposedLeadMerge>& merges) {
    auto leads = v1::LeadService::NewStub(gateway_->NewChannel());
    for (const v1::ProposedLeadMerge& proposed : merges) {
      v1::MergeLeadsRequest request;
      request.set_connection("mkto");
      request.set_winner_id(proposed.winner_id());
      *request.mutable_loser_ids() = proposed.loser_ids();
      v1::MergeLeadsResponse response;
      auto context = ContextWithTimeout(absl::Seconds(30));
      grpc::Status status = leads->MergeLeads(context.get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
  }

  // The only people not pushed are those whose address names two leads: held back until
  // the merge (a push would be refused, Marketo 1007).
  static void ExpectOnlyDuplicatesRefused(const SyncOutcome& run) {
    for (const v1::SyncedPerson& person : run.people) {
      if (!person.has_result() || person.result().reasons().empty()) continue;
      EXPECT_EQ(person.result().reasons(0).code(), "gateway.merge_first")
          << "person of card " << person.card_ids(0) << ": "
          << person.result().reasons(0).message();
    }
  }

  size_t LeadCount() { return marketo_->store().LeadCount(); }

  // The e-mail key of the person's first card with an address; empty when none has one.
  std::string EmailKeyOf(int person) const {
    for (int k = 0; k < kDemoCards; ++k) {
      if (demo_.person_of_card[k] != person) continue;
      std::string key = leadgw::card_sync::KeysOfCard(demo_.cards[k]).email;
      if (!key.empty()) return key;
    }
    return "";
  }

  const DemoCardSet demo_ = MakeDemoCardSet();
  std::unique_ptr<hp::HotProfileEmulator> hotprofile_;
  std::unique_ptr<mkto::MarketoEmulator> marketo_;
  std::map<std::string, std::string> marketo_ids_;
  ExpectedSync expected_;
  std::map<std::string, std::string> urls_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<v1::CardSyncService::Stub> stub_;
  v1::CardConsentPolicy consent_policy_ = v1::CARD_CONSENT_POLICY_UNSPECIFIED;
};

TEST_F(CardSyncE2eTest, DryRunListsTheMatchesAndMergesAndWritesNothing) {
  const size_t leads_before = LeadCount();
  SyncOutcome plan = Sync(/*dry_run=*/true);
  ASSERT_TRUE(plan.status.ok()) << plan.status.error_message();
  ASSERT_TRUE(plan.summary.has_value());
  EXPECT_TRUE(plan.summary->dry_run());
  EXPECT_EQ(plan.summary->cards_read(), kDemoCards);
  EXPECT_EQ(plan.summary->people(), leadgw::card_sync::kDemoPeople);
  EXPECT_EQ(plan.summary->created(), expected_.created);
  EXPECT_EQ(plan.summary->updated(), expected_.updated);
  EXPECT_EQ(plan.summary->failed(), expected_.duplicated);  // held until the merges
  EXPECT_EQ(plan.summary->skipped(), expected_.skipped);
  EXPECT_GT(plan.summary->quota_time().seconds() * 1000 + plan.summary->quota_time().nanos() / 1000000, 0);

  std::vector<std::vector<std::string>> merges, expected_merges;
  for (const v1::ProposedLeadMerge& merge : plan.merges) {
    std::vector<std::string> ids = {merge.winner_id()};
    ids.insert(ids.end(), merge.loser_ids().begin(), merge.loser_ids().end());
    merges.push_back(ids);
  }
  for (const auto& [person, leads] : expected_.leads_of_person) {
    if (leads.size() > 1) expected_merges.push_back(leads);
  }
  EXPECT_THAT(merges, UnorderedElementsAreArray(expected_merges));
  for (const v1::SyncedPerson& person : plan.people) {
    if (person.action() != v1::CARD_SYNC_ACTION_UPDATE) continue;
    EXPECT_FALSE(person.matches().empty());
    EXPECT_EQ(person.lead_id(), person.matches(0).lead_id());
  }

  EXPECT_EQ(Pushes(), 0);
  EXPECT_EQ(LeadCount(), leads_before);
  v1::ListCardLinksRequest links;
  links.set_sync_name("autumn-fair");
  links.set_card_connection("hp");
  v1::ListCardLinksResponse response;
  auto context = ContextWithTimeout(absl::Seconds(20));
  ASSERT_TRUE(stub_->ListCardLinks(context.get(), links, &response).ok());
  EXPECT_TRUE(response.links().empty());
  EXPECT_FALSE(response.has_cursor());
}

TEST_F(CardSyncE2eTest, ARunPushesExactlyTheExpectedLeadsAndASecondRunIsANoOp) {
  SyncOutcome run = Sync(/*dry_run=*/false);
  ASSERT_TRUE(run.status.ok()) << run.status.error_message();
  ASSERT_TRUE(run.summary.has_value());
  EXPECT_EQ(run.summary->created(), expected_.created);
  EXPECT_EQ(run.summary->updated(), expected_.updated);
  EXPECT_EQ(run.summary->skipped(), expected_.skipped);
  EXPECT_EQ(run.summary->failed(), expected_.duplicated);
  EXPECT_EQ(run.summary->proposed_merges(), expected_.duplicated);
  ExpectOnlyDuplicatesRefused(run);
  ExpectEveryPersonOnceInMarketo(/*merged=*/false);
  // Pushed into the program, with the source and reason Marketo's push triggers see.
  for (const auto& [person, leads] : expected_.leads_of_person) {
    if (leads.size() > 1) continue;
    const int64_t id = std::stoll(leads.front());
    EXPECT_FALSE(marketo_->store().ProgramsOfLead(id).empty()) << "person " << person;
    const std::vector<mkto::PushActivity> pushes = marketo_->store().PushesOfLead(id);
    ASSERT_EQ(pushes.size(), 1u) << "person " << person;
    EXPECT_EQ(pushes[0].source, "business card");
    EXPECT_EQ(pushes[0].reason, "card sync autumn-fair");
  }

  // Once the proposed merges are done, the next run pushes the people they held back.
  MergeProposed(run.merges);
  SyncOutcome after_merge = Sync(/*dry_run=*/false);
  ASSERT_TRUE(after_merge.status.ok()) << after_merge.status.error_message();
  ASSERT_TRUE(after_merge.summary.has_value());
  EXPECT_EQ(after_merge.summary->updated(), expected_.duplicated);
  EXPECT_EQ(after_merge.summary->created() + after_merge.summary->failed(), 0);
  ExpectEveryPersonOnceInMarketo(/*merged=*/true);

  const int64_t pushes = Pushes();
  SyncOutcome again = Sync(/*dry_run=*/false);
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  ASSERT_TRUE(again.summary.has_value());
  EXPECT_EQ(again.summary->created() + again.summary->updated(), 0);
  EXPECT_EQ(again.summary->lead_calls(), 0);
  EXPECT_EQ(Pushes(), pushes);
}

TEST_F(CardSyncE2eTest, KilledMidPushThenRestartedPushesNothingTwiceAndMissesNothing) {
  // Every Marketo call takes 4 s: the kill lands while the first push is in flight, and
  // Marketo still carries it out after the gateway is gone (the worst moment: pushed, not
  // linked).
  emulators::common::FaultConfig slow;
  slow.latency = absl::Seconds(4);
  ASSERT_THAT(marketo_->faults().Set(slow), IsOk());
  SyncOutcome cut = Sync(/*dry_run=*/false, [&](const v1::SyncedPerson&) {
    // The first people reported are the ones not pushed: the pushes follow at once.
    absl::SleepFor(absl::Milliseconds(1500));
    EXPECT_THAT(gateway_->process().Stop(SIGKILL, absl::Seconds(10)), IsOk());
    return false;
  });
  EXPECT_FALSE(cut.summary.has_value()) << "the run ended before the kill: nothing was tested";
  EXPECT_GE(Pushes(), 1) << "the kill landed before the first push";
  ASSERT_THAT(marketo_->faults().Set(emulators::common::FaultConfig()), IsOk());

  StartGateway();
  SyncOutcome finished = Sync(/*dry_run=*/false);
  ASSERT_TRUE(finished.status.ok()) << finished.status.error_message();
  ASSERT_TRUE(finished.summary.has_value());
  EXPECT_EQ(finished.summary->failed(), expected_.duplicated);
  ExpectOnlyDuplicatesRefused(finished);
  ExpectEveryPersonOnceInMarketo(/*merged=*/false);

  // Every pushed person's cards are linked; a further run pushes nothing.
  v1::ListCardLinksRequest links;
  links.set_sync_name("autumn-fair");
  links.set_card_connection("hp");
  links.set_page_size(1000);
  v1::ListCardLinksResponse response;
  auto context = ContextWithTimeout(absl::Seconds(20));
  ASSERT_TRUE(stub_->ListCardLinks(context.get(), links, &response).ok());
  int linked_cards = 0;
  for (const v1::SyncedPerson& person : finished.people) {
    const bool pushed = person.action() == v1::CARD_SYNC_ACTION_CREATE ||
                        person.action() == v1::CARD_SYNC_ACTION_UPDATE;
    if (pushed && person.result().reasons().empty()) linked_cards += person.card_ids_size();
  }
  EXPECT_EQ(response.links_size(), linked_cards);
  EXPECT_TRUE(response.has_cursor());
  for (const v1::CardLink& link : response.links()) {
    EXPECT_FALSE(link.card_company_id().empty()) << "card " << link.card_id();
  }

  MergeProposed(finished.merges);
  SyncOutcome after_merge = Sync(/*dry_run=*/false);
  ASSERT_TRUE(after_merge.status.ok()) << after_merge.status.error_message();
  ExpectEveryPersonOnceInMarketo(/*merged=*/true);
  const int64_t pushes = Pushes();
  SyncOutcome again = Sync(/*dry_run=*/false);
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  EXPECT_EQ(Pushes(), pushes);
}

// Consent both ways (CARD_CONSENT_BOTH_WAYS): a HotProfile lead's e-mail refusal goes to
// Marketo with the push; a Marketo unsubscribe goes to the HotProfile lead with the
// person's address. Everything written and checked through the gateway.
TEST_F(CardSyncE2eTest, ConsentTravelsBothWays) {
  std::vector<int> people;  // two people with one existing Marketo lead each
  for (const auto& [person, leads] : expected_.leads_of_person) {
    if (leads.size() == 1 && !EmailKeyOf(person).empty()) people.push_back(person);
    if (people.size() == 2) break;
  }
  ASSERT_EQ(people.size(), 2u);
  const std::string refused_in_hotprofile = EmailKeyOf(people[0]);
  const std::string refused_in_marketo = EmailKeyOf(people[1]);
  auto leads = v1::LeadService::NewStub(gateway_->NewChannel());
  auto write = [&](v1::UpsertLeadsRequest request) {
    v1::WriteResponse response;
    auto context = ContextWithTimeout(absl::Seconds(30));
    ASSERT_TRUE(leads->UpsertLeads(context.get(), request, &response).ok());
    for (const v1::RecordResult& result : response.results()) {
      EXPECT_NE(result.status(), v1::RECORD_STATUS_FAILED) << result.DebugString();
    }
  };
  v1::UpsertLeadsRequest hotprofile_leads;
  hotprofile_leads.set_connection("hp");
  hotprofile_leads.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
  for (const std::string& email : {refused_in_hotprofile, refused_in_marketo}) {
    v1::Lead* lead = hotprofile_leads.add_leads();
    lead->set_company_id("1");
    lead->set_last_name("同意");
    lead->set_email(email);
    if (email == refused_in_hotprofile) lead->set_email_opt_out(true);
  }
  write(hotprofile_leads);
  v1::UpsertLeadsRequest unsubscribe;
  unsubscribe.set_connection("mkto");
  unsubscribe.set_action(v1::UPSERT_ACTION_UPDATE_ONLY);
  unsubscribe.set_lookup_field("email");
  unsubscribe.add_leads()->set_email(refused_in_marketo);
  unsubscribe.mutable_leads(0)->set_email_opt_out(true);
  write(unsubscribe);

  consent_policy_ = v1::CARD_CONSENT_BOTH_WAYS;
  SyncOutcome run = Sync(/*dry_run=*/false);
  ASSERT_TRUE(run.status.ok()) << run.status.error_message();
  ASSERT_TRUE(run.summary.has_value());
  EXPECT_EQ(run.summary->opt_outs_to_leads(), 2);
  EXPECT_EQ(run.summary->opt_outs_to_cards(), 1);
  const std::string marketo_lead = expected_.leads_of_person[people[0]].front();
  auto pushed = marketo_->store().GetLead(std::stoll(marketo_lead));
  ASSERT_TRUE(pushed.has_value());
  ASSERT_EQ(pushed->fields.count("unsubscribed"), 1u);
  EXPECT_TRUE(pushed->fields.at("unsubscribed").b);
  int written_back = 0;
  for (const v1::SyncedPerson& person : run.people) {
    for (const v1::CardSystemOptOut& out : person.card_system_opt_outs()) {
      EXPECT_EQ(person.lead().email(), refused_in_marketo);
      EXPECT_EQ(out.result().status(), v1::RECORD_STATUS_UPDATED) << out.DebugString();
      ++written_back;
    }
  }
  EXPECT_EQ(written_back, 1);

  v1::QueryLeadsRequest refusals;
  refusals.set_connection("hp");
  refusals.set_filter_field("email_opt_out");
  refusals.add_filter_values("1");
  v1::QueryLeadsResponse refused;
  auto context = ContextWithTimeout(absl::Seconds(30));
  ASSERT_TRUE(leads->QueryLeads(context.get(), refusals, &refused).ok());
  std::vector<std::string> refused_emails;
  for (const v1::Lead& lead : refused.leads()) refused_emails.push_back(lead.email());
  EXPECT_THAT(refused_emails,
              UnorderedElementsAreArray({refused_in_hotprofile, refused_in_marketo}));

  // Settled: once the merges are done and their people pushed, nothing moves.
  MergeProposed(run.merges);
  ASSERT_TRUE(Sync(/*dry_run=*/false).status.ok());
  const int64_t pushes = Pushes();
  SyncOutcome again = Sync(/*dry_run=*/false);
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  ASSERT_TRUE(again.summary.has_value());
  EXPECT_EQ(again.summary->opt_outs_to_cards(), 0);
  EXPECT_EQ(Pushes(), pushes);
}

}  // namespace
}  // namespace leadgw::testing::card_sync
