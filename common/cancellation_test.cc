#include "common/cancellation.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"

namespace leadgw {
namespace {

using std::chrono::milliseconds;

TEST(ThrottledPollTest, AsksAtOnceThenAtMostOncePerInterval) {
  int asked = 0;
  // An hour: no second question can come due during the test, however slow the machine.
  auto poll = ThrottledPoll([&asked] {
    ++asked;
    return false;
  }, std::chrono::hours(1));
  EXPECT_FALSE(poll());
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(poll());
  EXPECT_EQ(asked, 1);
}

TEST(ThrottledPollTest, AsksAgainOnceTheIntervalHasPassed) {
  std::atomic<bool> gone{false};
  int asked = 0;
  auto poll = ThrottledPoll(
      [&] {
        ++asked;
        return gone.load();
      },
      milliseconds(1));
  EXPECT_FALSE(poll());
  gone = true;
  // At least the interval later, the next question reaches the underlying poll.
  std::this_thread::sleep_for(milliseconds(5));
  EXPECT_TRUE(poll());
  EXPECT_EQ(asked, 2);
}

TEST(ThrottledPollTest, KeepsACancelledAnswerWithoutAskingAgain) {
  int asked = 0;
  auto poll = ThrottledPoll([&asked] {
    ++asked;
    return true;
  }, milliseconds(0));
  EXPECT_TRUE(poll());
  EXPECT_TRUE(poll());
  EXPECT_TRUE(poll());
  EXPECT_EQ(asked, 1);
}

TEST(ThrottledPollTest, CopiesShareOneThrottle) {
  int asked = 0;
  auto poll = ThrottledPoll([&asked] {
    ++asked;
    return false;
  }, std::chrono::hours(1));
  Cancellation first(poll);
  Cancellation second(poll);
  EXPECT_FALSE(first.cancelled());
  EXPECT_FALSE(second.cancelled());
  EXPECT_EQ(asked, 1);
}

}  // namespace
}  // namespace leadgw
