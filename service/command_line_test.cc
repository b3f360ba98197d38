#include "service/command_line.h"

#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "common/build_info.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, command_line_test_port, 7, "A port for the test.");
ABSL_FLAG(std::string, command_line_test_name, "gw", "A name for the test.");

namespace leadgw::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

constexpr char kThisFile[] = "service/command_line_test.cc";

// argv as main gets it (non-const chars).
class Argv {
 public:
  explicit Argv(std::vector<std::string> args) : args_(std::move(args)) {
    for (std::string& arg : args_) pointers_.push_back(arg.data());
  }
  int argc() { return static_cast<int>(pointers_.size()); }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<char*> pointers_;
};

TEST(CommandLineTest, UsageListsTheFlagsOfTheGivenFileWithTypesAndDefaults) {
  const std::string usage = UsageText("usage: gw [flags]", kThisFile);
  EXPECT_THAT(usage, HasSubstr("usage: gw [flags]\n"));
  EXPECT_THAT(usage, HasSubstr("--command_line_test_name (string, default \"gw\")\n"
                               "      A name for the test.\n"));
  EXPECT_THAT(usage, HasSubstr("--command_line_test_port (int, default 7)\n"));
  EXPECT_LT(usage.find("--command_line_test_name"), usage.find("--command_line_test_port"));
  EXPECT_THAT(usage, HasSubstr("--version"));
  // Not abseil's own flags.
  EXPECT_THAT(usage, Not(HasSubstr("--flagfile")));
}

TEST(CommandLineTest, VersionNamesTheReleaseAndTheRevision) {
  EXPECT_THAT(VersionText(), HasSubstr("lead-gateway "));
  EXPECT_THAT(VersionText(), HasSubstr(std::string(BuildRevision())));
  EXPECT_THAT(VersionText(), Not(HasSubstr("Debug build")));
}

TEST(CommandLineTest, HelpAndVersionAreRecognisedBeforeADoubleDash) {
  Argv help({"gw", "--command_line_test_port=3", "--help"});
  EXPECT_THAT(HelpOrVersionRequested(help.argc(), help.argv(), "usage", kThisFile),
              Optional(HasSubstr("--command_line_test_port")));
  Argv version({"gw", "-version"});
  EXPECT_THAT(HelpOrVersionRequested(version.argc(), version.argv(), "usage", kThisFile),
              Optional(VersionText()));
  Argv neither({"gw", "--command_line_test_port=3", "--", "--help"});
  EXPECT_EQ(HelpOrVersionRequested(neither.argc(), neither.argv(), "usage", kThisFile),
            std::nullopt);
}

}  // namespace
}  // namespace leadgw::service
