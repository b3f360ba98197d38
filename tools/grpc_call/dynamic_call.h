// CallMethod: one RPC to a method known only by its descriptor, with the request given as
// JSON and each response printed as one line of JSON (grpc::GenericStub + dynamic
// messages, no generated code).
#ifndef LEADGW_TOOLS_GRPC_CALL_DYNAMIC_CALL_H_
#define LEADGW_TOOLS_GRPC_CALL_DYNAMIC_CALL_H_

#include <memory>
#include <ostream>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"

namespace leadgw::grpc_call {

// Calls `method` (unary or server-streaming) with `request_json` and writes each response
// to `out` as one line of JSON with the .proto field names, flushed as it arrives. The
// call's deadline is `timeout` from now.
//
// Errors: a usage error (see cli_status.h) when the JSON does not fit the request type or
// the method streams requests; otherwise the call's own status (a server-streaming call
// may fail after printing some responses).
absl::Status CallMethod(std::shared_ptr<grpc::Channel> channel,
                        const google::protobuf::MethodDescriptor& method,
                        absl::string_view request_json, absl::Duration timeout, std::ostream& out);

}  // namespace leadgw::grpc_call

#endif  // LEADGW_TOOLS_GRPC_CALL_DYNAMIC_CALL_H_
