#include "emulators/common/request_counters.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::emulators::common {
namespace {

TEST(RequestCountersTest, CountsRequestsAndOutcomesPerEndpoint) {
  RequestCounters counters;
  counters.RecordRequest("sync_leads");
  counters.RecordRequest("sync_leads");
  counters.RecordRequest("identity");
  counters.RecordOutcome("sync_leads", "606");
  counters.RecordOutcome("sync_leads", kOutcomeOk);
  counters.RecordOutcome("get_leads_by_filter", "606");

  EXPECT_EQ(counters.Requests("sync_leads"), 2);
  EXPECT_EQ(counters.Requests("identity"), 1);
  EXPECT_EQ(counters.Requests("never"), 0);
  EXPECT_EQ(counters.Outcomes("sync_leads", "606"), 1);
  EXPECT_EQ(counters.Outcomes("sync_leads", "615"), 0);
  EXPECT_EQ(counters.OutcomesForCode("606"), 2);
  EXPECT_EQ(counters.TotalRequests(), 3);

  CounterSnapshot snap = counters.Snapshot();
  EXPECT_EQ(snap.requests.size(), 2u);
  EXPECT_EQ((snap.outcomes[{"sync_leads", "ok"}]), 1);
}

TEST(RequestCountersTest, JsonAndReset) {
  RequestCounters counters;
  counters.RecordRequest("identity");
  counters.RecordOutcome("identity", "401");
  EXPECT_EQ(counters.ToJson(),
            R"({"total_requests":1,"requests":{"identity":1},)"
            R"("outcomes":{"identity":{"401":1}}})");
  counters.Reset();
  EXPECT_EQ(counters.TotalRequests(), 0);
  EXPECT_EQ(counters.ToJson(), R"({"total_requests":0,"requests":{},"outcomes":{}})");
}

TEST(RequestCountersTest, ConcurrentRecordingIsExact) {
  RequestCounters counters;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&counters] {
      for (int i = 0; i < 1000; ++i) {
        counters.RecordRequest("e");
        counters.RecordOutcome("e", "ok");
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counters.Requests("e"), 4000);
  EXPECT_EQ(counters.Outcomes("e", "ok"), 4000);
}

}  // namespace
}  // namespace leadgw::emulators::common
