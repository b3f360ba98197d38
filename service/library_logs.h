// libprotobuf and gRPC print their own log lines as plain text on stderr; the gateway's
// stderr is JSON lines (common/log.h) that log pipelines parse line by line. This routes
// both libraries into common/log, and keeps what protobuf said when it rejected a message,
// so the RPC's error can name the problem (service/request_parse_errors.h).
#ifndef LEADGW_SERVICE_LIBRARY_LOGS_H_
#define LEADGW_SERVICE_LIBRARY_LOGS_H_

#include <string>

namespace leadgw::service {

// Installs the protobuf and gRPC log handlers. Call once at start-up, before other threads
// run (neither library's setter is thread-safe).
void RouteLibraryLogsToJson();

// What libprotobuf last logged on this thread about a message it was parsing (e.g. "String
// field 'leadgateway.v1.GetLeadRequest.id' contains invalid UTF-8 data"), or "" when it
// said nothing since the last call; the call forgets it.
std::string TakeProtobufParseComplaint();

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_LIBRARY_LOGS_H_
