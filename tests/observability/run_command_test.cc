#include "tests/observability/run_command.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::testing::observability {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Contains;
using ::testing::Not;

TEST(RunCommandTest, FeedsStdinAndReturnsOutputAndExitCode) {
  auto echoed = RunCommand({"/bin/cat"}, "line one\nline two\n", absl::Seconds(10));
  ASSERT_THAT(echoed, IsOk());
  EXPECT_EQ(echoed->exit_code, 0);
  EXPECT_EQ(echoed->output, "line one\nline two\n");

  auto failed = RunCommand({"/bin/sh", "-c", "echo oops >&2; exit 3"}, "", absl::Seconds(10));
  ASSERT_THAT(failed, IsOk());
  EXPECT_EQ(failed->exit_code, 3);
  EXPECT_EQ(failed->output, "oops\n");
}

TEST(RunCommandTest, MissingBinaryAndTimeout) {
  EXPECT_THAT(RunCommand({"/nonexistent/promtool"}, "", absl::Seconds(1)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(RunCommand({"/bin/sleep", "10"}, "", absl::Milliseconds(100)),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST(ListeningAddressesTest, FindsThisProcesssListener) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string expected = absl::StrCat("127.0.0.1:", ntohs(address.sin_port));

  auto before = ListeningAddresses(::getpid());
  ASSERT_THAT(before, IsOk());
  EXPECT_THAT(*before, Not(Contains(expected)));  // bound, not listening yet
  ASSERT_EQ(::listen(fd, 1), 0);
  auto after = ListeningAddresses(::getpid());
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT(*after, Contains(expected));
  ::close(fd);
}

TEST(IsLoopbackTest, LoopbackForms) {
  EXPECT_TRUE(IsLoopback("127.0.0.1:9090"));
  EXPECT_TRUE(IsLoopback("[::1]:9090"));
  EXPECT_TRUE(IsLoopback("[::ffff:127.0.0.1]:9090"));
  EXPECT_FALSE(IsLoopback("0.0.0.0:9090"));
  EXPECT_FALSE(IsLoopback("[::]:9090"));
  EXPECT_FALSE(IsLoopback("10.1.2.3:9090"));
}

TEST(PickFreeLoopbackPortTest, ReturnsAPort) { EXPECT_GT(PickFreeLoopbackPort(), 0); }

}  // namespace
}  // namespace leadgw::testing::observability
