#include "common/log.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(LogTest, FormatsOneJsonObjectPerLine) {
  std::string line = FormatLogLine(LogLevel::kWarning, "upstream \"slow\"\n",
                                   {{"connection", "hp"}, {"latency_ms", "12"}});
  EXPECT_THAT(line, StartsWith("{\"time\":\""));
  EXPECT_THAT(line, HasSubstr("\"level\":\"warning\""));
  EXPECT_THAT(line, HasSubstr("\"message\":\"upstream \\\"slow\\\"\\n\""));
  EXPECT_THAT(line, HasSubstr("\"connection\":\"hp\",\"latency_ms\":\"12\""));
  EXPECT_THAT(line, EndsWith("}\n"));
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
}

TEST(LogTest, EscapesControlCharacters) {
  std::string line = FormatLogLine(LogLevel::kInfo, std::string("a\x01z"), {});
  EXPECT_THAT(line, HasSubstr("a\\u0001z"));
}

TEST(LogTest, ParsesLevels) {
  LogLevel level = LogLevel::kInfo;
  EXPECT_TRUE(ParseLogLevel("debug", &level));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_TRUE(ParseLogLevel("error", &level));
  EXPECT_EQ(level, LogLevel::kError);
  EXPECT_FALSE(ParseLogLevel("loud", &level));
}

}  // namespace
}  // namespace leadgw
