#include "common/config_values.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw {
namespace {

using ::testing::HasSubstr;

TEST(ConfigValuesTest, KeyErrorNamesTheKey) {
  absl::Status status = ConfigKeyError("connections[0].name", "required");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "connections[0].name: required");
}

TEST(ConfigValuesTest, UrlLosesTrailingSlashes) {
  absl::StatusOr<std::string> url = ResolveConfigUrl("https://x.example.com//", "k");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(*url, "https://x.example.com");
  EXPECT_EQ(*ResolveConfigUrl("http://127.0.0.1:8080", "k"), "http://127.0.0.1:8080");
}

TEST(ConfigValuesTest, BadUrlsNameTheKeyAndTheProblem) {
  struct Case {
    const char* url;
    const char* problem;
  };
  for (const Case& c : {Case{"ftp://x", "must start with http:// or https://"},
                        Case{"https://x.com/?api_key=s3cret", "query string"},
                        Case{"https://x.com/#top", "fragment"},
                        Case{"https://user:pw@x.com", "must not contain credentials"},
                        Case{"https:///", "has no host"}}) {
    absl::StatusOr<std::string> url = ResolveConfigUrl(c.url, "connections[2].base_url");
    ASSERT_FALSE(url.ok()) << c.url;
    EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument) << c.url;
    EXPECT_THAT(std::string(url.status().message()), HasSubstr("connections[2].base_url: "));
    EXPECT_THAT(std::string(url.status().message()), HasSubstr(c.problem)) << c.url;
    EXPECT_THAT(std::string(url.status().message()), ::testing::Not(HasSubstr("s3cret")));
  }
}

google::protobuf::Duration ProtoSeconds(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Duration d;
  d.set_seconds(seconds);
  d.set_nanos(nanos);
  return d;
}

TEST(PositiveDurationTest, KeepsTheFallbackWhenUnsetAndChecksTheRangeWhenSet) {
  const absl::Duration fallback = absl::Minutes(5);
  EXPECT_EQ(*PositiveDuration(false, ProtoSeconds(0), fallback, absl::Hours(1), "k"), fallback);
  EXPECT_EQ(*PositiveDuration(true, ProtoSeconds(1, 500000000), fallback, absl::Hours(1), "k"),
            absl::Milliseconds(1500));
  EXPECT_EQ(*PositiveDuration(true, ProtoSeconds(3600), fallback, absl::Hours(1), "k"),
            absl::Hours(1));
  EXPECT_EQ(PositiveDuration(true, ProtoSeconds(0), fallback, absl::Hours(1), "server.x")
                .status()
                .message(),
            "server.x: must be positive");
  EXPECT_EQ(PositiveDuration(true, ProtoSeconds(3601), fallback, absl::Hours(1), "server.x")
                .status()
                .message(),
            "server.x: must be at most 1h");
}

}  // namespace
}  // namespace leadgw
