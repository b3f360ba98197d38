// Sample tenant content: Japanese companies, business cards and leads, so that a
// sandbox gateway has something realistic to list and search.
#ifndef LEADGW_EMULATORS_HOTPROFILE_DEMO_DATA_H_
#define LEADGW_EMULATORS_HOTPROFILE_DEMO_DATA_H_

#include <vector>

#include "emulators/hotprofile/store.h"

namespace leadgw::emulators::hotprofile {

inline constexpr int kDemoClientCount = 10;
inline constexpr int kDemoBusinessCardCount = 30;
inline constexpr int kDemoLeadCount = 20;

// The demo records in load order for HotProfileStore::Reset: clients get ids 1-10,
// cards 1-30, leads 1-20. The content is fixed (the same every run), with created_at in
// 2024-2026 and trade_on dates across 2024-2026.
std::vector<SeedRecord> DemoRecords();

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_DEMO_DATA_H_
