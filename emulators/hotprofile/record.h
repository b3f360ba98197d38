// The emulator's in-memory representation of HotProfile objects and request parameters.
#ifndef LEADGW_EMULATORS_HOTPROFILE_RECORD_H_
#define LEADGW_EMULATORS_HOTPROFILE_RECORD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace leadgw::emulators::hotprofile {

// Query parameters of one request by (decoded) name, e.g. "search[family_name]". When a
// name repeats, the first value wins.
using Params = absl::flat_hash_map<std::string, std::string>;

// One rejected parameter. `field` is the parameter name as the caller sent it
// ("family_name", "page[display_number]"); it is empty for errors about no one field.
struct FieldError {
  std::string field;
  std::string message;
};

// A lead, client or business card. Every stored value is the canonical text of a write
// parameter (see validation.h): integers in decimal, flags "1"/"0", dates yyyy/mm/dd.
// Absent and cleared fields have no entry, so `values` never holds an empty string.
struct Record {
  int64_t id = 0;
  absl::flat_hash_map<std::string, std::string> values;
  // Set only by demo data: the connector exposes no parameter that writes them.
  std::vector<int64_t> tag_ids;
  std::vector<int64_t> interest_product_type_ids;  // leads only
  absl::Time created_at;
  absl::Time updated_at;

  // The stored value of `name`, or "" when absent.
  const std::string& Value(const std::string& name) const;
};

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_RECORD_H_
