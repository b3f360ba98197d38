#include "metrics/exposer.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <memory>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "metrics/builder.h"
#include "metrics/registry.h"
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
  // prometheus-cpp's content type; Prometheus reads it as text format 0.0.4.
  EXPECT_THAT(result->get_header_value("Content-Type"), ::testing::StartsWith("text/plain"));
  EXPECT_THAT(result->body, HasSubstr("\nleadgw_test_total{code=\"OK\"} 5\n"));
  // The registry's exposition, after prometheus-cpp's own exposer_* families.
  EXPECT_THAT(result->body, ::testing::EndsWith(registry_.Serialize()));
  EXPECT_THAT(result->body, HasSubstr("# TYPE exposer_scrapes_total counter\n"));
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
  EXPECT_THAT(health->body, ::testing::Not(HasSubstr("leadgw_test_total")));
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
  EXPECT_THAT(status.message(),
              HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                        ": address already in use"));
  EXPECT_EQ(second.port(), 0);
}

TEST_F(ExposerTest, UnknownHostIsUnavailable) {
  Exposer exposer(registry_, ExposerOptions{"no-such-host.invalid", 0});
  const absl::Status status = exposer.Start();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(status.message(), HasSubstr("cannot listen on no-such-host.invalid:0"));
  EXPECT_EQ(exposer.port(), 0);
}

TEST_F(ExposerTest, InvalidOptionsAreRejected) {
  ExposerOptions no_threads = Loopback();
  no_threads.threads = 0;
  EXPECT_THAT(Exposer(registry_, no_threads).Start(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ExposerOptions no_timeout = Loopback();
  no_timeout.request_timeout = absl::ZeroDuration();
  EXPECT_THAT(Exposer(registry_, no_timeout).Start(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// A connection to 127.0.0.1:port that sends an unfinished request line, then one more
// header byte every 200 ms from its own thread until closed.
class TricklingClient {
 public:
  explicit TricklingClient(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 &&
                 connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
    if (!connected_) return;
    Send("GET /metrics HTTP/1.1\r\nX-Slow: ");
    thread_ = std::thread([this] {
      while (!stop_.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (!Send("a")) return;  // The server closed the connection.
      }
    });
  }
  ~TricklingClient() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) close(fd_);
  }
  bool connected() const { return connected_; }

 private:
  bool Send(const std::string& bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }

  const int fd_;
  bool connected_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Slow clients each hold a civetweb worker; with threads=16, eight of them must not delay
// a scrape. The 1 s bound is the and generous: a scrape of this registry takes
// milliseconds even on a saturated 2-core machine.
TEST_F(ExposerTest, SlowClientsDoNotDelayAScrape) {
  ExposerOptions options = Loopback();
  options.threads = 16;
  Exposer exposer(registry_, options);
  ASSERT_THAT(exposer.Start(), IsOk());
  std::vector<std::unique_ptr<TricklingClient>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<TricklingClient>(exposer.port()));
    ASSERT_TRUE(slow.back()->connected());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // All eight are trickling.
  httplib::Client client = ClientFor(exposer);
  const auto start = std::chrono::steady_clock::now();
  httplib::Result result = client.Get("/metrics");
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  std::printf("scrape with 8 slow clients took %.1f ms\n", elapsed.count());
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->body, HasSubstr("leadgw_test_total{code=\"OK\"} 5"));
  EXPECT_LT(elapsed.count(), 1000.0);
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
