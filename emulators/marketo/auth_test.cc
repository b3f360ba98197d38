// Identity endpoint and bearer-token checks (601/602) over loopback.
#include <string>

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

constexpr char kTokenPath[] =
    "/identity/oauth/token?grant_type=client_credentials&client_id=sandbox-client"
    "&client_secret=sandbox-secret";

MarketoEmulatorOptions WithClock(FakeClock& clock) {
  MarketoEmulatorOptions options;
  options.now = [&clock] { return clock.Now(); };
  return options;
}

TEST(MarketoAuthTest, IssuesBearerTokenAndReusesItUntilExpiry) {
  FakeClock clock;
  EmulatorHarness h(WithClock(clock));
  JsonAnswer first = h.GetAnonymous(kTokenPath);
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_TRUE(first.json.IsObject());
  EXPECT_STREQ(first.json["token_type"].GetString(), "bearer");
  EXPECT_EQ(first.json["expires_in"].GetInt64(), 3600);
  EXPECT_TRUE(first.json.HasMember("scope"));
  const std::string token = first.json["access_token"].GetString();
  EXPECT_NE(token.find(":int"), std::string::npos);

  clock.Advance(absl::Seconds(600));
  JsonAnswer again = h.GetAnonymous(kTokenPath);
  EXPECT_EQ(again.json["access_token"].GetString(), token);
  EXPECT_EQ(again.json["expires_in"].GetInt64(), 3000);

  clock.Advance(absl::Seconds(3000));  // exactly at expiry
  JsonAnswer renewed = h.GetAnonymous(kTokenPath);
  EXPECT_NE(renewed.json["access_token"].GetString(), token);
  EXPECT_EQ(renewed.json["expires_in"].GetInt64(), 3600);
}

TEST(MarketoAuthTest, PostWithFormBodyAlsoIssues) {
  EmulatorHarness h;
  auto client = h.NewClient();
  JsonAnswer a = testing::ToAnswer(client->Post(
      "/identity/oauth/token",
      "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret",
      "application/x-www-form-urlencoded"));
  EXPECT_EQ(a.status, 200);
  EXPECT_TRUE(a.json.HasMember("access_token"));
}

TEST(MarketoAuthTest, BadCredentialsAre401WithoutEcho) {
  EmulatorHarness h;
  JsonAnswer a = h.GetAnonymous(
      "/identity/oauth/token?grant_type=client_credentials&client_id=sandbox-client"
      "&client_secret=wrong-secret");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.body.find("wrong-secret"), std::string::npos);
  JsonAnswer grant = h.GetAnonymous(
      "/identity/oauth/token?grant_type=password&client_id=sandbox-client"
      "&client_secret=sandbox-secret");
  EXPECT_EQ(grant.status, 400);
  EXPECT_EQ(h.emulator().counters().Outcomes("identity", "401"), 1);
}

TEST(MarketoAuthTest, MissingOrUnknownTokenIs601InHttp200Envelope) {
  EmulatorHarness h;
  JsonAnswer none = h.GetAnonymous("/rest/v1/lead/318581.json");
  EXPECT_EQ(none.status, 200);
  EXPECT_FALSE(none.Success());
  EXPECT_EQ(none.ErrorCode(), "601");
  EXPECT_TRUE(none.json.HasMember("requestId"));
  h.set_token("not-a-token");
  EXPECT_EQ(h.Get("/rest/v1/lead/318581.json").ErrorCode(), "601");
}

TEST(MarketoAuthTest, ExpiredTokenAnswers602OnceThen601) {
  FakeClock clock;
  EmulatorHarness h(WithClock(clock));
  const std::string token = h.FetchToken();
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(h.Get("/rest/v1/lead/318581.json").Success());
  clock.Advance(absl::Seconds(3601));
  EXPECT_EQ(h.Get("/rest/v1/lead/318581.json").ErrorCode(), "602");
  EXPECT_EQ(h.Get("/rest/v1/lead/318581.json").ErrorCode(), "601");
  EXPECT_NE(h.FetchToken(), token);
  EXPECT_TRUE(h.Get("/rest/v1/lead/318581.json").Success());
}

TEST(MarketoAuthTest, ExpireAllTokensAndFaultKnob) {
  EmulatorHarness h;
  h.FetchToken();
  h.emulator().ExpireAllTokens();
  EXPECT_EQ(h.Get("/rest/v1/lead/318581.json").ErrorCode(), "602");
  EXPECT_EQ(h.Get("/rest/v1/lead/318581.json").ErrorCode(), "601");

  h.FetchToken();
  ASSERT_THAT(h.emulator().faults().ApplyJson(R"({"expire_tokens": true})"), IsOk());
  EXPECT_EQ(h.Get("/rest/v1/lead/318581.json").ErrorCode(), "602");
  h.FetchToken();
  EXPECT_TRUE(h.Get("/rest/v1/lead/318581.json").Success());
}

TEST(MarketoAuthTest, IdentityCallsDoNotCountTowardRateLimit) {
  MarketoEmulatorOptions options;
  options.rate_limit_calls = 2;
  EmulatorHarness h(options);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(h.FetchToken().empty());
  EXPECT_TRUE(h.Get("/rest/v1/lead/318581.json").Success());
  EXPECT_TRUE(h.Get("/rest/v1/lead/318581.json").Success());
  EXPECT_EQ(h.Get("/rest/v1/lead/318581.json").ErrorCode(), "606");
}

}  // namespace
}  // namespace leadgw::emulators::marketo
