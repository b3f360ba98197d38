// The HotProfile end-to-end fixture: two in-process HotProfile emulators (one without a
// rate limit for bulk writes, one admitting 2 calls per 60 s) and the real gateway binary
// with three connections: "hp", "hp-limited" and "hp-wrong-key". Started once per test
// binary; tests create their own clients, so they do not depend on each other's data.
#ifndef LEADGW_TESTS_HOTPROFILE_E2E_FIXTURE_H_
#define LEADGW_TESTS_HOTPROFILE_E2E_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "emulators/hotprofile/hotprofile_emulator.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/business_card_service.grpc.pb.h"
#include "leadgateway/v1/company_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/testing/gateway_process.h"

// Test-only namespace: the aliases below stay within the HotProfile e2e tests.
namespace leadgw::testing::hotprofile_e2e {

namespace v1 = ::leadgateway::v1;
namespace hp = ::leadgw::emulators::hotprofile;

inline constexpr char kKey[] = "e2e-hotprofile-key-3f9a1c";
inline constexpr char kWrongKey[] = "wrong-hotprofile-key-7d2e5b";

inline constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "hp", "backend": "hotprofile", "baseUrl": "MAIN_URL",
     "hotprofile": {"apiKey": {"env": "E2E_HP_KEY"}},
     "limits": {"callsPerWindow": 100000}},
    {"name": "hp-limited", "backend": "hotprofile", "baseUrl": "LIMITED_URL",
     "hotprofile": {"apiKey": {"env": "E2E_HP_KEY"}}},
    {"name": "hp-wrong-key", "backend": "hotprofile", "baseUrl": "MAIN_URL",
     "hotprofile": {"apiKey": {"env": "E2E_HP_WRONG_KEY"}}}
  ]
})json";

inline std::unique_ptr<hp::HotProfileEmulator> StartEmulator(int rate_limit_calls) {
  hp::HotProfileEmulatorOptions options;
  options.api_key = kKey;
  options.demo_data = false;
  options.rate_limit_calls = rate_limit_calls;
  options.worker_threads = 4;
  auto emulator = std::make_unique<hp::HotProfileEmulator>(options);
  absl::StatusOr<int> port = emulator->Start();
  EXPECT_THAT(port, ::leadgw::testing_util::IsOk());
  return emulator;
}

inline std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return context;
}

inline v1::BusinessCard Card(const std::string& company_id, const std::string& last_name,
                             const std::string& kana, const std::string& exchange_date) {
  v1::BusinessCard card;
  card.set_company_id(company_id);
  card.set_last_name(last_name);
  card.set_last_name_kana(kana);
  card.set_exchange_date(exchange_date);
  card.set_status(v1::CARD_STATUS_ACTIVE);
  card.set_visibility(v1::CARD_VISIBILITY_PUBLIC);
  return card;
}

inline std::string Repeat(const std::string& unit, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += unit;
  return text;
}

class HotProfileE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    main_ = StartEmulator(/*rate_limit_calls=*/0).release();  // no limit: bulk writes
    limited_ = StartEmulator(/*rate_limit_calls=*/2).release();
    GatewayProcessOptions options;
    options.config = absl::StrReplaceAll(
        kConfig, {{"MAIN_URL", main_->base_url()}, {"LIMITED_URL", limited_->base_url()}});
    options.env = {{"E2E_HP_KEY", kKey}, {"E2E_HP_WRONG_KEY", kWrongKey}};
    auto gateway = GatewayProcess::Start(options);
    ASSERT_THAT(gateway, ::leadgw::testing_util::IsOk());
    gateway_ = gateway->release();
  }

  static void TearDownTestSuite() {
    delete gateway_;
    delete main_;
    delete limited_;
  }

  void SetUp() override {
    ASSERT_NE(gateway_, nullptr);
    channel_ = gateway_->NewChannel();
    leads_ = v1::LeadService::NewStub(channel_);
    companies_ = v1::CompanyService::NewStub(channel_);
    cards_ = v1::BusinessCardService::NewStub(channel_);
  }

  // Creates one client and returns its id.
  std::string CreateCompany(const std::string& name) {
    v1::CreateCompaniesRequest request;
    request.set_connection("hp");
    v1::Company* company = request.add_companies();
    company->set_name(name);
    company->set_display_name(name);
    company->set_name_kana("テスト");
    v1::WriteResponse response;
    grpc::Status status = companies_->CreateCompanies(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.results(0).status(), v1::RECORD_STATUS_CREATED);
    return response.results(0).id();
  }

  grpc::Status CreateCards(const std::vector<v1::BusinessCard>& cards, v1::WriteResponse* out) {
    v1::CreateBusinessCardsRequest request;
    request.set_connection("hp");
    for (const v1::BusinessCard& card : cards) *request.add_cards() = card;
    return cards_->CreateBusinessCards(Context().get(), request, out);
  }

  v1::SearchBusinessCardsResponse SearchCards(v1::SearchBusinessCardsRequest request) {
    request.set_connection("hp");
    v1::SearchBusinessCardsResponse response;
    grpc::Status status = cards_->SearchBusinessCards(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  inline static hp::HotProfileEmulator* main_ = nullptr;
  inline static hp::HotProfileEmulator* limited_ = nullptr;
  inline static GatewayProcess* gateway_ = nullptr;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::LeadService::Stub> leads_;
  std::unique_ptr<v1::CompanyService::Stub> companies_;
  std::unique_ptr<v1::BusinessCardService::Stub> cards_;
};

}  // namespace leadgw::testing::hotprofile_e2e

#endif  // LEADGW_TESTS_HOTPROFILE_E2E_FIXTURE_H_
