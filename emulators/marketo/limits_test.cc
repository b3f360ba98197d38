// Rate limit (606), concurrency (615), daily quota (607), the duplicate race, fault
// injection and admin routes over loopback.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "emulators/marketo/testing_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::marketo {
namespace {

using ::leadgw::testing_util::FakeClock;
using ::leadgw::testing_util::IsOk;
using testing::EmulatorHarness;
using testing::JsonAnswer;

constexpr char kLead[] = "/rest/v1/lead/318581.json";
const absl::Time kNewYear2026 = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z

TEST(MarketoLimitsTest, RateLimit606WithinRollingWindow) {
  FakeClock clock(kNewYear2026);
  MarketoEmulatorOptions options;
  options.now = [&clock] { return clock.Now(); };
  EmulatorHarness h(options);
  h.FetchToken();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(h.Get(kLead).Success()) << i;
    if (i % 10 == 9) clock.Advance(absl::Seconds(1));  // 100 calls spread over 10 s
  }
  JsonAnswer limited = h.Get(kLead);
  EXPECT_EQ(limited.ErrorCode(), "606");
  EXPECT_NE(limited.body.find("Max rate limit '100' exceeded with in '20' secs"), std::string::npos);
  // The first ten calls (t=0) leave the window at t=20.
  clock.Advance(absl::Seconds(10));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(h.Get(kLead).Success()) << i;
  EXPECT_EQ(h.Get(kLead).ErrorCode(), "606");
  EXPECT_EQ(h.emulator().counters().Outcomes("get_lead_by_id", "606"), 2);
  EXPECT_EQ(h.emulator().counters().Requests("get_lead_by_id"), 112);
}

TEST(MarketoLimitsTest, TokenErrorsDoNotConsumeRate) {
  MarketoEmulatorOptions options;
  options.rate_limit_calls = 3;
  EmulatorHarness h(options);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(h.GetAnonymous(kLead).ErrorCode(), "601");
  h.FetchToken();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(h.Get(kLead).Success());
  EXPECT_EQ(h.Get(kLead).ErrorCode(), "606");
}

TEST(MarketoLimitsTest, DailyQuota607ResetsAtMidnightCst) {
  FakeClock clock(kNewYear2026);  // 2025-12-31 18:00 CST
  MarketoEmulatorOptions options;
  options.now = [&clock] { return clock.Now(); };
  options.daily_quota = 5;
  options.token_lifetime = absl::Hours(48);
  EmulatorHarness h(options);
  h.FetchToken();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(h.Get(kLead).Success());
  JsonAnswer a = h.Get(kLead);
  EXPECT_EQ(a.ErrorCode(), "607");
  EXPECT_EQ(h.emulator().counters().OutcomesForCode("607"), 1);
  clock.Advance(absl::Hours(5));  // 23:00 CST: same day
  EXPECT_EQ(h.Get(kLead).ErrorCode(), "607");
  clock.Advance(absl::Hours(1));  // midnight CST
  EXPECT_TRUE(h.Get(kLead).Success());
}

TEST(MarketoLimitsTest, Concurrency615BeyondTenInFlight) {
  EmulatorHarness h;
  const std::string token = h.FetchToken();
  ASSERT_THAT(h.emulator().faults().ApplyJson(R"({"latency_ms": 800})"), IsOk());
  std::atomic<int> ok{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 14; ++i) {
    threads.emplace_back([&] {
      auto client = h.NewClient();
      JsonAnswer a = testing::ToAnswer(client->Get(kLead, {{"Authorization", "Bearer " + token}}));
      if (a.Success()) {
        ++ok;
      } else if (a.ErrorCode() == "615") {
        ++limited;
      } else {
        ++other;
        ADD_FAILURE() << "unexpected answer " << a.status << ": " << a.body;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(limited.load(), 4);
  EXPECT_EQ(h.emulator().peak_concurrency(), 10);
  EXPECT_EQ(h.emulator().counters().Outcomes("get_lead_by_id", "615"), 4);
}

TEST(MarketoLimitsTest, DuplicateRaceCreatesTwoLeadsWithDelay) {
  MarketoEmulatorOptions options;
  options.duplicate_race_delay = absl::Milliseconds(300);
  EmulatorHarness h(options);
  const std::string token = h.FetchToken();
  auto upsert = [&](const std::string& email) {
    auto client = h.NewClient();
    client->Post("/rest/v1/leads.json", {{"Authorization", "Bearer " + token}},
                 absl::StrCat(R"({"input":[{"email":")", email, R"(","firstName":"R"}]})"),
                 "application/json");
  };
  std::thread a(upsert, "race@example.com"), b(upsert, "race@example.com");
  a.join();
  b.join();
  EXPECT_EQ(h.emulator().CountLeadsWithField("email", "race@example.com"), 2u);
  // Serialised upserts of the same key (what the gateway must do) do not duplicate.
  upsert("serial@example.com");
  upsert("serial@example.com");
  EXPECT_EQ(h.emulator().CountLeadsWithField("email", "serial@example.com"), 1u);
}

TEST(MarketoLimitsTest, NoDuplicateWithoutDelay) {
  EmulatorHarness h;
  const std::string token = h.FetchToken();
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      auto client = h.NewClient();
      client->Post("/rest/v1/leads.json", {{"Authorization", "Bearer " + token}},
                   R"({"input":[{"email":"calm@example.com"}]})", "application/json");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(h.emulator().CountLeadsWithField("email", "calm@example.com"), 1u);
}

TEST(MarketoLimitsTest, InjectedFaults) {
  EmulatorHarness h;
  h.FetchToken();
  auto& faults = h.emulator().faults();
  ASSERT_THAT(faults.ApplyJson(R"({"error_rates": {"604": 1.0}})"), IsOk());
  JsonAnswer a = h.Get(kLead);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.ErrorCode(), "604");
  ASSERT_THAT(faults.ApplyJson(R"({"error_rates": {"502": 1.0}})"), IsOk());
  EXPECT_EQ(h.Get(kLead).status, 502);
  ASSERT_THAT(faults.ApplyJson(R"({"error_rates": {}, "down": true})"), IsOk());
  EXPECT_EQ(h.Get(kLead).status, 503);
  EXPECT_EQ(h.GetAnonymous("/identity/oauth/token").status, 503);
  ASSERT_THAT(faults.ApplyJson(R"({"down": false, "drop_rate": 1.0})"), IsOk());
  EXPECT_EQ(h.Get(kLead).status, 0);  // no answer at all
  ASSERT_THAT(faults.ApplyJson(R"({"drop_rate": 0})"), IsOk());
  EXPECT_TRUE(h.Get(kLead).Success());
  auto& c = h.emulator().counters();
  EXPECT_EQ(c.Outcomes("get_lead_by_id", "604"), 1);
  EXPECT_EQ(c.Outcomes("get_lead_by_id", "502"), 1);
  EXPECT_EQ(c.Outcomes("get_lead_by_id", "503"), 1);
  EXPECT_EQ(c.Outcomes("get_lead_by_id", "dropped"), 1);
}

TEST(MarketoLimitsTest, AdminRoutesOverHttp) {
  MarketoEmulatorOptions options;
  options.rate_limit_calls = 2;
  EmulatorHarness h(options);
  h.FetchToken();
  EXPECT_TRUE(h.Get(kLead).Success());
  EXPECT_TRUE(h.Get(kLead).Success());
  EXPECT_EQ(h.Get(kLead).ErrorCode(), "606");
  auto client = h.NewClient();
  auto counters = client->Get("/admin/counters");
  ASSERT_TRUE(counters);
  EXPECT_NE(counters->body.find(R"("get_lead_by_id":{"606":1,"ok":2})"), std::string::npos)
      << counters->body;
  auto set = client->Post("/admin/faults", R"({"error_rates": {"611": 1.0}, "seed": 3})",
                          "application/json");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->status, 200);
  auto reset = client->Post("/admin/reset", "", "application/json");
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 200);
  // Faults cleared, counters zeroed and the rate window emptied.
  EXPECT_TRUE(h.Get(kLead).Success());
  EXPECT_EQ(h.emulator().counters().TotalRequests(), 1);
}

}  // namespace
}  // namespace leadgw::emulators::marketo
