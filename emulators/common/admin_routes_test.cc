#include "emulators/common/admin_routes.h"

#include <atomic>
#include <string>

#include "emulators/common/connection_drop.h"
#include "emulators/common/fault_controls.h"
#include "emulators/common/loopback_server.h"
#include "emulators/common/request_counters.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::common {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

class AdminRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterAdminRoutes(server_.server(), counters_, faults_, [this] { ++resets_; });
    // A catch-all registered after the admin routes must not shadow them.
    server_.server().Post(".*", [this](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader&) {
      counters_.RecordRequest("catch_all");
      if (faults_.Decide().drop) {
        if (!DropConnection(req)) SetEmptyCloseResponse(res);
        return;
      }
      res.set_content("{}", "application/json");
    });
    auto port = server_.Start();
    ASSERT_THAT(port, IsOk());
    EXPECT_EQ(server_.base_url(), "http://127.0.0.1:" + std::to_string(*port));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(5, 0);
  }

  RequestCounters counters_;
  FaultControls faults_;
  std::atomic<int> resets_{0};
  LoopbackHttpServer server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(AdminRoutesTest, CountersFaultsAndReset) {
  counters_.RecordRequest("sync_leads");
  counters_.RecordOutcome("sync_leads", "606");
  auto res = client_->Get("/admin/counters");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, counters_.ToJson());
  EXPECT_NE(res->body.find(R"("606":1)"), std::string::npos);

  res = client_->Post("/admin/faults", R"({"latency_ms": 5, "error_rates": {"604": 0.5}})",
                      "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(faults_.Get().latency, absl::Milliseconds(5));
  EXPECT_DOUBLE_EQ(faults_.Get().error_rates.at("604"), 0.5);
  res = client_->Get("/admin/faults");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, faults_.ToJson());

  res = client_->Post("/admin/faults", R"({"drop_rate": 3})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("drop_rate"), std::string::npos);

  res = client_->Post("/admin/reset", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(counters_.TotalRequests(), 0);
  EXPECT_TRUE(faults_.Get().error_rates.empty());
  EXPECT_EQ(resets_.load(), 1);
  // The admin calls themselves were never counted.
  EXPECT_EQ(counters_.Requests("catch_all"), 0);
}

TEST_F(AdminRoutesTest, DropClosesTheConnectionWithoutAnswer) {
  ASSERT_THAT(faults_.ApplyJson(R"({"drop_rate": 1.0})"), IsOk());
  auto res = client_->Post("/rest/anything", "{}", "application/json");
  EXPECT_FALSE(res);
  EXPECT_EQ(counters_.Requests("catch_all"), 1);
  ASSERT_THAT(faults_.ApplyJson(R"({"drop_rate": 0})"), IsOk());
  res = client_->Post("/rest/anything", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(LoopbackHttpServerTest, StartTwiceFailsAndStopIsIdempotent) {
  LoopbackHttpServer server(2);
  EXPECT_EQ(server.base_url(), "");
  auto port = server.Start();
  ASSERT_THAT(port, IsOk());
  EXPECT_GT(*port, 0);
  EXPECT_THAT(server.Start(), StatusIs(absl::StatusCode::kFailedPrecondition));
  server.Stop();
  server.Stop();
}

}  // namespace
}  // namespace leadgw::emulators::common
