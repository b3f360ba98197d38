#include "upstream/http/curl_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "testing/status_matchers.h"
#include "upstream/http/http_client.h"

namespace leadgw::upstream::http {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

constexpr char kSecret[] = "TOPSECRET123";

// "hello gzip", gzip-compressed (gzip -n).
constexpr unsigned char kGzipHello[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
                                        0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x48, 0xaf, 0xca, 0x2c,
                                        0x00, 0x00, 0x19, 0x6a, 0xd2, 0xdf, 0x0a, 0x00, 0x00, 0x00};

// A loopback port nothing listens on: bound to learn a free number, then closed.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  close(fd);
  return ntohs(addr.sin_port);
}

class CurlHttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
    server_.set_keep_alive_max_count(1000);
    // Without it httplib sends headers and body in two segments and Nagle + delayed ACK add
    // ~40 ms to every keep-alive response.
    server_.set_tcp_nodelay(true);
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard<std::mutex> lock(mu_);
      remote_ports_.insert(req.remote_port);
      last_headers_ = req.headers;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Reply", "  Yes  ");
      res.set_content(absl::StrCat("hi ", req.get_param_value("search[name]")), "text/plain");
    });
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, req.get_header_value("Content-Type"));
    });
    server_.Get("/boom", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("{\"error\":\"boom\"}", "application/json");
    });
    server_.Get("/redirect", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/hello", 302);
    });
    server_.Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(reinterpret_cast<const char*>(kGzipHello), sizeof(kGzipHello),
                      "application/octet-stream");
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(4096, 'a'), "text/plain");
    });
    server_.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      (void)release_slow_.WaitForNotificationWithTimeout(absl::Seconds(5));
      res.set_content("late", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    listener_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op before listen starts, so wait for it (bounded).
    for (int i = 0; i < 500 && !server_.is_running(); ++i) absl::SleepFor(absl::Milliseconds(2));
    ASSERT_TRUE(server_.is_running());
  }

  void TearDown() override {
    if (!release_slow_.HasBeenNotified()) release_slow_.Notify();
    client_.reset();  // Closes the pooled keep-alive connections first.
    server_.stop();
    if (listener_.joinable()) listener_.join();
  }

  std::string Url(absl::string_view path_and_query) const {
    return absl::StrCat("http://127.0.0.1:", port_, path_and_query);
  }

  HttpRequest Get(absl::string_view path_and_query) const {
    HttpRequest request;
    request.url = Url(path_and_query);
    request.timeout = absl::Seconds(5);
    return request;
  }

  size_t DistinctRemotePorts() {
    std::lock_guard<std::mutex> lock(mu_);
    return remote_ports_.size();
  }

  httplib::Headers LastHeaders() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_headers_;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread listener_;
  absl::Notification release_slow_;
  std::unique_ptr<CurlHttpClient> client_ = std::make_unique<CurlHttpClient>();

  // std::mutex rather than absl::Mutex so that `--config=tsan` sees the locking (Debian's
  // abseil is not TSan-instrumented).
  std::mutex mu_;
  std::set<int> remote_ports_;     // Guarded by mu_.
  httplib::Headers last_headers_;  // Guarded by mu_.
};

TEST_F(CurlHttpClientTest, GetReturnsStatusHeadersAndBody) {
  HttpRequest request = Get("/hello?search%5Bname%5D=Yamada%20Taro");
  request.headers = {{"X-Request-Id", "r-1"}, {"Accept", "application/json"}};
  absl::StatusOr<HttpResponse> response = client_->Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status_code, 200);
  EXPECT_EQ(response->body, "hi Yamada Taro");
  EXPECT_EQ(response->Header("x-reply"), "Yes");
  EXPECT_EQ(response->Header("content-type"), "text/plain");
  for (const auto& [name, value] : response->headers) {
    EXPECT_EQ(name, absl::AsciiStrToLower(name));
  }

  const httplib::Headers seen = LastHeaders();
  auto header = [&seen](const std::string& name) {
    auto it = seen.find(name);
    return it == seen.end() ? std::string("<absent>") : it->second;
  };
  EXPECT_EQ(header("X-Request-Id"), "r-1");
  EXPECT_EQ(header("User-Agent"), "lead-gateway/1");
  EXPECT_TRUE(absl::StrContains(header("Accept-Encoding"), "gzip")) << header("Accept-Encoding");
}

TEST_F(CurlHttpClientTest, PostBodyRoundTripsWithContentTypeAndNoExpect) {
  HttpRequest request = Get("/echo");
  request.method = HttpMethod::kPost;
  request.headers = {{"Content-Type", "application/json"}};
  // Large enough that curl would otherwise send "Expect: 100-continue"; NULs must survive.
  request.body = absl::StrCat("{\"input\":[", std::string(64 * 1024, ' '), "]}");
  request.body.push_back('\0');
  absl::StatusOr<HttpResponse> response = client_->Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status_code, 200);
  EXPECT_EQ(response->body, request.body);
  EXPECT_EQ(response->Header("content-type"), "application/json");
  EXPECT_EQ(LastHeaders().count("Expect"), 0u);
}

TEST_F(CurlHttpClientTest, HttpErrorsAreResponsesNotErrors) {
  absl::StatusOr<HttpResponse> missing = client_->Send(Get("/missing"));
  ASSERT_THAT(missing, IsOk());
  EXPECT_EQ(missing->status_code, 404);

  absl::StatusOr<HttpResponse> boom = client_->Send(Get("/boom"));
  ASSERT_THAT(boom, IsOk());
  EXPECT_EQ(boom->status_code, 500);
  EXPECT_EQ(boom->body, "{\"error\":\"boom\"}");
}

TEST_F(CurlHttpClientTest, RedirectsAreNotFollowed) {
  absl::StatusOr<HttpResponse> response = client_->Send(Get("/redirect"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status_code, 302);
  EXPECT_EQ(response->Header("location"), "/hello");
}

TEST_F(CurlHttpClientTest, GzipBodiesAreDecoded) {
  absl::StatusOr<HttpResponse> response = client_->Send(Get("/gzip"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->body, "hello gzip");
}

TEST_F(CurlHttpClientTest, SlowServerIsDeadlineExceededWithoutLeakingTheQuery) {
  HttpRequest request = Get(absl::StrCat("/slow?api_key=", kSecret));
  request.timeout = absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response = client_->Send(request);
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_GE(elapsed, absl::Milliseconds(250));
  EXPECT_LT(elapsed, absl::Seconds(2));
  EXPECT_TRUE(absl::StrContains(response.status().message(), absl::StrCat("GET ", Url("/slow"))))
      << response.status();
  EXPECT_FALSE(absl::StrContains(response.status().ToString(), kSecret));
  EXPECT_FALSE(absl::StrContains(response.status().ToString(), "api_key"));
  EXPECT_FALSE(RequestWasNotSent(response.status()));
}

TEST_F(CurlHttpClientTest, ConnectionRefusedIsUnavailableAndNotSent) {
  HttpRequest request;
  request.method = HttpMethod::kPost;
  request.url = absl::StrCat("http://127.0.0.1:", ClosedPort(), "/rest/v1?access_token=", kSecret);
  request.body = "x=1";
  absl::StatusOr<HttpResponse> response = client_->Send(request);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_TRUE(RequestWasNotSent(response.status()));
  EXPECT_TRUE(absl::StartsWith(response.status().message(), "POST http://127.0.0.1:"));
  EXPECT_FALSE(absl::StrContains(response.status().ToString(), kSecret)) << response.status();
}

TEST_F(CurlHttpClientTest, BadUrlsAreInvalidArgumentWithoutTheQuery) {
  for (const std::string& url : {absl::StrCat("ftp://127.0.0.1:", ClosedPort(), "/?key=", kSecret),
                                 absl::StrCat("http://[127.0.0.1/?api_key=", kSecret)}) {
    HttpRequest request;
    request.url = url;
    absl::StatusOr<HttpResponse> response = client_->Send(request);
    EXPECT_THAT(response, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_FALSE(absl::StrContains(response.status().ToString(), kSecret)) << response.status();
  }
}

TEST_F(CurlHttpClientTest, OversizedBodyIsResourceExhausted) {
  HttpRequest request = Get("/big");
  request.max_response_bytes = 1024;
  absl::StatusOr<HttpResponse> response = client_->Send(request);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_TRUE(
      absl::StrContains(response.status().message(), "upstream response body exceeds 1024 bytes"));

  request.max_response_bytes = 4096;  // Exactly the body size is allowed.
  response = client_->Send(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->body.size(), 4096u);
}

TEST_F(CurlHttpClientTest, InvalidRequestsFailBeforeSending) {
  HttpRequest injected = Get("/hello");
  injected.headers = {{"X-Evil", "a\r\nX-Injected: 1"}};
  absl::StatusOr<HttpResponse> response = client_->Send(injected);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kInvalidArgument));

  HttpRequest expired = Get("/hello");
  expired.timeout = absl::ZeroDuration();
  response = client_->Send(expired);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_TRUE(RequestWasNotSent(response.status()));

  EXPECT_EQ(DistinctRemotePorts(), 0u);  // The server never saw either request.
}

TEST_F(CurlHttpClientTest, SequentialCallsReuseOneKeepAliveConnection) {
  for (int i = 0; i < 6; ++i) {
    absl::StatusOr<HttpResponse> response = client_->Send(Get("/hello"));
    ASSERT_THAT(response, IsOk());
    ASSERT_EQ(response->status_code, 200);
  }
  EXPECT_EQ(DistinctRemotePorts(), 1u);
}

TEST_F(CurlHttpClientTest, WithoutPoolingEveryCallConnectsAnew) {
  CurlHttpClientOptions options;
  options.max_pooled_handles = 0;
  client_ = std::make_unique<CurlHttpClient>(options);
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<HttpResponse> response = client_->Send(Get("/hello"));
    ASSERT_THAT(response, IsOk());
  }
  EXPECT_EQ(DistinctRemotePorts(), 3u);
}

TEST_F(CurlHttpClientTest, AConnectionIdleLongerThanTheMaxAgeIsNotReused) {
  CurlHttpClientOptions options;
  // libcurl (CURLOPT_MAXAGE_CONN) counts idle time in whole seconds and drops a connection
  // only when that count exceeds the max age, so no fake clock can stand in for the wait.
  // A max age of 0 keeps back-to-back calls on one connection (idle 0 s) and makes the
  // shortest honest wait one second: idle 1 s > 0 s.
  options.idle_connection_max_age = absl::ZeroDuration();
  client_ = std::make_unique<CurlHttpClient>(options);
  ASSERT_THAT(client_->Send(Get("/hello")), IsOk());
  ASSERT_THAT(client_->Send(Get("/hello")), IsOk());
  EXPECT_EQ(DistinctRemotePorts(), 1u);
  absl::SleepFor(absl::Milliseconds(1100));
  ASSERT_THAT(client_->Send(Get("/hello")), IsOk());
  EXPECT_EQ(DistinctRemotePorts(), 2u);
}

TEST_F(CurlHttpClientTest, AReusedHandleForgetsThePreviousCallsMethodBodyAndHeaders) {
  HttpRequest post = Get("/echo");
  post.method = HttpMethod::kPost;
  post.headers = {{"Content-Type", "text/plain"}, {"X-Only-On-Post", "1"}};
  post.body = "first";
  absl::StatusOr<HttpResponse> response = client_->Send(post);
  ASSERT_THAT(response, IsOk());
  ASSERT_EQ(response->body, "first");

  // The same pooled handle (one connection) now sends a GET: no body, none of the POST's
  // headers, and the constant options (user agent) still in place.
  response = client_->Send(Get("/hello?search[name]=again"));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status_code, 200);
  EXPECT_EQ(response->body, "hi again");
  const httplib::Headers headers = LastHeaders();
  EXPECT_EQ(headers.count("X-Only-On-Post"), 0u);
  EXPECT_EQ(headers.count("Content-Length"), 0u);
  ASSERT_EQ(headers.count("User-Agent"), 1u);
  EXPECT_EQ(headers.find("User-Agent")->second, "lead-gateway/1");
  EXPECT_EQ(DistinctRemotePorts(), 1u);
}

TEST_F(CurlHttpClientTest, AProxyInTheEnvironmentIsUsedOnlyIfSetWhenTheClientIsCreated) {
  // The proxy refuses connections: a call that goes through it never reaches the server.
  ASSERT_EQ(setenv("http_proxy", absl::StrCat("http://127.0.0.1:", ClosedPort()).c_str(), 1), 0);
  auto proxied = std::make_unique<CurlHttpClient>();
  absl::StatusOr<HttpResponse> through_proxy = proxied->Send(Get("/hello"));
  // client_ was created before the variable existed: it goes straight to the server.
  absl::StatusOr<HttpResponse> direct = client_->Send(Get("/hello"));
  ASSERT_EQ(unsetenv("http_proxy"), 0);

  EXPECT_THAT(through_proxy, StatusIs(absl::StatusCode::kUnavailable));
  ASSERT_THAT(direct, IsOk());
  EXPECT_EQ(DistinctRemotePorts(), 1u);
}

TEST_F(CurlHttpClientTest, ConcurrentCallsAllSucceed) {
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 10;
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &successes] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        HttpRequest request = Get("/echo");
        request.method = HttpMethod::kPost;
        request.headers = {{"Content-Type", "text/plain"}};
        request.body = absl::StrCat("thread ", t, " call ", i);
        absl::StatusOr<HttpResponse> response = client_->Send(request);
        if (response.ok() && response->status_code == 200 && response->body == request.body) {
          ++successes;
        } else {
          ADD_FAILURE() << response.status();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(successes.load(), kThreads * kCallsPerThread);
  // Handles go back to the pool, so connections are reused rather than one per call.
  EXPECT_LE(DistinctRemotePorts(), static_cast<size_t>(kThreads));
}

TEST_F(CurlHttpClientTest, ACancelledCallerIsNotSent) {
  const Cancellation gone([] { return true; });
  HttpRequest request = Get("/hello");
  request.cancellation = &gone;
  absl::StatusOr<HttpResponse> response = client_->Send(request);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_TRUE(RequestWasNotSent(response.status()));
}

TEST_F(CurlHttpClientTest, ATransferIsAbortedWhenTheCallerGoes) {
  std::atomic<bool> gone{false};
  const Cancellation cancellation([&gone] { return gone.load(); });
  HttpRequest request = Get("/slow");
  request.timeout = absl::Seconds(30);
  request.cancellation = &cancellation;
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(200));
    gone = true;
  });
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response = client_->Send(request);
  canceller.join();
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kCancelled));
  // curl asks about progress at least once a second while it waits.
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

}  // namespace
}  // namespace leadgw::upstream::http
