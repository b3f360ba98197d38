// What build is running, for leadgw_build_info and the start-up log.
#ifndef LEADGW_COMMON_BUILD_INFO_H_
#define LEADGW_COMMON_BUILD_INFO_H_

#include "absl/strings/string_view.h"

namespace leadgw {

// The source revision the binary was linked from (git short hash, "-dirty" when the tree
// had changes), stamped at link time by tools/workspace_status; "unknown" when unstamped.
absl::string_view BuildRevision();

}  // namespace leadgw

#endif  // LEADGW_COMMON_BUILD_INFO_H_
