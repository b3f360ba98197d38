// Callers never learn where an upstream lives: with both upstreams refusing connections,
// failed RPCs name the connection and what went wrong (UNAVAILABLE, "Connection
// refused") but neither the upstream's host nor its port, in the message or the details;
// ListConnections shows neither. The gateway's log keeps the address for operators.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

// Both connections point at a loopback port nothing listens on; retries are quick and the
// breaker stays closed so every RPC really tries the upstream.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto-down", "backend": "marketo", "baseUrl": "DOWN_URL", MARKETO_CREDENTIALS,
     "retry": {"maxAttempts": 2, "initialBackoff": "0.01s", "maxBackoff": "0.05s"},
     "circuitBreaker": {"failureThreshold": 1000, "openDuration": "1s"}},
    {"name": "hp-down", "backend": "hotprofile", "baseUrl": "DOWN_URL", HOTPROFILE_CREDENTIALS,
     "retry": {"maxAttempts": 2, "initialBackoff": "0.01s", "maxBackoff": "0.05s"},
     "circuitBreaker": {"failureThreshold": 1000, "openDuration": "1s"}}
  ]
})json";
// HealthTracker::kUnavailableAfter failures make ListConnections report UNAVAILABLE.
constexpr int kCallsPerConnection = 5;

// A loopback port that was free a moment ago: bound by the kernel's choice, then closed,
// so connecting to it is refused.
int ClosedLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

TEST(UpstreamAddressE2eTest, CallersSeeTheConnectionAndTheFailureButNoAddress) {
  const int port = ClosedLoopbackPort();
  ASSERT_GT(port, 0);
  const std::string port_text = std::to_string(port);
  auto gateway = StartGateway(kConfig, {{"DOWN_URL", absl::StrCat("http://127.0.0.1:", port)}});
  ASSERT_THAT(gateway, IsOk());
  auto channel = (*gateway)->NewChannel();
  auto leads = v1::LeadService::NewStub(channel);

  for (const char* connection : {"mkto-down", "hp-down"}) {
    for (int i = 0; i < kCallsPerConnection; ++i) {
      v1::GetLeadRequest request;
      request.set_connection(connection);
      request.set_id("318581");
      v1::Lead lead;
      const grpc::Status status =
          leads->GetLead(ContextWithTimeout(absl::Seconds(20)).get(), request, &lead);
      SCOPED_TRACE(absl::StrCat(connection, ": ", status.error_message()));
      if (i == 0) std::cout << "[caller sees] " << status.error_message() << std::endl;
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
      EXPECT_THAT(status.error_message(), HasSubstr(absl::StrCat("connection '", connection, "'")));
      EXPECT_THAT(status.error_message(), HasSubstr("onnect"));  // what went wrong
      for (const std::string& text : {status.error_message(), status.error_details()}) {
        EXPECT_THAT(text, Not(HasSubstr("127.0.0.1")));
        EXPECT_THAT(text, Not(HasSubstr(port_text)));
        EXPECT_THAT(text, Not(HasSubstr("http://")));
      }
    }
  }

  v1::ListConnectionsResponse listed;
  ASSERT_TRUE(v1::ConnectionService::NewStub(channel)
                  ->ListConnections(ContextWithTimeout(absl::Seconds(10)).get(), {}, &listed)
                  .ok());
  ASSERT_EQ(listed.connections_size(), 2);
  for (const v1::Connection& connection : listed.connections()) {
    SCOPED_TRACE(connection.DebugString());
    EXPECT_EQ(connection.base_url(), "");
    EXPECT_EQ(connection.health(), v1::CONNECTION_HEALTH_UNAVAILABLE);
    EXPECT_THAT(connection.health_detail(), HasSubstr("onnect"));
    const std::string bytes = connection.SerializeAsString();
    EXPECT_THAT(bytes, Not(HasSubstr("127.0.0.1")));
    EXPECT_THAT(bytes, Not(HasSubstr(port_text)));
  }

  EXPECT_THAT((*gateway)->Log(), HasSubstr(absl::StrCat("127.0.0.1:", port_text)))
      << "operators keep the address in the log";
}

}  // namespace
}  // namespace leadgw::testing::faults
