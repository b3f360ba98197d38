#include "emulators/common/concurrency_gauge.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::emulators::common {
namespace {

TEST(ConcurrencyGaugeTest, RefusesBeyondCeilingAndReleasesOnDestruction) {
  ConcurrencyGauge gauge(2);
  {
    auto a = gauge.TryEnter();
    auto b = gauge.TryEnter();
    auto c = gauge.TryEnter();
    EXPECT_TRUE(a.admitted());
    EXPECT_TRUE(b.admitted());
    EXPECT_FALSE(c.admitted());
    EXPECT_EQ(gauge.in_flight(), 2);
  }
  EXPECT_EQ(gauge.in_flight(), 0);
  EXPECT_EQ(gauge.peak(), 2);
  EXPECT_TRUE(gauge.TryEnter().admitted());
}

TEST(ConcurrencyGaugeTest, MovedTicketReleasesOnce) {
  ConcurrencyGauge gauge(1);
  std::vector<ConcurrencyGauge::Ticket> held;
  held.push_back(gauge.TryEnter());
  ConcurrencyGauge::Ticket moved = std::move(held.back());
  held.clear();
  EXPECT_EQ(gauge.in_flight(), 1);
  EXPECT_FALSE(gauge.TryEnter().admitted());
  moved = ConcurrencyGauge::Ticket();
  EXPECT_EQ(gauge.in_flight(), 0);
}

TEST(ConcurrencyGaugeTest, ZeroCeilingDisablesAndResetPeak) {
  ConcurrencyGauge gauge(0);
  std::vector<ConcurrencyGauge::Ticket> held;
  for (int i = 0; i < 50; ++i) held.push_back(gauge.TryEnter());
  EXPECT_EQ(gauge.in_flight(), 50);
  held.clear();
  EXPECT_EQ(gauge.peak(), 50);
  gauge.ResetPeak();
  EXPECT_EQ(gauge.peak(), 0);
  gauge.set_max_in_flight(1);
  auto t = gauge.TryEnter();
  EXPECT_FALSE(gauge.TryEnter().admitted());
}

}  // namespace
}  // namespace leadgw::emulators::common
