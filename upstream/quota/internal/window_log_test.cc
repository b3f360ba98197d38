#include "upstream/quota/internal/window_log.h"

#include "gtest/gtest.h"

namespace leadgw::upstream::quota_internal {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

TEST(WindowLogTest, DisabledLimitAlwaysFree) {
  WindowLog log(0, absl::Seconds(10));
  log.Record(kT0);
  EXPECT_EQ(log.EarliestSlot(kT0, 0), kT0);
  EXPECT_EQ(log.EarliestSlot(kT0, 1000), kT0);
  EXPECT_EQ(log.CountAt(kT0), 0);
}

TEST(WindowLogTest, FullWindowFreesAtOldestPlusSpan) {
  WindowLog log(3, absl::Seconds(10));
  log.Record(kT0);
  log.Record(kT0 + absl::Seconds(1));
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(1), 0), kT0 + absl::Seconds(1));
  log.Record(kT0 + absl::Seconds(2));
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(2), 0), kT0 + absl::Seconds(10));
  // The interval is open on the left: at oldest + span the oldest no longer counts.
  EXPECT_EQ(log.CountAt(kT0 + absl::Seconds(10) - absl::Nanoseconds(1)), 3);
  EXPECT_EQ(log.CountAt(kT0 + absl::Seconds(10)), 2);
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(10), 0), kT0 + absl::Seconds(10));
}

TEST(WindowLogTest, EstimatesSlotsForCallsAhead) {
  WindowLog log(3, absl::Seconds(10));
  log.Record(kT0);
  log.Record(kT0 + absl::Seconds(1));
  log.Record(kT0 + absl::Seconds(2));
  const absl::Time now = kT0 + absl::Seconds(2);
  EXPECT_EQ(log.EarliestSlot(now, 0), kT0 + absl::Seconds(10));
  EXPECT_EQ(log.EarliestSlot(now, 1), kT0 + absl::Seconds(11));
  EXPECT_EQ(log.EarliestSlot(now, 2), kT0 + absl::Seconds(12));
  EXPECT_EQ(log.EarliestSlot(now, 3), kT0 + absl::Seconds(20));
  EXPECT_EQ(log.EarliestSlot(now, 5), kT0 + absl::Seconds(22));
  EXPECT_EQ(log.EarliestSlot(now, 6), kT0 + absl::Seconds(30));
}

// A call counts from admission to its end, and leaves the window `span` after its end:
// a slow answer delays the next slot, so no delay between our send and the upstream's
// count can squeeze two calls into one upstream window.
TEST(WindowLogTest, OpenCallsCountUntilSpanAfterTheyEnd) {
  WindowLog log(2, absl::Seconds(10));
  log.Open();
  log.Open();
  EXPECT_EQ(log.CountAt(kT0 + absl::Hours(1)), 2);
  EXPECT_EQ(log.OldestAt(kT0), kT0);
  // While a call is open the estimate takes it to end at the floor: a lower bound.
  EXPECT_EQ(log.EarliestSlot(kT0, 0), kT0 + absl::Seconds(10));
  log.Close(kT0 + absl::Seconds(3));
  EXPECT_EQ(log.open(), 1);
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(3), 0), kT0 + absl::Seconds(13));
  log.Close(kT0 + absl::Seconds(5));
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(5), 0), kT0 + absl::Seconds(13));
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(5), 1), kT0 + absl::Seconds(15));
  EXPECT_EQ(log.OldestAt(kT0 + absl::Seconds(5)), kT0 + absl::Seconds(3));
  EXPECT_EQ(log.CountAt(kT0 + absl::Seconds(13)), 1);
}

TEST(WindowLogTest, EstimatesWithFreeSlotsLeft) {
  WindowLog log(3, absl::Seconds(10));
  log.Record(kT0);
  // Two calls fit now; the third needs the logged one to age out; then the pattern
  // repeats one window later.
  EXPECT_EQ(log.EarliestSlot(kT0, 0), kT0);
  EXPECT_EQ(log.EarliestSlot(kT0, 1), kT0);
  EXPECT_EQ(log.EarliestSlot(kT0, 2), kT0 + absl::Seconds(10));
  EXPECT_EQ(log.EarliestSlot(kT0, 3), kT0 + absl::Seconds(10));
  EXPECT_EQ(log.EarliestSlot(kT0, 4), kT0 + absl::Seconds(10));
  EXPECT_EQ(log.EarliestSlot(kT0, 5), kT0 + absl::Seconds(20));
}

TEST(WindowLogTest, FloorDelaysEverySlot) {
  WindowLog log(2, absl::Seconds(10));
  log.Record(kT0);
  const absl::Time floor = kT0 + absl::Seconds(30);
  EXPECT_EQ(log.EarliestSlot(floor, 0), floor);
  EXPECT_EQ(log.EarliestSlot(floor, 1), floor);
  EXPECT_EQ(log.EarliestSlot(floor, 2), floor + absl::Seconds(10));
}

TEST(WindowLogTest, ClockSteppingBackIsLoggedAsNewest) {
  WindowLog log(2, absl::Seconds(10));
  log.Record(kT0 + absl::Seconds(5));
  log.Record(kT0);  // logged at kT0 + 5s
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(5), 0), kT0 + absl::Seconds(15));
  EXPECT_EQ(log.EarliestSlot(kT0 + absl::Seconds(5), 1), kT0 + absl::Seconds(15));
}

TEST(WindowLogTest, RingWrapsAndKeepsTheNewest) {
  WindowLog log(4, absl::Seconds(10));
  for (int i = 0; i < 11; ++i) log.Record(kT0 + absl::Seconds(i));  // newest four: 7..10
  const absl::Time now = kT0 + absl::Seconds(10);
  EXPECT_EQ(log.CountAt(now), 4);
  EXPECT_EQ(log.EarliestSlot(now, 0), kT0 + absl::Seconds(17));
  EXPECT_EQ(log.EarliestSlot(now, 3), kT0 + absl::Seconds(20));
  EXPECT_EQ(log.CountAt(kT0 + absl::Seconds(18)), 2);
}

// A lowered limit counts the newest `limit` calls only; raising it back uses the ring's
// older entries again, so nothing logged is lost.
TEST(WindowLogTest, LoweredLimitAdmitsFewerCallsPerSpan) {
  WindowLog log(4, absl::Seconds(10));
  log.Record(kT0);
  log.Record(kT0 + absl::Seconds(1));
  log.Record(kT0 + absl::Seconds(2));
  const absl::Time now = kT0 + absl::Seconds(2);
  EXPECT_EQ(log.EarliestSlot(now, 0), now);
  log.SetLimit(2);
  EXPECT_EQ(log.limit(), 2);
  EXPECT_EQ(log.EarliestSlot(now, 0), kT0 + absl::Seconds(11));
  EXPECT_EQ(log.EarliestSlot(now, 1), kT0 + absl::Seconds(12));
  EXPECT_EQ(log.EarliestSlot(now, 2), kT0 + absl::Seconds(21));
  log.SetLimit(0);  // clamped: at least one call per span
  EXPECT_EQ(log.limit(), 1);
  EXPECT_EQ(log.EarliestSlot(now, 0), kT0 + absl::Seconds(12));
  EXPECT_EQ(log.EarliestSlot(now, 1), kT0 + absl::Seconds(22));
  log.SetLimit(99);  // clamped to the capacity
  EXPECT_EQ(log.limit(), 4);
  EXPECT_EQ(log.EarliestSlot(now, 0), now);
  EXPECT_EQ(log.EarliestSlot(now, 1), kT0 + absl::Seconds(10));
}

}  // namespace
}  // namespace leadgw::upstream::quota_internal
