#include "common/secret_source.h"

#include <string>

#include "common/fake_secret_readers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw {
namespace {

using ::leadgateway::config::v1::SecretSource;
using ::testing::HasSubstr;
using ::testing::Not;

SecretSource Env(const std::string& name) {
  SecretSource source;
  source.set_env(name);
  return source;
}

SecretSource File(const std::string& path) {
  SecretSource source;
  source.set_file(path);
  return source;
}

SecretReaders Readers() {
  return FakeSecretReaders({{"SET", "env-secret"}, {"EMPTY", ""}},
                           {{"/run/s", "  file-secret\n"}, {"/run/blank", " \n"}});
}

TEST(SecretSourceTest, ReadsEnvironmentVariables) {
  absl::StatusOr<Secret> secret = ResolveSecret(true, Env("SET"), Readers(), "k");
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(secret->expose(), "env-secret");
}

TEST(SecretSourceTest, ReadsAndTrimsFiles) {
  absl::StatusOr<Secret> secret = ResolveSecret(true, File("/run/s"), Readers(), "k");
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(secret->expose(), "file-secret");
}

TEST(SecretSourceTest, ErrorsNameTheKeyAndHideTheSecret) {
  struct Case {
    bool present;
    SecretSource source;
    const char* message;
  };
  for (const Case& c : {
           Case{false, SecretSource(), "a.b: required: set `env` or `file`"},
           Case{true, SecretSource(), "a.b: required: set `env` or `file`"},
           Case{true, Env(""), "a.b.env: must not be empty"},
           Case{true, Env("UNSET"), "a.b.env: environment variable UNSET is not set"},
           Case{true, Env("EMPTY"), "a.b.env: environment variable EMPTY is not set"},
           Case{true, File("/nope"), "a.b.file: cannot read /nope"},
           Case{true, File("/run/blank"), "a.b.file: /run/blank is empty"},
       }) {
    absl::StatusOr<Secret> secret = ResolveSecret(c.present, c.source, Readers(), "a.b");
    ASSERT_FALSE(secret.ok()) << c.message;
    EXPECT_EQ(secret.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(std::string(secret.status().message()), HasSubstr(c.message));
    EXPECT_THAT(std::string(secret.status().message()), Not(HasSubstr("secret")));
  }
}

TEST(SecretSourceTest, ReadFileReportsMissingFile) {
  absl::StatusOr<std::string> contents = ReadFile("/nonexistent/secret");
  EXPECT_EQ(contents.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(contents.status().message()), HasSubstr("/nonexistent/secret"));
}

}  // namespace
}  // namespace leadgw
