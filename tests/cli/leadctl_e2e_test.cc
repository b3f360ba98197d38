// //tools/leadctl against the real gateway with --sandbox over loopback: health,
// connections, a 1,000-record CSV upsert with deliberately bad records (every record gets
// exactly one result line, exit code 1 for "partial"), then get and query of what it wrote.
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "tests/cli/cli_runner.h"
#include "tests/cli/sandbox_suite.h"
#include "tests/testing/child_process.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing {
namespace {

constexpr int kRecords = 1000;
constexpr absl::string_view kJapaneseName = "山田, 花子";
constexpr absl::string_view kJapaneseEmail = "hanako.yamada@example.jp";

class LeadctlE2eTest : public SandboxSuite {
 protected:
  // leadctl with --addr and --plaintext for the gateway, then `args` (shell words). The
  // bound is generous: a saturated 2-core machine runs the whole upsert within it.
  static ShellResult Leadctl(const std::string& args) {
    auto result = RunShell(absl::StrCat(LeadctlPath(), " --addr=127.0.0.1:",
                                        gateway_->grpc_port(), " --plaintext --timeout=60s ",
                                        args),
                           absl::Seconds(240));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : ShellResult{};
  }

};


TEST_F(LeadctlE2eTest, HealthAndConnections) {
  ShellResult health = Leadctl("health");
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_EQ(health.out, "SERVING\n");

  ShellResult connections = Leadctl("connections");
  EXPECT_EQ(connections.exit_code, 0) << connections.err;
  EXPECT_TRUE(absl::StartsWith(connections.out, "NAME")) << connections.out;
  EXPECT_TRUE(absl::StrContains(connections.out, "marketo-sandbox")) << connections.out;
  EXPECT_TRUE(absl::StrContains(connections.out, "hotprofile-sandbox")) << connections.out;

  ShellResult json = Leadctl("--output=json connections");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(absl::StrContains(json.out, R"("name":"marketo-sandbox")")) << json.out;
}

TEST_F(LeadctlE2eTest, UsageAndRpcFailuresHaveTheirExitCodes) {
  EXPECT_EQ(Leadctl("--connection=marketo-sandbox upsert").exit_code, 2);  // no --file
  EXPECT_EQ(Leadctl("--cert_file=c.pem connections").exit_code, 2);  // contradicts plaintext
  ShellResult unknown = Leadctl("--connection=no-such-connection get 318581");
  EXPECT_EQ(unknown.exit_code, 15) << unknown.err;  // 10 + NOT_FOUND (5)
}

// Records, by their line in the file, that must not be written, and why.
struct BadRecord {
  std::string csv_row;
  std::string reason_fragment;
};

TEST_F(LeadctlE2eTest, UpsertsACsvWithBadRecordsThenGetsAndQueriesWhatItWrote) {
  // Line 1 is the header; record k (1-based) is on line k + 1.
  const std::map<int, BadRecord> bad = {
      {11, {"not-an-email,Bad,Email,,", "email"}},
      {222, {"unknown.field@example.com,Un,Known,,surprise", "noSuchField"}},
      {500, {"too,few", "fields"}},
      {777, {"quote@example.com,Bare\"Quote,X,,", "quote"}},
  };
  constexpr int kJapaneseLine = 400;
  const std::string dir = MakeTempDir();
  const std::string input = absl::StrCat(dir, "/leads.csv");
  const std::string results = absl::StrCat(dir, "/results.jsonl");
  {
    std::ofstream csv(input, std::ios::binary);
    csv << "email,first_name,last_name,company,noSuchField\r\n";
    for (int line = 2; line <= kRecords + 1; ++line) {
      if (auto it = bad.find(line); it != bad.end()) {
        csv << it->second.csv_row << "\r\n";
      } else if (line == kJapaneseLine) {
        csv << kJapaneseEmail << ",花子,\"" << kJapaneseName << "\",\"株式会社テスト, 大阪\",\r\n";
      } else {
        csv << "leadctl.bulk." << line << "@example.com,Bulk,Lead " << line << ",Acme,\r\n";
      }
    }
  }

  ShellResult upsert = Leadctl(absl::StrCat("--connection=marketo-sandbox upsert --file=", input,
                                            " --batch_size=300 --results=", results));
  EXPECT_EQ(upsert.exit_code, 1) << upsert.err;  // partial
  // stderr is no terminal here: one summary line, no progress bar.
  EXPECT_EQ(upsert.err, absl::StrCat(kRecords, " records: ", kRecords - bad.size(),
                                     " written, ", bad.size(), " not written\n"));

  const std::vector<std::string> lines =
      absl::StrSplit(ReadWholeFile(results), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), static_cast<size_t>(kRecords));
  std::string japanese_id;
  for (size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    rapidjson::Document result;
    result.Parse(lines[i].c_str());
    ASSERT_FALSE(result.HasParseError());
    ASSERT_TRUE(result.IsObject() && result.HasMember("line") && result["line"].IsInt() &&
                result.HasMember("status") && result["status"].IsString());
    const int line = result["line"].GetInt();
    EXPECT_EQ(line, static_cast<int>(i) + 2);  // one result per record, in input order
    const std::string status = result["status"].GetString();
    const std::string reason =
        result.HasMember("reason") && result["reason"].IsString() ? result["reason"].GetString() : "";
    const std::string id =
        result.HasMember("id") && result["id"].IsString() ? result["id"].GetString() : "";
    if (auto it = bad.find(line); it != bad.end()) {
      EXPECT_NE(status, "created");
      EXPECT_NE(status, "updated");
      EXPECT_TRUE(absl::StrContains(reason, it->second.reason_fragment)) << reason;
    } else {
      EXPECT_TRUE(status == "created" || status == "updated") << status;
      EXPECT_FALSE(id.empty());
      EXPECT_TRUE(reason.empty());
    }
    if (line == kJapaneseLine) japanese_id = id;
  }
  ASSERT_FALSE(japanese_id.empty());

  ShellResult got =
      Leadctl(absl::StrCat("--connection=marketo-sandbox --output=json get ", japanese_id));
  EXPECT_EQ(got.exit_code, 0) << got.err;
  EXPECT_TRUE(absl::StrContains(got.out, absl::StrCat(R"("id":")", japanese_id, "\""))) << got.out;
  EXPECT_TRUE(absl::StrContains(got.out, absl::StrCat(R"("email":")", kJapaneseEmail, "\"")))
      << got.out;
  EXPECT_TRUE(absl::StrContains(got.out, absl::StrCat(R"("last_name":")", kJapaneseName, "\"")))
      << got.out;

  ShellResult queried = Leadctl(absl::StrCat(
      "--connection=marketo-sandbox query --filter_type=email ", kJapaneseEmail,
      " leadctl.bulk.2@example.com"));
  EXPECT_EQ(queried.exit_code, 0) << queried.err;
  EXPECT_TRUE(absl::StartsWith(queried.out, "ID")) << queried.out;
  EXPECT_TRUE(absl::StrContains(queried.out, japanese_id)) << queried.out;
  EXPECT_TRUE(absl::StrContains(queried.out, "leadctl.bulk.2@example.com")) << queried.out;
}

// The bearer token reaches the gateway's access policy from --token or $LEADCTL_TOKEN, and
// never appears in what leadctl prints.
TEST(LeadctlAccessE2eTest, TokenFromFlagOrEnvironmentIsSentAndNeverPrinted) {
  constexpr absl::string_view kToken = "leadctl-e2e-token-4b1d";
  GatewayProcessOptions options;
  options.extra_args = {"--sandbox"};
  // `printf %s leadctl-e2e-token-4b1d | sha256sum`
  options.config = R"json({"access": {"callers": [
    {"name": "cli",
     "tokenSha256": ["fd50cfe79fe38df304d8a0dd3c62f74fe6e99b7ec294b9f10b449f2716ce30b9"],
     "grants": [{"connections": ["*"], "operations": ["read"]}]}]}})json";
  auto gateway = GatewayProcess::Start(options);
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  auto run = [&](const std::string& prefix, const std::string& args) {
    auto result = RunShell(absl::StrCat(prefix, LeadctlPath(), " --addr=127.0.0.1:",
                                        (*gateway)->grpc_port(), " --plaintext --timeout=60s ",
                                        args),
                           absl::Seconds(240));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : ShellResult{};
  };
  ShellResult with_flag = run("", absl::StrCat("--token=", kToken, " connections"));
  EXPECT_EQ(with_flag.exit_code, 0) << with_flag.err;
  EXPECT_TRUE(absl::StrContains(with_flag.out, "marketo-sandbox")) << with_flag.out;
  ShellResult with_env = run(absl::StrCat("LEADCTL_TOKEN=", kToken, " "), "connections");
  EXPECT_EQ(with_env.exit_code, 0) << with_env.err;

  ShellResult without = run("", "connections");
  EXPECT_EQ(without.exit_code, 26) << without.err;  // 10 + UNAUTHENTICATED (16)
  ShellResult wrong = run("", "--token=not-the-token connections");
  EXPECT_EQ(wrong.exit_code, 26) << wrong.err;
  ShellResult denied = run(absl::StrCat("LEADCTL_TOKEN=", kToken, " "),
                           "--connection=marketo-sandbox delete 318581");
  EXPECT_EQ(denied.exit_code, 17) << denied.err;  // 10 + PERMISSION_DENIED (7): read only
  for (const ShellResult* result : {&with_flag, &with_env, &without, &wrong, &denied}) {
    EXPECT_FALSE(absl::StrContains(result->out + result->err, kToken));
    EXPECT_FALSE(absl::StrContains(result->out + result->err, "not-the-token"));
  }
}

}  // namespace
}  // namespace leadgw::testing
