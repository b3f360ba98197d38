#include "emulators/marketo/daily_quota.h"

#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

TEST(DailyQuotaTest, ResetsAtMidnightCentralStandardTime) {
  // 05:59:00 UTC is 23:59 CST.
  absl::Time now = absl::FromCivil(absl::CivilSecond(2026, 3, 2, 5, 59, 0), absl::UTCTimeZone());
  DailyQuota quota(2, [&now] { return now; });
  EXPECT_TRUE(quota.TryConsume());
  EXPECT_TRUE(quota.TryConsume());
  EXPECT_FALSE(quota.TryConsume());
  EXPECT_EQ(quota.UsedToday(), 2);
  now += absl::Minutes(1);  // 00:00 CST
  EXPECT_EQ(quota.UsedToday(), 0);
  EXPECT_TRUE(quota.TryConsume());
  quota.Reset();
  EXPECT_EQ(quota.UsedToday(), 0);
}

TEST(DailyQuotaTest, ZeroDisables) {
  DailyQuota quota(0, [] { return absl::Now(); });
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(quota.TryConsume());
}

}  // namespace
}  // namespace leadgw::emulators::marketo
