// The tenant's fixed master data that HotProfile parameters refer to by id ("only a
// registered prefecture code / user id / lead source id ..."). It is configuration, not
// records: it exists whether or not demo data is loaded and never changes at run time.
#ifndef LEADGW_EMULATORS_HOTPROFILE_REFERENCE_DATA_H_
#define LEADGW_EMULATORS_HOTPROFILE_REFERENCE_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

namespace leadgw::emulators::hotprofile {

// A master table an integer parameter must name.
enum class Domain {
  kNone,              // any integer
  kPrefecture,        // pref_id: JIS X 0401 codes 1-47
  kUser,              // owner_user_id, user_id
  kOrganization,      // organization_id (department)
  kLeadSource,        // lead_source_kbn_id
  kLeadStatus,        // lead_status: 1 active, 2 inactive
  kCardStatus,        // business card status: 1 active, 2 inactive
  kOpenStatus,        // business card open_status: 1 public, 3 owner only
  kBusinessCategory,  // business_category_kbn
  kWorkerNumber,      // worker_number_kbn
  kCapital,           // capital_kbn
  kIpo,               // ipo_kbn
};

struct User {
  int64_t id;
  const char* code;
  const char* name;
  int64_t role_id;  // the "permission group" that search[role_id] filters on
};

// True when `id` is registered in `domain` (always true for kNone).
bool IsRegistered(Domain domain, int64_t id);

// The display name of `id` in `domain`, or "" when unregistered. For kUser the user's
// name; for kPrefecture the prefecture (e.g. "東京都").
std::string NameOf(Domain domain, int64_t id);

// The user with `id`, or nullptr.
const User* FindUser(int64_t id);

// Department names from the top level down to `organization_id`; empty if unknown.
std::vector<std::string> OrganizationHierarchy(int64_t organization_id);

// Tag names for the tag ids that demo leads and cards carry (no write sets tags).
std::string TagName(int64_t tag_id);

// Interest product names (leads' interest_product_type_ids).
std::string InterestProductName(int64_t product_id);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_REFERENCE_DATA_H_
