#include "tools/grpc_call/channel.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::grpc_call {
namespace {

// Parses every argument as a connection flag, as the tools' parsers do.
absl::StatusOr<ConnectionOptions> Parse(const std::vector<std::string>& args) {
  ConnectionOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::StatusOr<bool> consumed = ParseConnectionFlag(args, i, options);
    if (!consumed.ok()) return consumed.status();
    if (!*consumed) return absl::InternalError(args[i]);
  }
  return options;
}

TEST(ChannelTest, ParsesEveryConnectionFlagInBothForms) {
  auto options = Parse({"--addr=gw:443", "--ca_file", "ca.pem", "--cert_file=c.pem",
                        "--key_file=k.pem", "--server_name=gw.internal", "--token=secret",
                        "--timeout=5s"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->address, "gw:443");
  EXPECT_FALSE(options->plaintext);
  EXPECT_EQ(options->ca_file, "ca.pem");
  EXPECT_EQ(options->cert_file, "c.pem");
  EXPECT_EQ(options->key_file, "k.pem");
  EXPECT_EQ(options->server_name, "gw.internal");
  EXPECT_EQ(options->token, "secret");
  EXPECT_EQ(options->timeout, absl::Seconds(5));
  EXPECT_TRUE(CheckConnectionOptions(*options).ok());
}

TEST(ChannelTest, OtherArgumentsAreNotConsumed) {
  ConnectionOptions options;
  std::vector<std::string> args = {"--output=json"};
  size_t index = 0;
  auto consumed = ParseConnectionFlag(args, index, options);
  ASSERT_TRUE(consumed.ok());
  EXPECT_FALSE(*consumed);
  EXPECT_EQ(index, 0u);
}

TEST(ChannelTest, MissingOrBadValuesAreUsageErrors) {
  EXPECT_TRUE(IsUsageError(Parse({"--ca_file"}).status()));
  EXPECT_TRUE(IsUsageError(Parse({"--timeout=soon"}).status()));
  EXPECT_TRUE(IsUsageError(Parse({"--timeout=-1s"}).status()));
}

TEST(ChannelTest, ContradictoryCombinationsAreUsageErrors) {
  const std::vector<std::vector<std::string>> bad = {
      {"--cert_file=c.pem"},                        // certificate without its key
      {"--key_file=k.pem"},                         // key without its certificate
      {"--plaintext", "--ca_file=ca.pem"},          // TLS file without TLS
      {"--plaintext", "--server_name=gw"},          // name override without TLS
      {"--plaintext", "--addr=gw.example.com:50051", "--token=t"},  // token in clear text
      {"--addr="},
  };
  for (const auto& args : bad) {
    auto options = Parse(args);
    ASSERT_TRUE(options.ok()) << options.status();
    absl::Status checked = CheckConnectionOptions(*options);
    EXPECT_TRUE(IsUsageError(checked)) << args.back() << ": " << checked;
    EXPECT_TRUE(IsUsageError(OpenChannel(*options).status())) << args.back();
  }
}

TEST(ChannelTest, TokenErrorsNeverEchoTheToken) {
  auto options = Parse({"--plaintext", "--addr=gw.example.com:1", "--token=s3cr3t-value"});
  ASSERT_TRUE(options.ok());
  absl::Status checked = CheckConnectionOptions(*options);
  EXPECT_EQ(std::string(checked.message()).find("s3cr3t"), std::string::npos);
}

TEST(ChannelTest, PlaintextTokenToLoopbackAndUnreadableFiles) {
  auto loopback = Parse({"--plaintext", "--addr=127.0.0.1:1", "--token=t"});
  ASSERT_TRUE(loopback.ok());
  EXPECT_TRUE(OpenChannel(*loopback).ok());
  auto missing = Parse({"--ca_file=/nonexistent/ca.pem"});
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(IsUsageError(OpenChannel(*missing).status()));
}

}  // namespace
}  // namespace leadgw::grpc_call
