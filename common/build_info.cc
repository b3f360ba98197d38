#include "common/build_info.h"

namespace leadgw {

extern const char kBuildRevision[];  // build_info_linkstamp.cc

absl::string_view BuildRevision() { return kBuildRevision; }

}  // namespace leadgw
