// A deterministic set of 200 Japanese business cards and the leads a marketing system
// already holds, with the outcome a card sync must reach: the data of issue 19's
// acceptance run, shared by the planner's tests and the end-to-end sync test.
//
// 150 people. 50 cards are second cards of earlier people that differ only in how they
// were typed: full-width e-mail and digits, the reading in hiragana or half-width kana,
// the company's legal form (株式会社X / X株式会社 / X(株) / X㈱), the phone format, and
// upper-case e-mail. Two people are namesakes of others at the same company with their
// own e-mail and phone: they must stay apart.
//
// People without an e-mail address on any card: every 7th (from the 4th).
// Existing leads: 26 people are known by e-mail (every 5th, when their card has one),
// three of them have a second lead with the same address (a duplicate to merge), and one
// lead without an address shares only a name with a person (no match).
#ifndef LEADGW_CARD_SYNC_DEMO_CARDS_H_
#define LEADGW_CARD_SYNC_DEMO_CARDS_H_

#include <string>
#include <vector>

#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/lead.pb.h"

namespace leadgw::card_sync {

struct DemoCardSet {
  // Card ids "1001".."1200", updated_at rising with the index.
  std::vector<leadgateway::v1::BusinessCard> cards;
  // The person (0..149) each card belongs to.
  std::vector<int> person_of_card;
  // The leads that exist before the first sync; ids from "5001".
  std::vector<leadgateway::v1::Lead> existing_leads;
  // Per person, the existing leads that are that person, best first: empty means the
  // sync creates a lead; otherwise it updates the first and proposes merging the rest.
  std::vector<std::vector<std::string>> expected_leads;
  // Per person, the namesake it must not be merged with (-1 for none).
  std::vector<int> namesake_of;
};

inline constexpr int kDemoPeople = 150;
inline constexpr int kDemoCards = 200;

DemoCardSet MakeDemoCardSet();

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_DEMO_CARDS_H_
