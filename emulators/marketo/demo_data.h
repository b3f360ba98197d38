// Demo content for sandbox runs and tests.
#ifndef LEADGW_EMULATORS_MARKETO_DEMO_DATA_H_
#define LEADGW_EMULATORS_MARKETO_DEMO_DATA_H_

#include "emulators/marketo/lead_store.h"

namespace leadgw::emulators::marketo {

// Ids of the demo objects, for tests and docs.
inline constexpr int kDemoNewsletterListId = 1001;
inline constexpr int kDemoWebinarListId = 1002;
inline constexpr int kDemoJapanListId = 1003;
inline constexpr int kDemoLaunchProgramId = 1044;      // default program
inline constexpr int kDemoNurtureProgramId = 1127;     // engagement program
inline constexpr int kDemoFormId = 1029;
inline constexpr int kDemoJapanPartitionId = 2;
inline constexpr int kDemoLeadCount = 40;

// Adds to an empty store: 40 leads (ids from 318581; the last 8 Japanese, in the
// "Japan" partition), custom fields lastNameKana/firstNameKana/accountCode, 3 static
// lists, 2 programs with memberships, 3 smart campaigns (3678, 3680, 3746), form 1029
// and a few cookies and mktTokens ("demo-mkt-token-<n>" for the first 5 leads).
void SeedDemoData(LeadStore& store);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_DEMO_DATA_H_
