#include "emulators/common/fault_controls.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::common {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Not;

TEST(FaultControlsTest, DefaultsInjectNothing) {
  FaultControls faults;
  for (int i = 0; i < 100; ++i) {
    FaultDecision d = faults.Decide();
    EXPECT_FALSE(d.drop);
    EXPECT_FALSE(d.down);
    EXPECT_TRUE(d.error_code.empty());
    EXPECT_EQ(d.latency, absl::ZeroDuration());
  }
  EXPECT_FALSE(faults.ConsumeTokenExpiry());
}

TEST(FaultControlsTest, ApplyJsonSetsEveryKnobAndKeepsAbsentOnes) {
  FaultControls faults;
  ASSERT_THAT(faults.ApplyJson(R"({"latency_ms": 250, "error_rates": {"604": 0.1, "500": 0.05},
                                 "drop_rate": 0.02, "down": true, "expire_tokens": true})"),
              IsOk());
  FaultConfig c = faults.Get();
  EXPECT_EQ(c.latency, absl::Milliseconds(250));
  EXPECT_DOUBLE_EQ(c.error_rates["604"], 0.1);
  EXPECT_DOUBLE_EQ(c.error_rates["500"], 0.05);
  EXPECT_DOUBLE_EQ(c.drop_rate, 0.02);
  EXPECT_TRUE(c.down);
  EXPECT_TRUE(c.expire_tokens);

  ASSERT_THAT(faults.ApplyJson(R"({"down": false})"), IsOk());
  c = faults.Get();
  EXPECT_FALSE(c.down);
  EXPECT_EQ(c.latency, absl::Milliseconds(250));
  EXPECT_EQ(c.error_rates.size(), 2u);

  ASSERT_THAT(faults.ApplyJson(R"({"error_rates": {}})"), IsOk());
  EXPECT_TRUE(faults.Get().error_rates.empty());
  EXPECT_EQ(faults.ToJson(),
            R"({"latency_ms":250.0,"error_rates":{},"drop_rate":0.02,"stall_rate":0.0,)"
            R"("stall_ms":5000.0,"down":false,"expire_tokens":true})");
}

TEST(FaultControlsTest, ApplyJsonRejectsBadInputWithoutChanging) {
  FaultControls faults;
  const std::vector<std::string> bad = {
      "not json",
      R"(["down"])",
      R"({"down": "yes"})",
      R"({"latency_ms": -5})",
      R"({"drop_rate": 1.5})",
      R"({"error_rates": {"604": 0.7, "500": 0.6}})",
      R"({"error_rates": {"604": "x"}})",
      R"({"error_rates": [1]})",
      R"({"seed": -1})",
      R"({"down": true, "surprise": 1})",
  };
  for (const std::string& json : bad) {
    EXPECT_THAT(faults.ApplyJson(json), StatusIs(absl::StatusCode::kInvalidArgument)) << json;
  }
  EXPECT_FALSE(faults.Get().down);
}

TEST(FaultControlsTest, SeededDecisionsAreReproducibleAndRoughlyCalibrated) {
  FaultControls a;
  FaultControls b;
  ASSERT_THAT(a.ApplyJson(R"({"error_rates": {"604": 0.25, "500": 0.25}, "seed": 7})"), IsOk());
  ASSERT_THAT(b.ApplyJson(R"({"error_rates": {"604": 0.25, "500": 0.25}, "seed": 7})"), IsOk());
  int n604 = 0, n500 = 0, none = 0;
  for (int i = 0; i < 4000; ++i) {
    FaultDecision da = a.Decide();
    FaultDecision db = b.Decide();
    ASSERT_EQ(da.error_code, db.error_code);
    if (da.error_code == "604") ++n604;
    else if (da.error_code == "500") ++n500;
    else ++none;
  }
  EXPECT_NEAR(n604, 1000, 150);
  EXPECT_NEAR(n500, 1000, 150);
  EXPECT_NEAR(none, 2000, 200);
}

TEST(FaultControlsTest, DropAndCertainErrorAndDown) {
  FaultControls faults;
  FaultConfig config;
  config.drop_rate = 1.0;
  config.down = true;
  config.latency = absl::Milliseconds(3);
  ASSERT_THAT(faults.Set(config), IsOk());
  FaultDecision d = faults.Decide();
  EXPECT_TRUE(d.drop);
  EXPECT_TRUE(d.down);
  EXPECT_EQ(d.latency, absl::Milliseconds(3));

  config = FaultConfig();
  config.error_rates["606"] = 1.0;
  ASSERT_THAT(faults.Set(config), IsOk());
  EXPECT_EQ(faults.Decide().error_code, "606");

  config.error_rates["606"] = 2.0;
  EXPECT_THAT(faults.Set(config), Not(IsOk()));
  faults.Reset();
  EXPECT_TRUE(faults.Get().error_rates.empty());
}

TEST(FaultControlsTest, StallsAFractionOfRequests) {
  FaultControls faults;
  ASSERT_THAT(faults.ApplyJson(R"({"latency_ms": 1, "stall_rate": 0.25, "stall_ms": 500,
                                   "seed": 7})"),
              IsOk());
  EXPECT_EQ(faults.Get().stall, absl::Milliseconds(500));
  int stalled = 0;
  for (int i = 0; i < 4000; ++i) {
    const FaultDecision decision = faults.Decide();
    if (decision.latency == absl::Milliseconds(501)) {
      ++stalled;
    } else {
      EXPECT_EQ(decision.latency, absl::Milliseconds(1));
    }
  }
  EXPECT_NEAR(stalled, 1000, 150);
  EXPECT_THAT(faults.ApplyJson(R"({"stall_rate": 2})"), Not(IsOk()));
  EXPECT_THAT(faults.ApplyJson(R"({"stall_ms": -1})"), Not(IsOk()));
}

TEST(FaultControlsTest, TokenExpiryIsOneShot) {
  FaultControls faults;
  ASSERT_THAT(faults.ApplyJson(R"({"expire_tokens": true})"), IsOk());
  EXPECT_TRUE(faults.ConsumeTokenExpiry());
  EXPECT_FALSE(faults.ConsumeTokenExpiry());
  EXPECT_FALSE(faults.Get().expire_tokens);
}

}  // namespace
}  // namespace leadgw::emulators::common
