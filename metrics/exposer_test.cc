#include "metrics/exposer.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
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

// A TCP connection to 127.0.0.1:port that has sent an unfinished request (request line and
// the start of a header); -1 on failure.
int ConnectWithPartialRequest(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const std::string partial = "GET /metrics HTTP/1.1\r\nX-Slow: ";
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
      send(fd, partial.data(), partial.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(partial.size())) {
    close(fd);
    return -1;
  }
  return fd;
}

// A connection to 127.0.0.1:port that sends an unfinished request line, then one more
// header byte every 200 ms from its own thread until closed.
class TricklingClient {
 public:
  explicit TricklingClient(int port) : fd_(ConnectWithPartialRequest(port)) {
    if (fd_ < 0) return;
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
  bool connected() const { return fd_ >= 0; }

 private:
  bool Send(const std::string& bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }

  const int fd_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A client that sends part of a request and then nothing is closed after the request
// timeout, which gives its worker back. Bound: 10x the timeout, for a loaded machine.
TEST_F(ExposerTest, StalledRequestIsClosedAfterTheTimeout) {
  ExposerOptions options = Loopback();
  options.request_timeout = absl::Milliseconds(300);
  Exposer exposer(registry_, options);
  ASSERT_THAT(exposer.Start(), IsOk());
  const int fd = ConnectWithPartialRequest(exposer.port());
  ASSERT_GE(fd, 0);
  timeval wait{3, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  const auto start = std::chrono::steady_clock::now();
  char buffer[512];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) {
    // civetweb may answer 408 before closing; read until the close.
  }
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  close(fd);
  std::printf("stalled request closed after %.1f ms (recv %zd)\n", elapsed.count(), n);
  EXPECT_EQ(n, 0) << "not closed within 3 s";
  EXPECT_LT(elapsed.count(), 3000.0);
}

// A client that trickles header bytes (one every 100 ms, never finishing) is closed too:
// the timeout bounds the whole request, not each read.
TEST_F(ExposerTest, TricklingRequestIsClosedAfterTheTimeout) {
  ExposerOptions options = Loopback();
  options.request_timeout = absl::Milliseconds(300);
  Exposer exposer(registry_, options);
  ASSERT_THAT(exposer.Start(), IsOk());
  const int fd = ConnectWithPartialRequest(exposer.port());
  ASSERT_GE(fd, 0);
  timeval wait{0, 100000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  char buffer[512];
  while (!closed && std::chrono::steady_clock::now() - start < std::chrono::seconds(3)) {
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
      closed = true;
    } else if (n < 0 && send(fd, "a", 1, MSG_NOSIGNAL) != 1) {
      closed = true;
    }
  }
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  close(fd);
  std::printf("trickling request closed after %.1f ms\n", elapsed.count());
  EXPECT_TRUE(closed) << "still open after 3 s";
}

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
