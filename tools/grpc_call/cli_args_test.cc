#include "tools/grpc_call/cli_args.h"

#include <sstream>

#include "gtest/gtest.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::grpc_call {
namespace {

TEST(CliArgsTest, CallWithFlagsAnywhereAndPositionalJson) {
  auto invocation =
      ParseArgs({"--addr=127.0.0.1:1234", "call", "--plaintext",
                 "leadgateway.v1.LeadService/GetLead", R"({"id":"1"})", "--timeout", "5s"});
  ASSERT_TRUE(invocation.ok()) << invocation.status();
  EXPECT_EQ(invocation->command, Command::kCall);
  EXPECT_EQ(invocation->connection.address, "127.0.0.1:1234");
  EXPECT_TRUE(invocation->connection.plaintext);
  EXPECT_EQ(invocation->connection.timeout, absl::Seconds(5));
  EXPECT_EQ(invocation->target, "leadgateway.v1.LeadService/GetLead");
  EXPECT_EQ(invocation->request_data, R"({"id":"1"})");
}

TEST(CliArgsTest, DefaultsAndCommands) {
  auto list = ParseArgs({"list"});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->command, Command::kList);
  EXPECT_EQ(list->connection.address, "localhost:50051");
  EXPECT_FALSE(list->connection.plaintext);
  EXPECT_EQ(list->target, "");

  auto methods = ParseArgs({"list", "grpc.health.v1.Health"});
  ASSERT_TRUE(methods.ok());
  EXPECT_EQ(methods->target, "grpc.health.v1.Health");

  auto describe = ParseArgs({"describe", "leadgateway.v1.Lead"});
  ASSERT_TRUE(describe.ok());
  EXPECT_EQ(describe->command, Command::kDescribe);

  auto call = ParseArgs({"call", "a.B/C"});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->request_data, "{}");

  auto stdin_call = ParseArgs({"call", "a.B/C", "-d", "@"});
  ASSERT_TRUE(stdin_call.ok());
  EXPECT_EQ(stdin_call->request_data, "@");

  auto help = ParseArgs({"list", "--help"});
  ASSERT_TRUE(help.ok());
  EXPECT_EQ(help->command, Command::kHelp);
}

TEST(CliArgsTest, UsageErrorsExitTwo) {
  const std::vector<std::vector<std::string>> wrong = {
      {},
      {"frobnicate"},
      {"describe"},
      {"call"},
      {"call", "a.B/C", "{}", "extra"},
      {"call", "a.B/C", "{}", "-d", "{}"},
      {"list", "-d", "{}"},
      {"list", "--verbose"},
      {"list", "--timeout=soon"},
      {"list", "--timeout=-1s"},
      {"list", "--addr"},
  };
  for (const auto& args : wrong) {
    auto invocation = ParseArgs(args);
    ASSERT_FALSE(invocation.ok()) << testing::PrintToString(args);
    EXPECT_TRUE(IsUsageError(invocation.status())) << invocation.status();
    EXPECT_EQ(ExitCodeFor(invocation.status()), 2);
  }
}

TEST(CliArgsTest, ExitCodesOfRpcErrorsAreTenPlusTheCode) {
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), 0);
  EXPECT_EQ(ExitCodeFor(absl::NotFoundError("x")), 15);
  EXPECT_EQ(ExitCodeFor(absl::InvalidArgumentError("server said")), 13);
  EXPECT_EQ(ExitCodeFor(absl::UnavailableError("x")), 24);
  EXPECT_EQ(ExitCodeFor(absl::UnauthenticatedError("x")), 26);
}

TEST(CliArgsTest, RequestDataFromTextStdinOrFile) {
  std::istringstream input(R"({"from":"stdin"})");
  EXPECT_EQ(*ReadRequestData(R"({"a":1})", input), R"({"a":1})");
  EXPECT_EQ(*ReadRequestData("@", input), R"({"from":"stdin"})");
  auto missing = ReadRequestData("@/nonexistent/request.json", input);
  EXPECT_TRUE(IsUsageError(missing.status()));
}

TEST(CliArgsTest, MethodNames) {
  auto slash = ParseMethodName("leadgateway.v1.LeadService/GetLead");
  ASSERT_TRUE(slash.ok());
  EXPECT_EQ(slash->service, "leadgateway.v1.LeadService");
  EXPECT_EQ(slash->method, "leadgateway.v1.LeadService.GetLead");
  auto dotted = ParseMethodName(".grpc.health.v1.Health.Check");
  ASSERT_TRUE(dotted.ok());
  EXPECT_EQ(dotted->service, "grpc.health.v1.Health");
  EXPECT_EQ(dotted->method, "grpc.health.v1.Health.Check");
  EXPECT_TRUE(IsUsageError(ParseMethodName("GetLead").status()));
  EXPECT_TRUE(IsUsageError(ParseMethodName("a.B/").status()));
}

}  // namespace
}  // namespace leadgw::grpc_call
