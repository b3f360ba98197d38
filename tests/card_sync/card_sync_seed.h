// Loads card_sync/demo_cards.h into the emulators, as a card sync meets it in production:
// cards that people scanned into HotProfile (full-width text and all, written by
// HotProfile itself rather than through the gateway) and leads that already live in
// Marketo.
#ifndef LEADGW_TESTS_CARD_SYNC_CARD_SYNC_SEED_H_
#define LEADGW_TESTS_CARD_SYNC_CARD_SYNC_SEED_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "card_sync/demo_cards.h"
#include "emulators/hotprofile/hotprofile_emulator.h"
#include "emulators/marketo/marketo_emulator.h"

namespace leadgw::testing::card_sync {

inline constexpr char kProgram[] = "2026 秋 展示会";
inline constexpr int kProgramId = 2026;

// One HotProfile client per distinct company spelling, then the 200 cards with the demo's
// timestamps. Card ids come out as 1..200 in demo order.
absl::Status SeedCards(const leadgw::card_sync::DemoCardSet& demo,
                       emulators::hotprofile::HotProfileEmulator& hotprofile);

// The existing leads and the program kProgram. Returns the Marketo id of each demo lead id.
std::map<std::string, std::string> SeedLeads(const leadgw::card_sync::DemoCardSet& demo,
                                             emulators::marketo::MarketoEmulator& marketo);

// What a sync of the demo set must do, with Marketo's ids.
struct ExpectedSync {
  int created = 0;
  int updated = 0;     // one lead
  int duplicated = 0;  // two leads with the address: refused by Marketo (1007) until merged
  int skipped = 0;     // no e-mail address
  // Per person with existing leads: the Marketo ids, best first.
  std::map<int, std::vector<std::string>> leads_of_person;
  // How many Marketo leads each person's e-mail key must name once the sync ran.
  std::map<std::string, size_t> leads_per_email;
};

ExpectedSync Expect(const leadgw::card_sync::DemoCardSet& demo,
                    const std::map<std::string, std::string>& marketo_ids);

}  // namespace leadgw::testing::card_sync

#endif  // LEADGW_TESTS_CARD_SYNC_CARD_SYNC_SEED_H_
