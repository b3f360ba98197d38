// Requests the server cannot parse are the caller's mistake: INVALID_ARGUMENT, naming the
// problem. gRPC's synchronous server answers them INTERNAL with an empty message
// (GenericDeserialize in grpcpp/impl/codegen/proto_utils.h), before any handler runs.
#ifndef LEADGW_SERVICE_REQUEST_PARSE_ERRORS_H_
#define LEADGW_SERVICE_REQUEST_PARSE_ERRORS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"

namespace leadgw::service {

// Register on the ServerBuilder (experimental().SetInterceptorCreators). Needs
// RouteLibraryLogsToJson() (service/library_logs.h) to name the field protobuf complained
// about; without it the message is generic.
class RequestParseErrorInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// The INVALID_ARGUMENT message for a request of `method` ("/pkg.Service/Method") that did
// not parse; `complaint` is what protobuf logged about it, if anything.
std::string RequestParseErrorMessage(absl::string_view method, absl::string_view complaint);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_REQUEST_PARSE_ERRORS_H_
