// Consent in a card sync (consent.h): the card system's opt-outs go with the pushes, a
// later opt-out sends a linked person again, and both ways the lead system's opt-outs are
// written back to the card system's leads. Over the simulated systems of
// sync_runner_testing.h.
#include <string>
#include <vector>

#include "card_sync/person_keys.h"
#include "card_sync/sync_runner_testing.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using testing_internal::SyncRunnerTest;

class SyncConsentTest : public SyncRunnerTest {
 protected:
  // The first person with `leads` existing leads and an e-mail address on a card.
  int PersonWithLeads(size_t leads) const {
    for (int person = 0; person < kDemoPeople; ++person) {
      if (demo_.expected_leads[person].size() == leads && !EmailKeyOf(person).empty()) {
        return person;
      }
    }
    ADD_FAILURE() << "no demo person with " << leads << " leads";
    return 0;
  }

  std::string EmailKeyOf(int person) const {
    for (int k = 0; k < kDemoCards; ++k) {
      if (demo_.person_of_card[k] != person) continue;
      std::string key = KeysOfCard(demo_.cards[k]).email;
      if (!key.empty()) return key;
    }
    return "";
  }

  // A lead of the card system with the person's address.
  v1::Lead& AddCardSystemLead(int person, const std::string& id) {
    v1::Lead& lead = card_system_.leads.emplace_back();
    lead.set_id(id);
    lead.set_company_id("77");
    lead.set_email(EmailKeyOf(person));
    return lead;
  }

  // Does the merges a run proposed, so that later runs have no person held for one.
  void MergeProposed(const std::vector<v1::SyncCardsProgress>& messages) {
    for (const v1::SyncCardsProgress& message : messages) {
      if (!message.has_merge()) continue;
      lead_system_.Merge({message.merge().loser_ids().begin(), message.merge().loser_ids().end()});
    }
  }

  // The person message that names `lead_id`.
  static const v1::SyncedPerson* Find(const std::vector<v1::SyncCardsProgress>& messages,
                                      const std::string& lead_id) {
    for (const v1::SyncCardsProgress& message : messages) {
      if (message.has_person() && message.person().lead_id() == lead_id) {
        return &message.person();
      }
    }
    return nullptr;
  }
};

TEST_F(SyncConsentTest, TheCardSystemsOptOutsGoWithThePushOnce) {
  const int updated = PersonWithLeads(1);
  const std::string updated_lead = demo_.expected_leads[updated][0];
  AddCardSystemLead(updated, "9001").set_email_opt_out(true);
  AddCardSystemLead(updated, "9002").set_phone_opt_out(true);

  auto first = Sync();
  ASSERT_THAT(first, IsOk());
  const v1::Lead& pushed = lead_system_.lead(updated_lead);
  EXPECT_TRUE(pushed.email_opt_out());
  EXPECT_TRUE(pushed.phone_opt_out());
  const v1::CardSyncSummary& summary = Summary(*first);
  EXPECT_EQ(summary.opt_outs_to_leads(), 1);
  EXPECT_EQ(summary.opt_outs_to_cards(), 0);
  // Two pages of cards and one search per consent flag; no write to the card system.
  EXPECT_EQ(summary.card_calls(), 4);
  EXPECT_EQ(card_system_.updates, 0);
  // Nobody else was pushed with a refusal (an opt-in is never pushed either).
  for (const v1::SyncCardsProgress& message : *first) {
    if (!message.has_person() || message.person().lead_id() == updated_lead) continue;
    EXPECT_FALSE(message.person().lead().has_email_opt_out()) << message.person().lead_id();
    EXPECT_FALSE(message.person().lead().has_phone_opt_out()) << message.person().lead_id();
  }

  MergeProposed(*first);
  ASSERT_THAT(Sync(), IsOk());  // pushes the people that waited for the merges
  const int pushes = lead_system_.pushes;
  auto again = Sync();
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(Summary(*again).lead_calls(), 0);
  EXPECT_EQ(Summary(*again).opt_outs_to_leads(), 0);
  EXPECT_EQ(lead_system_.pushes, pushes);
}

TEST_F(SyncConsentTest, AnOptOutAfterThePushSendsTheLinkedPersonAgain) {
  const int created = PersonWithLeads(0);
  auto first = Sync();
  ASSERT_THAT(first, IsOk());
  MergeProposed(*first);
  ASSERT_THAT(Sync(), IsOk());
  auto quiet = Sync();
  ASSERT_THAT(quiet, IsOk());
  EXPECT_EQ(Summary(*quiet).lead_calls(), 0);

  AddCardSystemLead(created, "9003").set_email_opt_out(true);
  auto after_opt_out = Sync();
  ASSERT_THAT(after_opt_out, IsOk());
  // No card changed, yet the person's linked cards were planned again and pushed.
  EXPECT_EQ(Summary(*after_opt_out).updated(), 1);
  EXPECT_EQ(Summary(*after_opt_out).opt_outs_to_leads(), 1);
  int pushed_with_opt_out = 0;
  for (const v1::SyncCardsProgress& message : *after_opt_out) {
    if (!message.has_person() || !message.person().lead().email_opt_out()) continue;
    ++pushed_with_opt_out;
    EXPECT_TRUE(lead_system_.lead(message.person().lead_id()).email_opt_out());
  }
  EXPECT_EQ(pushed_with_opt_out, 1);

  auto settled = Sync();
  ASSERT_THAT(settled, IsOk());
  EXPECT_EQ(Summary(*settled).created() + Summary(*settled).updated(), 0);
  EXPECT_EQ(Summary(*settled).lead_calls(), 0);
}

TEST_F(SyncConsentTest, BothWaysTheLeadSystemsOptOutsAreWrittenBack) {
  settings_.consent = v1::CARD_CONSENT_BOTH_WAYS;
  const int person = PersonWithLeads(1);
  const std::string lead_id = demo_.expected_leads[person][0];
  lead_system_.Unsubscribe(lead_id);
  AddCardSystemLead(person, "9004");
  AddCardSystemLead(person, "9005").set_phone_opt_out(true);  // goes the other way

  settings_.dry_run = true;
  auto plan = Sync();
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(card_system_.updates, 0);
  EXPECT_EQ(Summary(*plan).opt_outs_to_cards(), 2);
  // Describe (for the consent fields' names), one lookup, one push.
  EXPECT_EQ(Summary(*plan).lead_calls(), 3);

  settings_.dry_run = false;
  auto run = Sync();
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(card_system_.updates, 2);
  EXPECT_TRUE(card_system_.leads[0].email_opt_out());
  EXPECT_FALSE(card_system_.leads[0].phone_opt_out());
  EXPECT_TRUE(card_system_.leads[1].email_opt_out());
  const v1::SyncedPerson* synced = Find(*run, lead_id);
  ASSERT_NE(synced, nullptr);
  ASSERT_EQ(synced->card_system_opt_outs_size(), 2);
  EXPECT_EQ(synced->card_system_opt_outs(0).lead_id(), "9004");
  EXPECT_TRUE(synced->card_system_opt_outs(0).email_opt_out());
  EXPECT_FALSE(synced->card_system_opt_outs(0).phone_opt_out());
  EXPECT_EQ(synced->card_system_opt_outs(0).result().status(), v1::RECORD_STATUS_UPDATED);
  // The push agrees with both systems: the lead system's refusal and the card system's.
  EXPECT_TRUE(synced->lead().email_opt_out());
  EXPECT_TRUE(synced->lead().phone_opt_out());
  EXPECT_TRUE(lead_system_.lead(lead_id).phone_opt_out());
  EXPECT_EQ(Summary(*run).opt_outs_to_cards(), 2);
  EXPECT_EQ(Summary(*run).opt_outs_to_leads(), 1);

  const int updates = card_system_.updates;
  const int pushes = lead_system_.pushes;
  auto settled = Sync();
  ASSERT_THAT(settled, IsOk());
  EXPECT_EQ(card_system_.updates, updates);
  EXPECT_EQ(Summary(*settled).opt_outs_to_cards(), 0);
  // Only the people held for a merge are looked up and held again; nothing is pushed.
  EXPECT_EQ(lead_system_.pushes, pushes);
}

TEST_F(SyncConsentTest, PolicyNoneReadsNoConsent) {
  settings_.consent = v1::CARD_CONSENT_NONE;
  AddCardSystemLead(PersonWithLeads(1), "9006").set_email_opt_out(true);
  auto run = Sync();
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(card_system_.searches, 0);
  EXPECT_EQ(Summary(*run).opt_outs_to_leads(), 0);
  EXPECT_EQ(Summary(*run).card_calls(), 2);
}

}  // namespace
}  // namespace leadgw::card_sync
