// ReflectionClient: what a server says about itself through gRPC server reflection
// (grpc.reflection.v1alpha), turned into descriptors a DynamicMessageFactory can use. It
// needs no .proto file of the server: every descriptor comes over the wire.
#ifndef LEADGW_TOOLS_GRPC_CALL_REFLECTION_CLIENT_H_
#define LEADGW_TOOLS_GRPC_CALL_REFLECTION_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace leadgw::grpc_call {

// Not thread-safe: one command's lookups, in sequence, on one reflection stream (so they
// all reach the same server). The stream's deadline is `timeout` from the first request.
class ReflectionClient {
 public:
  ReflectionClient(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout);
  // Half-closes the stream and waits for the server to end it.
  ~ReflectionClient();

  ReflectionClient(const ReflectionClient&) = delete;
  ReflectionClient& operator=(const ReflectionClient&) = delete;

  // The full names of the services the server registers, in the server's order.
  absl::StatusOr<std::vector<std::string>> ListServices();

  // Fetches the file declaring `full_name` (a service, method, message or enum, e.g.
  // "leadgateway.v1.LeadService") and every file it imports, and builds them into pool().
  // NOT_FOUND (or the server's code) when the server does not know the symbol; INTERNAL
  // when the files it sends do not build.
  absl::Status LoadSymbol(const std::string& full_name);

  // The descriptors loaded so far.
  const google::protobuf::DescriptorPool& pool() const { return pool_; }

 private:
  using Response = grpc::reflection::v1alpha::ServerReflectionResponse;
  using Request = grpc::reflection::v1alpha::ServerReflectionRequest;

  // Sends one request and reads its answer; an error_response becomes a status.
  absl::StatusOr<Response> Ask(const Request& request);
  // Keeps the files of a file_descriptor_response that are new; returns the names of all
  // the files it carried.
  absl::StatusOr<std::vector<std::string>> KeepFiles(const Response& response);
  // Fetches, by name, every file that a kept file imports and that is not kept yet.
  absl::Status FetchImports(std::vector<std::string> names);
  // Builds `name` into pool_ after the files it imports.
  absl::Status Build(const std::string& name, int depth);

  std::unique_ptr<grpc::reflection::v1alpha::ServerReflection::Stub> stub_;
  absl::Duration timeout_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<Request, Response>> stream_;
  absl::flat_hash_map<std::string, google::protobuf::FileDescriptorProto> files_;
  google::protobuf::DescriptorPool pool_;
};

}  // namespace leadgw::grpc_call

#endif  // LEADGW_TOOLS_GRPC_CALL_REFLECTION_CLIENT_H_
