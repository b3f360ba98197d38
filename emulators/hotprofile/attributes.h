// Values of a record as searches and responses see them: stored parameters plus the
// attributes HotProfile derives from them (full names, prefecture and department names,
// the client's name on a lead or card).
#ifndef LEADGW_EMULATORS_HOTPROFILE_ATTRIBUTES_H_
#define LEADGW_EMULATORS_HOTPROFILE_ATTRIBUTES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "emulators/hotprofile/field_rules.h"
#include "emulators/hotprofile/record.h"

namespace leadgw::emulators::hotprofile {

// A record with the client it references (leads and cards), or nullptr.
struct RecordView {
  ObjectKind kind;
  const Record* record;
  const Record* client;
};

// The text of attribute `name`: any stored parameter, or one of the derived attributes
//   full_name, full_name_kana      "family first" (a space between, as HotProfile shows)
//   client.name, client.name_kana, client.name_disp
//   pref                           prefecture name from pref_id
//   organization_name              department name from organization_id
//   organization_path              all department levels, space-separated
//   owner_name, owner_code         the owner user's name / code (clients: user_id;
//                                  cards fall back to the free-text owner_user)
//   address1, address2, address3   address split at spaces (third part takes the rest)
// Returns "" for an absent value or an unknown name.
std::string TextAttribute(const RecordView& view, absl::string_view name);

// The integer value of `name` ("id", any stored integer or flag, or "owner_role_id"),
// or nullopt when absent.
std::optional<int64_t> IntAttribute(const RecordView& view, absl::string_view name);

// Attributes that search[multiple] (a lead-list parameter only) compares each word
// against: the lead's names, contact details, address, notes and its client's names.
const std::vector<std::string>& MultipleSearchAttributes();

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_ATTRIBUTES_H_
