#include "service/config.h"

#include <string>
#include <vector>

#include "common/fake_secret_readers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kValidJson[] = R"json({
  "server": {"listenAddress": "127.0.0.1", "grpcPort": 0, "drainGrace": "5s"},
  "connections": [
    {"name": "marketo-prod", "backend": "marketo",
     "baseUrl": "https://123-ABC-456.mktorest.com/",
     "marketo": {"clientId": {"env": "MKTO_ID"}, "clientSecret": {"file": "/run/mkto"}},
     "endpointTimeouts": {"merge_leads": "120s"}},
    {"name": "hp", "backend": "hotprofile", "baseUrl": "https://example.hot-profile.com",
     "hotprofile": {"apiKey": {"env": "HP_KEY"}},
     "limits": {"callsPerWindow": 50}, "defaultTimeout": "10s"}
  ]
})json";

SecretReaders GoodReaders() {
  return FakeSecretReaders({{"MKTO_ID", "id-123"}, {"HP_KEY", "hp-secret-key"}},
                           {{"/run/mkto", "  mkto-secret\n"}});
}

absl::StatusOr<GatewaySettings> Load(const std::string& json, const SecretReaders& readers) {
  auto config = ParseConfig(json, ConfigFormat::kJson);
  if (!config.ok()) return config.status();
  return ResolveConfig(*config, readers);
}

TEST(ConfigTest, ValidJsonResolvesWithDefaults) {
  auto settings = Load(kValidJson, GoodReaders());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server.listen_address, "127.0.0.1");
  EXPECT_EQ(settings->server.grpc_port, 0);
  EXPECT_EQ(settings->server.metrics_port, 9464);
  EXPECT_EQ(settings->server.drain_grace, absl::Seconds(5));
  EXPECT_EQ(settings->server.health_address, "");  // no health-only port unless asked
  ASSERT_EQ(settings->connections.size(), 2u);

  const backends::ConnectionSettings& mkto = settings->connections[0];
  EXPECT_EQ(mkto.kind, ::leadgateway::v1::BACKEND_KIND_MARKETO);
  EXPECT_EQ(mkto.base_url, "https://123-ABC-456.mktorest.com");
  // The kind's reader filled the vendor part; backends/<vendor>/config_test checks its
  // fields (service/ knows no vendor type).
  EXPECT_TRUE(mkto.vendor.has_value());
  EXPECT_EQ(mkto.limits.calls_per_window, 100);
  EXPECT_EQ(mkto.limits.window, absl::Seconds(20));
  EXPECT_EQ(mkto.limits.max_concurrent, 10);
  EXPECT_EQ(mkto.limits.daily_quota, 50000);
  EXPECT_EQ(mkto.TimeoutFor("sync_leads"), absl::Seconds(90));
  EXPECT_EQ(mkto.TimeoutFor("merge_leads"), absl::Seconds(120));
  EXPECT_EQ(mkto.TimeoutFor("get_leads_by_filter"), absl::Seconds(60));
  EXPECT_EQ(mkto.TimeoutFor("describe_leads"), absl::Seconds(30));

  const backends::ConnectionSettings& hp = settings->connections[1];
  EXPECT_EQ(hp.kind, ::leadgateway::v1::BACKEND_KIND_HOTPROFILE);
  EXPECT_TRUE(hp.vendor.has_value());
  EXPECT_EQ(hp.limits.calls_per_window, 50);
  EXPECT_EQ(hp.limits.window, absl::Seconds(60));
  EXPECT_EQ(hp.TimeoutFor("leads_create"), absl::Seconds(10));
  EXPECT_EQ(hp.retry.max_attempts, 4);
  EXPECT_EQ(hp.breaker.failure_threshold, 5);
  EXPECT_EQ(settings->server.idempotency_ttl, absl::Minutes(10));
  EXPECT_EQ(settings->server.max_threads, 512);
  EXPECT_EQ(settings->server.idle_threads, 16);
  EXPECT_EQ(settings->server.max_connection_age, absl::Minutes(30));
  EXPECT_EQ(settings->server.max_connection_age_grace, absl::Minutes(5));
  EXPECT_EQ(settings->server.metrics_threads, 16);
  EXPECT_EQ(settings->server.metrics_request_timeout, absl::Seconds(2));
}

TEST(ConfigTest, HealthAddressResolves) {
  std::string json = kValidJson;
  const std::string server = R"("drainGrace": "5s")";
  json.replace(json.find(server), server.size(),
               R"("drainGrace": "5s", "healthAddress": "0.0.0.0:8081")");
  auto settings = Load(json, GoodReaders());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server.health_address, "0.0.0.0:8081");
}

TEST(ConfigTest, UnknownBackendListsTheKnownOnes) {
  auto settings =
      Load(R"({"connections": [{"name": "x", "backend": "salesforce"}]})", GoodReaders());
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().message(),
            "connections[0].backend: must be one of: marketo, hotprofile");
}

TEST(ConfigTest, ReliabilityKeysResolve) {
  auto settings = Load(
      R"({"server": {"idempotency": {"ttl": "60s", "maxEntries": 5}, "maxThreads": 64,
                     "idleThreads": 32,
                     "maxConnectionAge": "120s", "maxConnectionAgeGrace": "10s",
                     "metrics": {"threads": 4, "requestTimeout": "0.5s"}},
          "connections": [{"name": "hp", "backend": "hotprofile",
            "baseUrl": "https://x.hot-profile.com", "hotprofile": {"apiKey": {"env": "HP_KEY"}},
            "limits": {"dailyQuota": 1000, "dailyReserve": 100},
            "retry": {"maxAttempts": 2, "initialBackoff": "0.05s", "maxBackoff": "1s"},
            "circuitBreaker": {"failureThreshold": 3, "openDuration": "2s"},
            "coalescing": {"maxWait": "0s"}}]})",
      GoodReaders());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server.idempotency_ttl, absl::Seconds(60));
  EXPECT_EQ(settings->server.idempotency_max_entries, 5);
  EXPECT_EQ(settings->server.max_threads, 64);
  EXPECT_EQ(settings->server.idle_threads, 32);
  EXPECT_EQ(settings->server.max_connection_age, absl::Minutes(2));
  EXPECT_EQ(settings->server.max_connection_age_grace, absl::Seconds(10));
  EXPECT_EQ(settings->server.metrics_threads, 4);
  EXPECT_EQ(settings->server.metrics_request_timeout, absl::Milliseconds(500));
  const backends::ConnectionSettings& hp = settings->connections[0];
  EXPECT_EQ(hp.limits.daily_reserve, 100);
  EXPECT_EQ(hp.coalesce_max_wait, absl::ZeroDuration());
  EXPECT_EQ(hp.retry.max_attempts, 2);
  EXPECT_EQ(hp.retry.initial_backoff, absl::Milliseconds(50));
  EXPECT_EQ(hp.retry.max_backoff, absl::Seconds(1));
  EXPECT_EQ(hp.breaker.failure_threshold, 3);
  EXPECT_EQ(hp.breaker.open_duration, absl::Seconds(2));
}

TEST(ConfigTest, TextProtoParses) {
  auto config = ParseConfig(R"pb(
                              connections {
                                name: "hp"
                                backend: "hotprofile"
                                base_url: "http://127.0.0.1:8080"
                                hotprofile { api_key { env: "HP_KEY" } }
                              }
                            )pb",
                            ConfigFormat::kTextProto);
  ASSERT_TRUE(config.ok()) << config.status();
  auto settings = ResolveConfig(*config, GoodReaders());
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->connections[0].base_url, "http://127.0.0.1:8080");
  EXPECT_EQ(settings->server.grpc_port, 50051);
}

TEST(ConfigTest, FormatByExtension) {
  EXPECT_EQ(*ConfigFormatForPath("a/b.json"), ConfigFormat::kJson);
  EXPECT_EQ(*ConfigFormatForPath("gw.textproto"), ConfigFormat::kTextProto);
  EXPECT_EQ(*ConfigFormatForPath("gw.pbtxt"), ConfigFormat::kTextProto);
  EXPECT_EQ(ConfigFormatForPath("gw.yaml").status().code(), absl::StatusCode::kInvalidArgument);
}

struct InvalidCase {
  std::string name;
  std::string json;
  std::string expected_key;
};

class InvalidConfigTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidConfigTest, NamesTheKeyAndHidesSecrets) {
  auto settings = Load(GetParam().json, GoodReaders());
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(settings.status().message()), HasSubstr(GetParam().expected_key));
  EXPECT_THAT(std::string(settings.status().message()), Not(HasSubstr("hp-secret-key")));
  EXPECT_THAT(std::string(settings.status().message()), Not(HasSubstr("mkto-secret")));
}

std::string HotProfile(const std::string& extra) {
  return R"({"connections": [{"name": "hp", "backend": "hotprofile",
      "baseUrl": "https://x.hot-profile.com", "hotprofile": {"apiKey": {"env": "HP_KEY"}})" +
         extra + "}]}";
}

std::vector<InvalidCase> InvalidCases() {
  return {
      InvalidCase{"UnknownKey", R"({"connections": [], "bogus": 1})", "bogus"},
      InvalidCase{"NoConnections", R"({"connections": []})", "connections"},
      InvalidCase{"BadName", R"({"connections": [{"name": "Bad Name", "backend": "hotprofile"}]})",
                  "connections[0].name"},
      InvalidCase{"UnknownBackend", R"({"connections": [{"name": "x", "backend": "salesforce"}]})",
                  "connections[0].backend"},
      InvalidCase{"BadUrl",
                  R"({"connections": [{"name": "x", "backend": "hotprofile",
                        "baseUrl": "ftp://x"}]})",
                  "connections[0].base_url"},
      InvalidCase{"UrlWithQuery",
                  R"({"connections": [{"name": "x", "backend": "hotprofile",
                        "baseUrl": "https://x.hot-profile.com/?api_key=hp-secret-key"}]})",
                  "connections[0].base_url"},
      InvalidCase{"MissingCredentials",
                  R"({"connections": [{"name": "x", "backend": "hotprofile",
                        "baseUrl": "https://x.hot-profile.com"}]})",
                  "connections[0].hotprofile"},
      InvalidCase{"WrongCredentials",
                  R"({"connections": [{"name": "x", "backend": "marketo",
                        "baseUrl": "https://x.mktorest.com",
                        "hotprofile": {"apiKey": {"env": "HP_KEY"}}}]})",
                  "connections[0].hotprofile"},
      InvalidCase{"MarketoWithoutCredentials",
                  R"({"connections": [{"name": "hp", "backend": "hotprofile",
                        "baseUrl": "https://x.hot-profile.com",
                        "hotprofile": {"apiKey": {"env": "HP_KEY"}}},
                       {"name": "x", "backend": "marketo", "baseUrl": "https://x.mktorest.com"}]})",
                  "connections[1].marketo: required for backend marketo"},
      InvalidCase{"MarketoBlockOnHotProfile",
                  HotProfile(R"(, "marketo": {"clientId": {"env": "MKTO_ID"}})"),
                  "connections[0].marketo: not allowed on a hotprofile connection"},
      InvalidCase{"HotProfileBlockOnMarketo",
                  R"({"connections": [{"name": "x", "backend": "marketo",
                        "baseUrl": "https://x.mktorest.com",
                        "marketo": {"clientId": {"env": "MKTO_ID"},
                                    "clientSecret": {"file": "/run/mkto"}},
                        "hotprofile": {"apiKey": {"env": "HP_KEY"}}}]})",
                  "connections[0].hotprofile: not allowed on a marketo connection"},
      InvalidCase{"IdentityUrlOnHotProfile",
                  HotProfile(R"(, "identityUrl": "https://x.example.com/identity")"),
                  "connections[0].identity_url: only for backend marketo"},
      InvalidCase{"BadIdentityUrl",
                  R"({"connections": [{"name": "x", "backend": "marketo",
                        "baseUrl": "https://x.mktorest.com", "identityUrl": "x.example.com",
                        "marketo": {"clientId": {"env": "MKTO_ID"},
                                    "clientSecret": {"file": "/run/mkto"}}}]})",
                  "connections[0].identity_url: must start with http:// or https://"},
      InvalidCase{"UnsetEnv",
                  R"({"connections": [{"name": "x", "backend": "hotprofile",
                        "baseUrl": "https://x.hot-profile.com",
                        "hotprofile": {"apiKey": {"env": "NOT_SET"}}}]})",
                  "connections[0].hotprofile.api_key.env: environment variable NOT_SET"},
      InvalidCase{"MissingFile",
                  R"({"connections": [{"name": "x", "backend": "marketo",
                        "baseUrl": "https://x.mktorest.com",
                        "marketo": {"clientId": {"env": "MKTO_ID"},
                                    "clientSecret": {"file": "/nope"}}}]})",
                  "connections[0].marketo.client_secret.file"},
      InvalidCase{"UnknownEndpoint", HotProfile(R"(, "endpointTimeouts": {"nope": "1s"})"),
                  R"(connections[0].endpoint_timeouts["nope"])"},
      InvalidCase{"NegativeTimeout", HotProfile(R"(, "defaultTimeout": "-1s")"),
                  "connections[0].default_timeout"},
      InvalidCase{"HugeTimeout", HotProfile(R"(, "endpointTimeouts": {"leads_create": "3600s"})"),
                  R"(connections[0].endpoint_timeouts["leads_create"])"},
      InvalidCase{"ZeroCalls", HotProfile(R"(, "limits": {"callsPerWindow": 0})"),
                  "connections[0].limits.calls_per_window"},
      InvalidCase{"ReserveAboveQuota",
                  HotProfile(R"(, "limits": {"dailyQuota": 10, "dailyReserve": 11})"),
                  "connections[0].limits.daily_reserve: must be at most daily_quota (10)"},
      InvalidCase{"NoAttempts", HotProfile(R"(, "retry": {"maxAttempts": 0})"),
                  "connections[0].retry.max_attempts: must be 1-10"},
      InvalidCase{"BackoffInverted",
                  HotProfile(R"(, "retry": {"initialBackoff": "2s", "maxBackoff": "1s"})"),
                  "connections[0].retry.max_backoff"},
      InvalidCase{"BreakerThreshold", HotProfile(R"(, "circuitBreaker": {"failureThreshold": 0})"),
                  "connections[0].circuit_breaker.failure_threshold: must be 1-1000"},
      InvalidCase{"CoalescingWait", HotProfile(R"(, "coalescing": {"maxWait": "120s"})"),
                  "connections[0].coalescing.max_wait: must be 0s-1m"},
      InvalidCase{"IdempotencyTtl",
                  R"({"server": {"idempotency": {"ttl": "100000s"}}, "connections": []})",
                  "server.idempotency.ttl: must be at most"},
      InvalidCase{"TooFewThreads", R"({"server": {"maxThreads": 4}, "connections": []})",
                  "server.max_threads: must be 8-10000"},
      InvalidCase{"NoIdleThreads", R"({"server": {"idleThreads": 0}, "connections": []})",
                  "server.idle_threads: must be 1-1024"},
      InvalidCase{"IdleAboveMax",
                  R"({"server": {"maxThreads": 8, "idleThreads": 9}, "connections": []})",
                  "server.idle_threads: must be at most server.max_threads (8)"},
      InvalidCase{"ShortConnectionAge",
                  R"({"server": {"maxConnectionAge": "10s"}, "connections": []})",
                  "server.max_connection_age: must be at least 1m"},
      InvalidCase{"OneMetricsThread", R"({"server": {"metrics": {"threads": 1}}, "connections": []})",
                  "server.metrics.threads: must be 2-256"},
      InvalidCase{"BadPort", R"({"server": {"grpcPort": 70000}, "connections": []})",
                  "server.grpc_port"},
      InvalidCase{"Duplicate",
                  R"({"connections": [
                      {"name": "hp", "backend": "hotprofile", "baseUrl": "https://a.b.com",
                       "hotprofile": {"apiKey": {"env": "HP_KEY"}}},
                      {"name": "hp", "backend": "hotprofile", "baseUrl": "https://a.b.com",
                       "hotprofile": {"apiKey": {"env": "HP_KEY"}}}]})",
                  "connections[1].name: duplicate"}};
}

INSTANTIATE_TEST_SUITE_P(Cases, InvalidConfigTest, ::testing::ValuesIn(InvalidCases()),
                         [](const ::testing::TestParamInfo<InvalidCase>& info) {
                           return info.param.name;
                         });

TEST(ConfigTest, SyntaxErrorIsInvalidArgument) {
  auto json = ParseConfig("{not json", ConfigFormat::kJson);
  EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
  auto text = ParseConfig("connections { name: }", ConfigFormat::kTextProto);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(text.status().message()), HasSubstr("line 1"));
}

TEST(ConfigTest, LoadConfigFileReportsMissingFile) {
  auto settings = LoadConfigFile("/nonexistent/gateway.json");
  EXPECT_EQ(settings.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(settings.status().message()), HasSubstr("/nonexistent/gateway.json"));
}

}  // namespace
}  // namespace leadgw::service
