// The gRPC floor of this machine: a server with nothing but gRPC's default health service,
// built like the gateway. bench/run measures its CPU per health check next to the
// gateway's, so the gateway's own cost is the difference.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"

ABSL_FLAG(std::string, listen_address, "127.0.0.1", "Address to listen on (loopback).");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  // gRPC refuses a server with no service of its own; an empty callback generic service
  // (every other method answers UNIMPLEMENTED) makes it a callback-API server.
  grpc::CallbackGenericService no_methods;
  builder.RegisterCallbackGenericService(&no_methods);
  int port = 0;
  builder.AddListeningPort(absl::StrCat(absl::GetFlag(FLAGS_listen_address), ":0"),
                           grpc::InsecureServerCredentials(), &port);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "grpc_floor_server: cannot listen\n");
    return 1;
  }
  std::printf("listening on %s:%d\n", absl::GetFlag(FLAGS_listen_address).c_str(), port);
  std::fflush(stdout);
  server->Wait();  // Until killed: bench/run stops it with SIGTERM.
  return 0;
}
