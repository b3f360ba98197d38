// Hides network addresses (URLs' scheme and host, IP addresses, host:port, curl's
// "<host> port <n>", resolver and certificate host names) in text meant for callers.
// Upstream hosts are operators' knowledge: logs keep the raw text, callers get the
// redacted one (service/status_mapping.cc applies it to every RPC status).
#ifndef LEADGW_COMMON_ADDRESS_REDACTION_H_
#define LEADGW_COMMON_ADDRESS_REDACTION_H_

#include <string>

#include "absl/strings/string_view.h"

namespace leadgw {

// What stands in for a hidden address.
inline constexpr char kRedactedAddress[] = "<upstream>";

// `text` with every network address replaced by kRedactedAddress. A URL keeps its path
// (which names the endpoint, e.g. "<upstream>/rest/v1/leads.json") but loses scheme, user
// info, host, port and query. Pure function, thread-safe.
std::string RedactNetworkAddresses(absl::string_view text);

}  // namespace leadgw

#endif  // LEADGW_COMMON_ADDRESS_REDACTION_H_
