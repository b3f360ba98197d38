// Card sync in a fleet: two gateway replicas share Redis (links, cursor and the sync's
// fleet lock). While one replica runs a sync, the other refuses to run the same sync
// (ABORTED) instead of pushing its people a second time; once the run is over, it runs
// it and finds nothing left to do.
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "card_sync/demo_cards.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/card_sync_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/card_sync/card_sync_seed.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/redis_server.h"

namespace leadgw::testing::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
namespace hp = ::leadgw::emulators::hotprofile;
namespace mkto = ::leadgw::emulators::marketo;
using faults::ContextWithTimeout;
using ::leadgw::testing_util::IsOk;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s",
             "coordination": {"redisAddress": "REDIS_ADDRESS", "replicas": 2,
                              "keyPrefix": "card-sync-e2e"}},
  "jobs": {},
  "connections": [
    {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL", HOTPROFILE_CREDENTIALS,
     "limits": {"callsPerWindow": 100000}},
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS}
  ]
})json";

v1::SyncCardsToLeadsRequest Request() {
  v1::SyncCardsToLeadsRequest request;
  request.set_card_connection("hp");
  request.set_lead_connection("mkto");
  request.set_sync_name("autumn-fair");
  request.set_default_program(kProgram);
  return request;
}

TEST(CardSyncFleetE2eTest, OneRunOfASyncAcrossTheReplicas) {
  auto redis = RedisServer::Start();
  ASSERT_THAT(redis, IsOk());
  hp::HotProfileEmulatorOptions hp_options;
  hp_options.demo_data = false;
  hp_options.rate_limit_calls = 0;
  auto hotprofile = faults::StartHotProfile(hp_options);
  ASSERT_NE(hotprofile, nullptr);
  mkto::MarketoEmulatorOptions mkto_options;
  mkto_options.demo_data = false;
  auto marketo = faults::StartMarketo(mkto_options);
  ASSERT_NE(marketo, nullptr);
  const leadgw::card_sync::DemoCardSet demo = leadgw::card_sync::MakeDemoCardSet();
  ASSERT_THAT(SeedCards(demo, *hotprofile), IsOk());
  SeedLeads(demo, *marketo);
  const std::map<std::string, std::string> urls = {
      {"HP_URL", hotprofile->base_url()},
      {"MKTO_URL", marketo->base_url()},
      {"REDIS_ADDRESS", absl::StrCat("127.0.0.1:", (*redis)->port())}};
  auto first = faults::StartGateway(kConfig, urls);
  ASSERT_THAT(first, IsOk());
  auto second = faults::StartGateway(kConfig, urls);
  ASSERT_THAT(second, IsOk());
  auto first_stub = v1::CardSyncService::NewStub((*first)->NewChannel());
  auto second_stub = v1::CardSyncService::NewStub((*second)->NewChannel());

  // Slow Marketo calls keep the first run going while the second replica is asked.
  emulators::common::FaultConfig slow;
  slow.latency = absl::Seconds(5);
  ASSERT_THAT(marketo->faults().Set(slow), IsOk());
  absl::Notification running;
  grpc::Status first_status;
  v1::CardSyncSummary first_summary;
  std::thread first_run([&] {
    auto context = ContextWithTimeout(absl::Seconds(120));
    auto reader = first_stub->SyncCardsToLeads(context.get(), Request());
    v1::SyncCardsProgress message;
    while (reader->Read(&message)) {
      // The first person reported (one held for a merge) comes before any push.
      if (message.has_person() && !running.HasBeenNotified()) running.Notify();
      if (message.has_summary()) first_summary = message.summary();
    }
    first_status = reader->Finish();
    if (!running.HasBeenNotified()) running.Notify();
  });
  running.WaitForNotification();
  {
    auto context = ContextWithTimeout(absl::Seconds(60));
    auto reader = second_stub->SyncCardsToLeads(context.get(), Request());
    v1::SyncCardsProgress message;
    int messages = 0;
    while (reader->Read(&message)) ++messages;
    grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
    EXPECT_NE(status.error_message().find("another replica"), std::string::npos)
        << status.error_message();
    EXPECT_EQ(messages, 0);
  }
  first_run.join();
  ASSERT_TRUE(first_status.ok()) << first_status.error_message();
  EXPECT_GT(first_summary.created(), 0);

  // The lock went with the run: the other replica now runs the sync, over the shared
  // links, and has nothing to push.
  ASSERT_THAT(marketo->faults().Set(emulators::common::FaultConfig()), IsOk());
  const int64_t pushes = marketo->counters().Requests("push_leads");
  auto context = ContextWithTimeout(absl::Seconds(120));
  auto reader = second_stub->SyncCardsToLeads(context.get(), Request());
  v1::SyncCardsProgress message;
  v1::CardSyncSummary summary;
  while (reader->Read(&message)) {
    if (message.has_summary()) summary = message.summary();
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(summary.created() + summary.updated(), 0);
  EXPECT_EQ(marketo->counters().Requests("push_leads"), pushes);
}

}  // namespace
}  // namespace leadgw::testing::card_sync
