// //tools/grpc_call, which links no .proto of ours, reaches every service the sandbox
// gateway lists through server reflection alone, and its exit codes tell scripts what
// went wrong.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_runner.h"
#include "tests/cli/sandbox_suite.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing {
namespace {

// One read per service, with a fragment of JSON its answer must hold.
struct Probe {
  std::string method;
  std::string request;
  std::string expected;
};

const std::map<std::string, Probe>& ProbesByService() {
  static const auto* probes = new std::map<std::string, Probe>{
      {"grpc.health.v1.Health", {"Check", "{}", R"("status":"SERVING")"}},
      {"leadgateway.v1.ConnectionService",
       {"ListConnections", "{}", R"("name":"marketo-sandbox")"}},
      {"leadgateway.v1.LeadService",
       {"GetLead", R"({"connection":"marketo-sandbox","id":"318590"})",
        R"("email":"grace.hopper@example.com")"}},
      {"leadgateway.v1.CompanyService",
       {"SearchCompanies", R"({"connection":"hotprofile-sandbox","page_size":2})",
        R"("companies":[{"id":)"}},
      {"leadgateway.v1.BusinessCardService",
       {"SearchBusinessCards", R"({"connection":"hotprofile-sandbox","page_size":2})",
        R"("cards":[{"id":)"}},
      {"leadgateway.v1.FieldService",
       {"ListLeadFields", R"({"connection":"marketo-sandbox","page_size":5})",
        R"("fields":[{"name":)"}},
      {"leadgateway.v1.MembershipService",
       {"ListStaticListMembers",
        R"({"connection":"marketo-sandbox","list_id":"1001","page_size":2})",
        R"("leads":[{"id":)"}},
      {"leadgateway.v1.JobService", {"ListJobs", "{}", R"("jobs":[{"id":"job-)"}},
      {"leadgateway.v1.CardSyncService",
       {"SyncCardsToLeads",
        R"({"card_connection":"hotprofile-sandbox","lead_connection":"marketo-sandbox",)"
        R"("sync_name":"probe","default_program":"Big Blue Thing Product Launch",)"
        R"("dry_run":true})",
        R"("summary":{)"}},
  };
  return *probes;
}

// The reflection service streams requests, which grpc_call does not send; `list` is what
// exercises it.
constexpr absl::string_view kReflectionService = "grpc.reflection.v1alpha.ServerReflection";

class GrpcCallE2eTest : public SandboxSuite {
 protected:
  // grpc_call with --addr and --plaintext for the gateway, then `args` (shell words).
  static ShellResult Tool(const std::string& args) {
    return ToolAt(absl::StrCat("127.0.0.1:", gateway_->grpc_port()), args);
  }
  static ShellResult ToolAt(const std::string& address, const std::string& args) {
    auto result = RunShell(absl::StrCat(GrpcCallPath(), " --addr=", address, " --plaintext ", args),
                           absl::Seconds(60));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : ShellResult{};
  }

};


TEST_F(GrpcCallE2eTest, CallsOneReadOfEveryListedService) {
  // A job first, so that ListJobs has one to list.
  ShellResult submitted =
      Tool(R"(call leadgateway.v1.JobService/SubmitJob '{"write":{"upsert_leads":{"connection":)"
           R"("marketo-sandbox","leads":[{"email":"cli.probe@example.com"}]}}}')");
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;

  ShellResult listed = Tool("list");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const std::vector<std::string> services = absl::StrSplit(listed.out, '\n', absl::SkipEmpty());
  ASSERT_GE(services.size(), ProbesByService().size()) << listed.out;
  for (const std::string& service : services) {
    SCOPED_TRACE(service);
    if (service == kReflectionService) continue;
    auto probe = ProbesByService().find(service);
    ASSERT_NE(probe, ProbesByService().end()) << "a new service: give it a probe here";
    ShellResult called = Tool(absl::StrCat("call ", service, "/", probe->second.method, " '",
                                           probe->second.request, "'"));
    EXPECT_EQ(called.exit_code, 0) << called.err;
    EXPECT_TRUE(absl::StrContains(called.out, probe->second.expected)) << called.out;
  }
  for (const auto& [service, probe] : ProbesByService()) {
    EXPECT_TRUE(absl::StrContains(listed.out, service)) << service << " is not listed";
  }
}

TEST_F(GrpcCallE2eTest, ServerStreamingPrintsOneObjectPerLineAndStdinRequests) {
  ShellResult streamed = Tool(
      R"(-d @ call leadgateway.v1.MembershipService/StreamStaticListMembers <<'EOF'
{"connection":"marketo-sandbox","list_id":"1001"}
EOF)");
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  const std::vector<std::string> lines = absl::StrSplit(streamed.out, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 2u) << streamed.out;
  for (const std::string& line : lines) {
    EXPECT_TRUE(absl::StartsWith(line, R"({"id":")")) << line;
    EXPECT_TRUE(absl::EndsWith(line, "}")) << line;
  }
}

TEST_F(GrpcCallE2eTest, ListsMethodsAndDescribesSymbols) {
  ShellResult methods = Tool("list grpc.health.v1.Health");
  EXPECT_EQ(methods.exit_code, 0) << methods.err;
  EXPECT_TRUE(absl::StrContains(methods.out, "grpc.health.v1.Health/Check\n")) << methods.out;

  ShellResult method = Tool("describe leadgateway.v1.LeadService/GetLead");
  EXPECT_EQ(method.exit_code, 0) << method.err;
  EXPECT_TRUE(absl::StrContains(method.out, "rpc GetLead(.leadgateway.v1.GetLeadRequest)"))
      << method.out;

  ShellResult message = Tool("describe leadgateway.v1.GetLeadRequest");
  EXPECT_EQ(message.exit_code, 0) << message.err;
  EXPECT_TRUE(absl::StrContains(message.out, "string connection = 1;")) << message.out;
}

TEST_F(GrpcCallE2eTest, ExitCodesTellUsageFromRpcErrors) {
  // The server's NOT_FOUND (5): 10 + 5, with the status on stderr.
  ShellResult unknown_connection =
      Tool(R"(call leadgateway.v1.LeadService/GetLead '{"connection":"nope","id":"318581"}')");
  EXPECT_EQ(unknown_connection.exit_code, 15);
  EXPECT_TRUE(absl::StrContains(unknown_connection.err, "NOT_FOUND")) << unknown_connection.err;
  EXPECT_TRUE(unknown_connection.out.empty()) << unknown_connection.out;

  // The server's INVALID_ARGUMENT (3), not a usage error: the JSON fits the type.
  ShellResult invalid = Tool(R"(call leadgateway.v1.LeadService/GetLead '{"id":"318581"}')");
  EXPECT_EQ(invalid.exit_code, 13) << invalid.err;

  // Reflection knows no such method or service.
  EXPECT_EQ(Tool("call leadgateway.v1.LeadService/NoSuchMethod '{}'").exit_code, 15);
  EXPECT_EQ(Tool("call leadgateway.v1.NoSuchService/Get '{}'").exit_code, 15);

  // Usage: JSON that does not fit the request type, unknown flags, a missing method.
  ShellResult bad_json = Tool(R"(call leadgateway.v1.LeadService/GetLead '{"no_field":1}')");
  EXPECT_EQ(bad_json.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(bad_json.err, "no_field")) << bad_json.err;
  EXPECT_EQ(Tool("call leadgateway.v1.LeadService/GetLead '{not json'").exit_code, 2);
  EXPECT_EQ(Tool("--verbose list").exit_code, 2);
  EXPECT_EQ(Tool("call").exit_code, 2);
  // Without --plaintext the tool speaks TLS, which a plaintext server cannot answer.
  auto no_plaintext = RunShell(absl::StrCat(GrpcCallPath(), " --addr=127.0.0.1:",
                                            gateway_->grpc_port(), " --timeout=20s list"),
                               absl::Seconds(60));
  ASSERT_TRUE(no_plaintext.ok());
  EXPECT_EQ(no_plaintext->exit_code, 24) << no_plaintext->err;  // 10 + UNAVAILABLE (14)
  EXPECT_EQ(Tool("--ca_file=/nonexistent.pem list").exit_code, 2);  // contradicts --plaintext
}

TEST_F(GrpcCallE2eTest, NoServerIsUnavailable) {
  // A loopback port that was free a moment ago and has no listener.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  ShellResult result =
      ToolAt(absl::StrCat("127.0.0.1:", ntohs(address.sin_port)), "--timeout=20s list");
  EXPECT_EQ(result.exit_code, 24) << result.err;  // 10 + UNAVAILABLE (14)
  EXPECT_TRUE(absl::StrContains(result.err, "UNAVAILABLE")) << result.err;
}

}  // namespace
}  // namespace leadgw::testing
