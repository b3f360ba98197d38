// Dropping the connection that carries a request, for fault injection.
#ifndef LEADGW_EMULATORS_COMMON_CONNECTION_DROP_H_
#define LEADGW_EMULATORS_COMMON_CONNECTION_DROP_H_

#include "httplib.h"

namespace leadgw::emulators::common {

// Shuts down (both directions) the TCP connection on which `req` arrived, so the client
// receives no status line at all (curl: "Empty reply from server"). httplib 0.11 gives
// handlers no socket, so the connection's inode is looked up by its local and remote
// ports in /proc/self/net/tcp{,6} and the descriptor by its /proc/self/fd link; httplib
// still owns and later closes it. Call it only from the handler serving `req`. Returns
// false when the socket was not found (e.g. no /proc); callers then answer with an
// empty body and `Connection: close`, the closest httplib allows.
bool DropConnection(const httplib::Request& req);

// Marks `res` as the fallback "drop": no body and `Connection: close`.
void SetEmptyCloseResponse(httplib::Response& res);

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_CONNECTION_DROP_H_
