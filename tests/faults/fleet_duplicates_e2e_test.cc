// The duplicate guard across a fleet: three gateway processes share one Redis; 50
// concurrent clients, spread over the replicas, upsert (createOrUpdate) 20 shared emails in
// mixed case into one Marketo emulator that reproduces the upstream's look-up-then-insert
// race (duplicate_race_delay). Each email must exist exactly once. A control fleet without
// coordination (three replicas, their own guards only) shows the race is live across
// processes, so zero duplicates means something.
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/redis_server.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::testing_util::IsOk;

constexpr int kReplicas = 3;
constexpr int kClients = 50;
constexpr int kEmails = 20;

constexpr char kFleetConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 3,
                              "keyPrefix": "dup-e2e"}},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "20s", "maxConcurrent": 0}}
  ]
})json";

std::string Email(absl::string_view tag, int i) {
  return absl::StrCat(tag, "-", i, "@fleet-dup.example.com");
}

// Client `client` upserts three of the shared emails; odd clients in upper case.
v1::UpsertLeadsRequest UpsertOf(absl::string_view tag, int client) {
  v1::UpsertLeadsRequest request;
  request.set_connection("mkto");
  request.set_action(v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  for (int offset : {0, 7, 13}) {
    std::string email = Email(tag, (client + offset) % kEmails);
    if (client % 2 == 1) absl::AsciiStrToUpper(&email);
    v1::Lead* lead = request.add_leads();
    lead->set_email(email);
    lead->set_last_name("Dup");
  }
  return request;
}

// Starts `kReplicas` gateways from `config`, runs every client's upsert at once through
// replica client % kReplicas, and returns how many of the emails exist more than once.
// With `expect_clean`, every record must be created or updated (once duplicates exist,
// Marketo skips updates of the ambiguous email: the control's records may fail).
int DuplicatedEmails(const std::string& config, const std::map<std::string, std::string>& urls,
                     mkto::MarketoEmulator& upstream, absl::string_view tag,
                     bool expect_clean) {
  std::vector<std::unique_ptr<GatewayProcess>> gateways;
  std::vector<std::unique_ptr<v1::LeadService::Stub>> stubs;
  for (int i = 0; i < kReplicas; ++i) {
    auto gateway = StartGateway(config, urls);
    EXPECT_THAT(gateway, IsOk());
    if (!gateway.ok()) return -1;
    stubs.push_back(v1::LeadService::NewStub((*gateway)->NewChannel()));
    gateways.push_back(*std::move(gateway));
  }
  RunOnThreads(kClients, [&](int client) {
    v1::WriteResponse response;
    const grpc::Status status = stubs[client % kReplicas]->UpsertLeads(
        ContextWithTimeout(absl::Seconds(60)).get(), UpsertOf(tag, client), &response);
    EXPECT_TRUE(status.ok()) << "client " << client << ": " << status.error_message();
    for (const v1::RecordResult& result : response.results()) {
      if (!expect_clean) break;
      EXPECT_TRUE(result.status() == v1::RECORD_STATUS_CREATED ||
                  result.status() == v1::RECORD_STATUS_UPDATED)
          << result.ShortDebugString();
    }
  });
  int duplicated = 0;
  for (int i = 0; i < kEmails; ++i) {
    duplicated += upstream.CountLeadsWithField("email", Email(tag, i)) > 1;
  }
  return duplicated;
}

TEST(FleetDuplicatesE2eTest, ConcurrentUpsertsOnThreeReplicasCreateEachEmailOnce) {
  auto redis = RedisServer::Start();
  ASSERT_THAT(redis, IsOk());
  mkto::MarketoEmulatorOptions race;
  race.rate_limit_calls = 0;
  race.max_concurrent = 0;
  race.duplicate_race_delay = absl::Milliseconds(30);
  auto upstream = StartMarketo(race);
  ASSERT_NE(upstream, nullptr);
  const std::map<std::string, std::string> urls = {
      {"MKTO_URL", upstream->base_url()},
      {"REDIS_ADDRESS", absl::StrCat("127.0.0.1:", (*redis)->port())}};

  // Control: the same fleet without coordination.
  const std::string uncoordinated = absl::StrReplaceAll(
      kFleetConfig, {{R"(,
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 3,
                              "keyPrefix": "dup-e2e"})",
                      ""}});
  ASSERT_NE(uncoordinated, kFleetConfig);
  const int control = DuplicatedEmails(uncoordinated, urls, *upstream, "control", false);
  const int fleet = DuplicatedEmails(kFleetConfig, urls, *upstream, "fleet", true);
  std::cout << "[fleet duplicates] replicas=" << kReplicas << " clients=" << kClients
            << " emails=" << kEmails << " duplicated_emails=" << fleet
            << " control_duplicated_emails=" << control << std::endl;
  EXPECT_EQ(fleet, 0) << "an email was created more than once across the fleet";
  EXPECT_GT(control, 0) << "the race did not fire without coordination: zero above proves "
                           "nothing";
}

}  // namespace
}  // namespace leadgw::testing::faults
