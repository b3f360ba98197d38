// server.health_address on the real binary: with mutual TLS on the gRPC port, a plaintext
// client (as kubelet's gRPC probe is) gets SERVING from the health-only port, and nothing
// else there: the API answers UNIMPLEMENTED. The gRPC port itself still refuses plaintext.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/child_process.h"
#include "tests/testing/test_certificates.h"

namespace leadgw::testing {
namespace {

namespace v1 = ::leadgateway::v1;
using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::leadgw::testing::faults::ContextWithTimeout;
using ::leadgw::testing::faults::StartGateway;
using ::leadgw::testing_util::IsOk;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "healthAddress": "127.0.0.1:HEALTH_PORT",
             "tls": {"certificateFile": "TLS_DIR/server.crt",
                     "privateKeyFile": "TLS_DIR/server.key",
                     "clientCaFile": "TLS_DIR/client-ca.crt"}},
  "connections": [
    {"name": "acme", "backend": "marketo", "baseUrl": "http://127.0.0.1:9",
     MARKETO_CREDENTIALS}
  ]
})json";

// A loopback port free a moment ago (the gateway binds it right after).
int UnusedLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::shared_ptr<grpc::Channel> Plaintext(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                             grpc::InsecureChannelCredentials());
}

grpc::Status Check(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                   HealthCheckResponse* response) {
  HealthCheckRequest request;
  request.set_service(service);
  return Health::NewStub(channel)->Check(ContextWithTimeout(absl::Seconds(30)).get(), request,
                                         response);
}

TEST(HealthPortE2eTest, PlaintextHealthOnlyBesideMutualTls) {
  const std::string dir = MakeTempDir();
  ASSERT_FALSE(dir.empty());
  TestCertificates certificates(dir);
  ASSERT_TRUE(certificates.MakeCa("server-ca") && certificates.MakeCa("client-ca") &&
              certificates.Issue("server", "server-ca"))
      << "openssl failed";
  const int health_port = UnusedLoopbackPort();
  ASSERT_GT(health_port, 0);
  auto gateway =
      StartGateway(kConfig, {{"TLS_DIR", dir}, {"HEALTH_PORT", absl::StrCat(health_port)}});
  ASSERT_THAT(gateway, IsOk());

  const auto health_channel = Plaintext(health_port);
  for (const std::string service : {"", "leadgateway.v1.LeadService"}) {
    HealthCheckResponse response;
    const grpc::Status status = Check(health_channel, service, &response);
    ASSERT_TRUE(status.ok()) << service << ": " << status.error_message();
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << service;
  }

  // The API is not served on the health port.
  v1::ListConnectionsResponse connections;
  const grpc::Status api = v1::ConnectionService::NewStub(health_channel)->ListConnections(
      ContextWithTimeout(absl::Seconds(30)).get(), v1::ListConnectionsRequest(), &connections);
  EXPECT_EQ(api.error_code(), grpc::StatusCode::UNIMPLEMENTED) << api.error_message();

  // The gRPC port stays TLS-only.
  HealthCheckResponse refused;
  EXPECT_FALSE(Check(Plaintext((*gateway)->grpc_port()), "", &refused).ok());
}

}  // namespace
}  // namespace leadgw::testing
