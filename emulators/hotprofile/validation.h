// Checks the parameters of a create or update against the object's FieldRule table.
#ifndef LEADGW_EMULATORS_HOTPROFILE_VALIDATION_H_
#define LEADGW_EMULATORS_HOTPROFILE_VALIDATION_H_

#include <vector>

#include "emulators/hotprofile/field_rules.h"
#include "emulators/hotprofile/record.h"

namespace leadgw::emulators::hotprofile {

enum class WriteMode { kCreate, kUpdate };

// Validates `params` for a write of `kind` and returns every violation, in table order
// (an empty vector means valid). On success `canonical` holds the accepted parameters in
// canonical form: integers re-printed in decimal, flags as "1"/"0". Parameters the
// operation does not take are dropped. On create an empty optional value counts as
// absent; on update it is kept as "" and means "clear this field". A field required on
// create may not be cleared by an update. Referential checks (does client_id or id
// exist) are the store's job; registered-code checks (pref_id, owner_user_id ...) are
// done here because the master data is fixed.
std::vector<FieldError> ValidateWrite(ObjectKind kind, WriteMode mode, const Params& params,
                                      Params* canonical);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_VALIDATION_H_
