#include "metrics/exposer.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "metrics/builder.h"
#include "metrics/registry.h"
#include "metrics/text_serializer.h"
#include "testing/status_matchers.h"

namespace leadgw::metrics {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;

ExposerOptions Loopback(int port = 0) { return ExposerOptions{"127.0.0.1", port}; }

class ExposerTest : public ::testing::Test {
 protected:
  ExposerTest() {
    BuildCounter()
        .Name("leadgw_test_total")
        .Help("Test counter.")
        .LabelNames({"code"})
        .Register(registry_)
        .Add({{"code", "OK"}})
        .Increment(5);
  }

  httplib::Client ClientFor(const Exposer& exposer) {
    httplib::Client client("127.0.0.1", exposer.port());
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    return client;
  }

  Registry registry_;
};

TEST_F(ExposerTest, ServesMetrics) {
  Exposer exposer(registry_, Loopback());
  ASSERT_THAT(exposer.Start(), IsOk());
  ASSERT_GT(exposer.port(), 0);
  httplib::Client client = ClientFor(exposer);
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(result->get_header_value("Content-Type"), kTextFormatContentType);
  EXPECT_THAT(result->body, HasSubstr("\nleadgw_test_total{code=\"OK\"} 5\n"));
  EXPECT_EQ(result->body, registry_.Serialize());
}

TEST_F(ExposerTest, ReflectsUpdatesBetweenScrapes) {
  Exposer exposer(registry_, Loopback());
  ASSERT_THAT(exposer.Start(), IsOk());
  httplib::Client client = ClientFor(exposer);
  Family<Gauge>& gauge = BuildGauge().Name("leadgw_g").Help("g").Register(registry_);
  gauge.Add({}).Set(1);
  httplib::Result first = client.Get("/metrics");
  ASSERT_TRUE(first);
  EXPECT_THAT(first->body, HasSubstr("\nleadgw_g 1\n"));
  gauge.Add({}).Set(2);
  httplib::Result second = client.Get("/metrics");
  ASSERT_TRUE(second);
  EXPECT_THAT(second->body, HasSubstr("\nleadgw_g 2\n"));
}

TEST_F(ExposerTest, HealthzAndNotFound) {
  Exposer exposer(registry_, Loopback());
  ASSERT_THAT(exposer.Start(), IsOk());
  httplib::Client client = ClientFor(exposer);
  httplib::Result health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");
  httplib::Result missing = client.Get("/metricz");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  httplib::Result root = client.Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 404);
  httplib::Result post = client.Post("/metrics", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_NE(post->status, 200);
}

TEST_F(ExposerTest, StopReleasesThePortAndIsIdempotent) {
  Exposer exposer(registry_, Loopback());
  ASSERT_THAT(exposer.Start(), IsOk());
  const int port = exposer.port();
  exposer.Stop();
  EXPECT_EQ(exposer.port(), 0);
  exposer.Stop();
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  EXPECT_FALSE(client.Get("/healthz"));
  // The port can be bound again.
  Exposer again(registry_, Loopback(port));
  EXPECT_THAT(again.Start(), IsOk());
  EXPECT_EQ(again.port(), port);
}

TEST_F(ExposerTest, StartTwiceFails) {
  Exposer exposer(registry_, Loopback());
  ASSERT_THAT(exposer.Start(), IsOk());
  EXPECT_THAT(exposer.Start(), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(ExposerTest, PortInUseIsUnavailable) {
  Exposer first(registry_, Loopback());
  ASSERT_THAT(first.Start(), IsOk());
  Exposer second(registry_, Loopback(first.port()));
  const absl::Status status = second.Start();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(status.message(), HasSubstr(std::to_string(first.port())));
  EXPECT_EQ(second.port(), 0);
}

TEST_F(ExposerTest, StopWithoutStartAndDestructorStops) {
  Exposer never_started(registry_, Loopback());
  never_started.Stop();
  {
    Exposer scoped(registry_, Loopback());
    ASSERT_THAT(scoped.Start(), IsOk());
  }  // Destructor joins the server thread.
  SUCCEED();
}

}  // namespace
}  // namespace leadgw::metrics
