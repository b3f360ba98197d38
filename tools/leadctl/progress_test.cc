#include "tools/leadctl/progress.h"

#include <sstream>

#include "gtest/gtest.h"

namespace leadgw::leadctl {
namespace {

TEST(ProgressTest, BarOnlyOnATerminalSummaryAlways) {
  const ProgressCounts half{10, 5, 4};
  EXPECT_EQ(ProgressBar(half, 10), "[#####     ] 5/10");
  EXPECT_EQ(ProgressBar(ProgressCounts{}, 4), "[####] 0/0");

  std::ostringstream terminal;
  Progress bar(terminal, /*interactive=*/true);
  bar.Update(half);
  bar.Finish(ProgressCounts{10, 10, 8});
  EXPECT_NE(terminal.str().find("\r["), std::string::npos);
  EXPECT_NE(terminal.str().find("10 records: 8 written, 2 not written\n"), std::string::npos);

  std::ostringstream log;
  Progress quiet(log, /*interactive=*/false);
  quiet.Update(half);
  quiet.Finish(ProgressCounts{10, 10, 8});
  EXPECT_EQ(log.str(), "10 records: 8 written, 2 not written\n");
}

}  // namespace
}  // namespace leadgw::leadctl
