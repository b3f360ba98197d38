// Parameters sent in a request body. The connector puts everything in the query string,
// but HotProfile's bracket names are Rails conventions and Rails merges body parameters
// into the same set; a query string is also capped (the emulator's HTTP server refuses
// request lines over 8,192 bytes with 414, and a 3,000-character Japanese note needs
// ~27,000 bytes percent-encoded). So the emulator also accepts
//   application/x-www-form-urlencoded   search%5Bfrom_id%5D=1&note=...
//   application/json                    {"search": {"from_id": 1}, "note": "..."}
// Nested JSON objects become bracket names ("search[from_id]"); arrays become
// comma-separated values; true/false/null become "true"/"false"/"".
#ifndef LEADGW_EMULATORS_HOTPROFILE_BODY_PARAMS_H_
#define LEADGW_EMULATORS_HOTPROFILE_BODY_PARAMS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "emulators/hotprofile/record.h"

namespace leadgw::emulators::hotprofile {

// Adds the body's parameters to `params`, keeping any value already there (the query
// string wins). An empty body or another content type adds nothing. INVALID_ARGUMENT
// for malformed JSON, a JSON body that is not an object, or a bad percent-escape.
absl::Status AddBodyParams(absl::string_view content_type, absl::string_view body, Params* params);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_BODY_PARAMS_H_
