#include "backends/marketo/token_provider.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backends/marketo/settings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/mock_http_client.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;
using testing_util::MockHttpClient;
using upstream::http::HttpRequest;
using upstream::http::HttpResponse;

constexpr char kSecret[] = "client-secret-never-logged";

ConnectionSettings Settings() {
  ConnectionSettings settings;
  settings.name = "mkto";
  settings.base_url = "http://127.0.0.1:1";
  settings.vendor =
      MarketoSettings{"http://127.0.0.1:1/identity", Secret("client-id"), Secret(kSecret)};
  return settings;
}

HttpResponse TokenAnswer(const std::string& token, int expires_in) {
  HttpResponse response;
  response.status_code = 200;
  response.body = "{\"access_token\":\"" + token +
                  "\",\"token_type\":\"bearer\",\"expires_in\":" + std::to_string(expires_in) +
                  ",\"scope\":\"apis@example.com\"}";
  return response;
}

// A settable clock shared with the provider.
struct Clock {
  std::mutex mu;
  absl::Time now = absl::FromUnixSeconds(1767225600);
  absl::Time Now() {
    std::lock_guard<std::mutex> lock(mu);
    return now;
  }
  void Advance(absl::Duration d) {
    std::lock_guard<std::mutex> lock(mu);
    now += d;
  }
};

class TokenProviderTest : public ::testing::Test {
 protected:
  TokenProvider MakeProvider() { return MakeProvider(http_); }
  TokenProvider MakeProvider(std::shared_ptr<upstream::http::HttpClient> client) {
    TokenProviderOptions options;
    options.refresh_margin = absl::Seconds(60);
    options.now = [this] { return clock_.Now(); };
    return TokenProvider(Settings(), std::move(client), options);
  }

  Clock clock_;
  std::shared_ptr<MockHttpClient> http_ = std::make_shared<MockHttpClient>();
};

TEST_F(TokenProviderTest, FetchesOnceWithSecretInTheBodyAndCaches) {
  HttpRequest seen;
  EXPECT_CALL(*http_, Send(_)).WillOnce([&](const HttpRequest& request) {
    seen = request;
    return TokenAnswer("tok-1", 3600);
  });
  TokenProvider provider = MakeProvider();
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<Secret> token = provider.GetToken(absl::InfiniteFuture());
    ASSERT_TRUE(token.ok()) << token.status();
    EXPECT_EQ(token->expose(), "tok-1");
  }
  EXPECT_EQ(provider.identity_calls(), 1);
  EXPECT_EQ(seen.method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(seen.url, "http://127.0.0.1:1/identity/oauth/token");
  EXPECT_THAT(seen.url, Not(HasSubstr(kSecret)));
  EXPECT_EQ(seen.body, std::string("grant_type=client_credentials&client_id=client-id&") +
                           "client_secret=" + kSecret);
  EXPECT_EQ(seen.timeout, absl::Seconds(30));
}

TEST_F(TokenProviderTest, RefreshesInsideTheMargin) {
  EXPECT_CALL(*http_, Send(_))
      .WillOnce(Return(TokenAnswer("tok-1", 3600)))
      .WillOnce(Return(TokenAnswer("tok-2", 3600)));
  TokenProvider provider = MakeProvider();
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
  clock_.Advance(absl::Seconds(3539));
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
  clock_.Advance(absl::Seconds(2));  // 60 s before the latest expiry (3600 s rounded down)
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-2");
  EXPECT_EQ(provider.identity_calls(), 2);
}

TEST_F(TokenProviderTest, ShortLivedTokenIsUsedToItsEnd) {
  // Marketo re-answers the live token with its remaining lifetime.
  EXPECT_CALL(*http_, Send(_))
      .WillOnce(Return(TokenAnswer("tok-1", 30)))
      .WillOnce(Return(TokenAnswer("tok-2", 3600)));
  TokenProvider provider = MakeProvider();
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
  clock_.Advance(absl::Seconds(30));  // 30 s rounded down: good for up to 31 s
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-2");
}

TEST_F(TokenProviderTest, TokenInItsLastSecondIsUsedForThatSecond) {
  // Asked in the token's last second, Marketo answers it with expires_in 0 (rounded down).
  EXPECT_CALL(*http_, Send(_))
      .WillOnce(Return(TokenAnswer("tok-1", 0)))
      .WillOnce(Return(TokenAnswer("tok-2", 3600)));
  TokenProvider provider = MakeProvider();
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
  clock_.Advance(absl::Milliseconds(900));
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
  EXPECT_EQ(provider.identity_calls(), 1);
  clock_.Advance(absl::Milliseconds(100));
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-2");
  EXPECT_EQ(provider.identity_calls(), 2);
}

TEST_F(TokenProviderTest, InvalidateForgetsOnlyTheRejectedToken) {
  EXPECT_CALL(*http_, Send(_))
      .WillOnce(Return(TokenAnswer("tok-1", 3600)))
      .WillOnce(Return(TokenAnswer("tok-2", 3600)));
  TokenProvider provider = MakeProvider();
  Secret first = *provider.GetToken(absl::InfiniteFuture());
  provider.Invalidate(first);
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-2");
  provider.Invalidate(first);  // stale: someone already refreshed
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-2");
  EXPECT_EQ(provider.identity_calls(), 2);
}

TEST_F(TokenProviderTest, BadCredentialsAreUnauthenticatedWithoutTheSecret) {
  HttpResponse denied;
  denied.status_code = 401;
  denied.body = R"({"error":"unauthorized","error_description":"Bad client credentials"})";
  EXPECT_CALL(*http_, Send(_)).WillOnce(Return(denied));
  TokenProvider provider = MakeProvider();
  absl::StatusOr<Secret> token = provider.GetToken(absl::InfiniteFuture());
  ASSERT_EQ(token.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(upstream::UpstreamCode(token.status()), "401");
  EXPECT_THAT(std::string(token.status().message()), Not(HasSubstr(kSecret)));
}

TEST_F(TokenProviderTest, MalformedAnswersAreInternal) {
  const char* bodies[] = {"not json",
                          "[]",
                          R"({"token_type":"bearer","expires_in":3600})",
                          R"({"access_token":"t","expires_in":"soon"})",
                          R"({"access_token":"t","expires_in":-1})",
                          R"({"access_token":"","expires_in":10})"};
  for (const char* body : bodies) {
    auto client = std::make_shared<MockHttpClient>();
    HttpResponse response;
    response.status_code = 200;
    response.body = body;
    EXPECT_CALL(*client, Send(_)).WillOnce(Return(response));
    TokenProvider provider = MakeProvider(client);
    EXPECT_EQ(provider.GetToken(absl::InfiniteFuture()).status().code(),
              absl::StatusCode::kInternal)
        << body;
  }
}

TEST_F(TokenProviderTest, TransportErrorsKeepTheirCode) {
  EXPECT_CALL(*http_, Send(_)).WillOnce(Return(absl::UnavailableError("connection refused")));
  TokenProvider provider = MakeProvider();
  absl::Status status = provider.GetToken(absl::InfiniteFuture()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("marketo identity"));
}

TEST_F(TokenProviderTest, FailedRefreshFallsBackToTheUnexpiredToken) {
  EXPECT_CALL(*http_, Send(_))
      .WillOnce(Return(TokenAnswer("tok-1", 3600)))
      .WillOnce(Return(absl::UnavailableError("down")));
  TokenProvider provider = MakeProvider();
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
  clock_.Advance(absl::Seconds(3590));  // inside the margin, not yet expired
  EXPECT_EQ(provider.GetToken(absl::InfiniteFuture())->expose(), "tok-1");
}

TEST_F(TokenProviderTest, PastDeadlineSendsNothing) {
  EXPECT_CALL(*http_, Send(_)).Times(0);
  TokenProvider provider = MakeProvider();
  EXPECT_EQ(provider.GetToken(absl::Now() - absl::Seconds(1)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

// An HttpClient whose identity answer waits until the test releases it.
class GatedClient : public upstream::http::HttpClient {
 public:
  explicit GatedClient(absl::StatusOr<HttpResponse> answer) : answer_(std::move(answer)) {}
  absl::StatusOr<HttpResponse> Send(const HttpRequest&) override {
    std::unique_lock<std::mutex> lock(mu_);
    ++calls_;
    entered_.notify_all();
    released_cv_.wait(lock, [this] { return released_; });
    return answer_;
  }
  void WaitUntilEntered() {
    std::unique_lock<std::mutex> lock(mu_);
    entered_.wait(lock, [this] { return calls_ > 0; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    released_cv_.notify_all();
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable entered_;
  std::condition_variable released_cv_;
  bool released_ = false;
  int calls_ = 0;
  absl::StatusOr<HttpResponse> answer_;
};

// Starts `n` callers, lets the first one's identity call begin, then releases it.
std::vector<absl::StatusOr<Secret>> ConcurrentGets(TokenProvider& provider, GatedClient& client,
                                                   int n) {
  std::vector<absl::StatusOr<Secret>> results(n, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = provider.GetToken(absl::Now() + absl::Seconds(30)); });
  }
  client.WaitUntilEntered();
  absl::SleepFor(absl::Milliseconds(20));  // let the others queue up behind the refresh
  client.Release();
  for (std::thread& thread : threads) thread.join();
  return results;
}

TEST_F(TokenProviderTest, ConcurrentCallersShareOneRefresh) {
  auto client = std::make_shared<GatedClient>(TokenAnswer("tok-1", 3600));
  TokenProvider provider = MakeProvider(client);
  for (const auto& result : ConcurrentGets(provider, *client, 8)) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->expose(), "tok-1");
  }
  EXPECT_EQ(client->calls(), 1);
  EXPECT_EQ(provider.identity_calls(), 1);
}

TEST_F(TokenProviderTest, ConcurrentCallersShareOneFailure) {
  HttpResponse denied;
  denied.status_code = 401;
  auto client = std::make_shared<GatedClient>(denied);
  TokenProvider provider = MakeProvider(client);
  for (const auto& result : ConcurrentGets(provider, *client, 6)) {
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(client->calls(), 1);
}

TEST_F(TokenProviderTest, WaiterGivesUpAtItsDeadline) {
  auto client = std::make_shared<GatedClient>(TokenAnswer("tok-1", 3600));
  TokenProvider provider = MakeProvider(client);
  std::thread refresher([&] { (void)provider.GetToken(absl::InfiniteFuture()); });
  client->WaitUntilEntered();
  absl::StatusOr<Secret> waiter = provider.GetToken(absl::Now() + absl::Milliseconds(50));
  EXPECT_EQ(waiter.status().code(), absl::StatusCode::kDeadlineExceeded);
  client->Release();
  refresher.join();
  EXPECT_EQ(client->calls(), 1);
}

}  // namespace
}  // namespace leadgw::backends::marketo
