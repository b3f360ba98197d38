#include "tools/leadctl/args.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::leadctl {
namespace {

using grpc_call::IsUsageError;

absl::Status ParseStatus(const std::vector<std::string>& args) {
  return ParseArgs(args, "").status();
}

TEST(ArgsTest, UpsertWithFlagsBeforeAndAfterTheCommand) {
  auto invocation = ParseArgs({"--addr=127.0.0.1:1", "--plaintext", "--connection",
                               "marketo-sandbox", "upsert", "--file=leads.csv",
                               "--batch_size=50", "--results", "out.jsonl", "--output=json"},
                              "");
  ASSERT_TRUE(invocation.ok()) << invocation.status();
  EXPECT_EQ(invocation->command, Command::kUpsert);
  EXPECT_EQ(invocation->connection.address, "127.0.0.1:1");
  EXPECT_TRUE(invocation->connection.plaintext);
  EXPECT_EQ(invocation->connection_name, "marketo-sandbox");
  EXPECT_EQ(invocation->file, "leads.csv");
  EXPECT_EQ(invocation->batch_size, 50);
  EXPECT_EQ(invocation->results_file, "out.jsonl");
  EXPECT_EQ(invocation->output, OutputFormat::kJson);
}

TEST(ArgsTest, DefaultsOperandsAndFieldLists) {
  auto query = ParseArgs({"--connection=c", "query", "--filter_type=email", "a@x.com",
                          "b@x.com", "--fields=email,last_name"},
                         "");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->connection.address, "localhost:50051");
  EXPECT_EQ(query->output, OutputFormat::kTable);
  EXPECT_EQ(query->batch_size, 300);
  EXPECT_EQ(query->operands, (std::vector<std::string>{"a@x.com", "b@x.com"}));
  EXPECT_EQ(query->fields, (std::vector<std::string>{"email", "last_name"}));

  auto jobs = ParseArgs({"jobs", "get", "job-1"}, "");
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_EQ(jobs->command, Command::kJobs);
  EXPECT_TRUE(ParseArgs({"connections"}, "").ok());
  EXPECT_TRUE(ParseArgs({"health"}, "").ok());
  EXPECT_EQ(ParseArgs({"--help"}, "")->command, Command::kHelp);
}

TEST(ArgsTest, TokenFromEnvironmentUnlessGiven) {
  auto from_env = ParseArgs({"connections"}, "env-token");
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->connection.token, "env-token");
  auto from_flag = ParseArgs({"--token=flag-token", "connections"}, "env-token");
  ASSERT_TRUE(from_flag.ok());
  EXPECT_EQ(from_flag->connection.token, "flag-token");
}

TEST(ArgsTest, UsageErrors) {
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"frobnicate"},
      {"--verbose", "connections"},
      {"get", "1"},                                       // no --connection
      {"--connection=c", "get"},                          // no id
      {"--connection=c", "query", "a@x.com"},             // no --filter_type
      {"--connection=c", "upsert"},                       // no --file
      {"--connection=c", "upsert", "--file=f.csv", "--batch_size=0"},
      {"--connection=c", "upsert", "--file=f.csv", "--batch_size=301"},
      {"--connection=c", "members"},                      // no list or program
      {"--connection=c", "members", "--list_id=1", "--program_id=2"},
      {"jobs"},
      {"jobs", "get"},
      {"jobs", "list", "extra"},
      {"--output=xml", "connections"},
      {"--cert_file=c.pem", "connections"},               // certificate without key
      {"--key_file=k.pem", "connections"},                // key without certificate
      {"--plaintext", "--ca_file=ca.pem", "connections"},
      {"--timeout", "connections"},                       // "connections" is no duration
  };
  for (const auto& args : bad) {
    absl::Status status = ParseStatus(args);
    EXPECT_TRUE(IsUsageError(status)) << (args.empty() ? "" : args.back()) << ": " << status;
  }
}

TEST(ArgsTest, UsageTextDocumentsExitCodes) {
  const std::string text = UsageText();
  for (const char* promised : {"0     success", "1     some records", "2     usage",
                               "10+N", "--ca_file", "LEADCTL_TOKEN"}) {
    EXPECT_NE(text.find(promised), std::string::npos) << promised;
  }
}

}  // namespace
}  // namespace leadgw::leadctl
