// README.md's "Calling it" examples return data: each command of a block marked
// `<!-- readme-example -->` runs, as written, against the real gateway with --sandbox. The
// test only swaps `bazel run //tools/grpc_call --` for the built binary, localhost:50051
// for the gateway's run-time port, and `<the job id>` for the id SubmitJob answered.
#include "tests/cli/readme_examples.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_runner.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing {
namespace {

constexpr absl::string_view kToolPrefix = "bazel run //tools/grpc_call --";
constexpr absl::string_view kReadmeAddress = "localhost:50051";
constexpr absl::string_view kJobIdPlaceholder = "<the job id>";

// The method a `call` command names ("leadgateway.v1.LeadService/GetLead"), or "list".
std::string MethodOf(absl::string_view command) {
  for (absl::string_view word :
       absl::StrSplit(command, absl::ByAnyChar(" \n\\"), absl::SkipEmpty())) {
    if (absl::StrContains(word, '/') && !absl::StartsWith(word, "/") &&
        !absl::StartsWith(word, "'")) {
      return std::string(word);
    }
    if (word == "list") return "list";
  }
  return "";
}

// The value of the first "id" field in one line of JSON output.
std::string FirstId(absl::string_view json) {
  constexpr absl::string_view kKey = "\"id\":\"";
  const size_t start = json.find(kKey);
  if (start == absl::string_view::npos) return "";
  const size_t value = start + kKey.size();
  return std::string(json.substr(value, json.find('"', value) - value));
}

// A listing or search must list something: an example that finds nothing teaches nothing.
bool ListsSomething(absl::string_view method, absl::string_view out) {
  const absl::string_view name = method.substr(method.rfind('/') + 1);
  const bool listing = absl::StartsWith(name, "List") || absl::StartsWith(name, "Query") ||
                       absl::StartsWith(name, "Search");
  return !listing || absl::StrContains(out, ":[{");
}

TEST(ReadmeExamplesTest, EveryMarkedCommandReturnsData) {
  const std::vector<std::string> commands =
      ExtractExampleCommands(ReadWholeFile(Runfile("README.md")));
  ASSERT_GE(commands.size(), 6u) << "README.md lost its marked examples";

  GatewayProcessOptions options;
  options.extra_args = {"--sandbox"};
  auto gateway = GatewayProcess::Start(options);
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const std::string address = absl::StrCat("127.0.0.1:", (*gateway)->grpc_port());

  std::string job_id;
  std::set<std::string> methods;
  for (const std::string& command : commands) {
    SCOPED_TRACE(command);
    ASSERT_TRUE(absl::StartsWith(command, kToolPrefix))
        << "marked examples run " << kToolPrefix << " (the test substitutes the binary)";
    ASSERT_TRUE(absl::StrContains(command, kReadmeAddress));
    if (absl::StrContains(command, kJobIdPlaceholder)) {
      ASSERT_FALSE(job_id.empty()) << "no earlier example submitted a job";
    }
    const std::string script = absl::StrReplaceAll(
        command,
        {{kToolPrefix, GrpcCallPath()}, {kReadmeAddress, address}, {kJobIdPlaceholder, job_id}});
    auto result = RunShell(script, absl::Seconds(60));
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->exit_code, 0) << "stderr: " << result->err;

    const std::string method = MethodOf(command);
    methods.insert(method);
    ASSERT_FALSE(result->out.empty()) << "no output";
    for (absl::string_view line : absl::StrSplit(result->out, '\n', absl::SkipEmpty())) {
      EXPECT_NE(line, "{}") << "an empty answer";
    }
    EXPECT_TRUE(ListsSomething(method, result->out)) << "found nothing: " << result->out;
    if (absl::EndsWith(method, "/QueryLeads")) {
      EXPECT_TRUE(absl::StrContains(result->out, "\"leads\":[{\"id\":")) << result->out;
    }
    if (absl::EndsWith(method, "/SubmitJob")) {
      job_id = FirstId(result->out);
      ASSERT_TRUE(absl::StartsWith(job_id, "job-")) << result->out;
    }
    if (absl::EndsWith(method, "/WatchJob")) {  // it streams until the job is final
      EXPECT_TRUE(absl::StrContains(result->out, "JOB_STATE_DONE")) << result->out;
    }
  }
  // The section promises these; an edit that drops one fails here.
  for (const char* promised :
       {"list", "grpc.health.v1.Health/Check", "leadgateway.v1.ConnectionService/ListConnections",
        "leadgateway.v1.LeadService/GetLead", "leadgateway.v1.LeadService/QueryLeads",
        "leadgateway.v1.JobService/SubmitJob", "leadgateway.v1.JobService/GetJob",
        "leadgateway.v1.JobService/WatchJob"}) {
    EXPECT_TRUE(methods.count(promised)) << "README.md has no example of " << promised;
  }
}

}  // namespace
}  // namespace leadgw::testing
