// The Marketo end-to-end fixture: two in-process Marketo emulators without a rate limit
// (the second delays every createOrUpdate record, for the duplicate-race test) and the
// real gateway binary with two connections, "mkto" and "mkto-race". Started once per test
// binary; tests write their own leads, so they do not depend on each other's data.
#ifndef LEADGW_TESTS_MARKETO_E2E_FIXTURE_H_
#define LEADGW_TESTS_MARKETO_E2E_FIXTURE_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "emulators/marketo/marketo_emulator.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/field_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "leadgateway/v1/membership_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/testing/gateway_process.h"

// Test-only namespace: the aliases below stay within the Marketo e2e tests.
namespace leadgw::testing::marketo_e2e {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;

inline constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "BASE_URL",
     "marketo": {"clientId": {"env": "E2E_MKTO_ID"}, "clientSecret": {"env": "E2E_MKTO_SECRET"}}},
    {"name": "mkto-race", "backend": "marketo", "baseUrl": "RACE_URL",
     "marketo": {"clientId": {"env": "E2E_MKTO_ID"}, "clientSecret": {"env": "E2E_MKTO_SECRET"}}}
  ]
})json";
inline constexpr char kClientSecret[] = "e2e-marketo-secret-5b1d";

inline std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  // Generous: the machine running the suites may be saturated.
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

// A request on the connection "mkto".
template <typename T>
T Request() {
  T request;
  request.set_connection("mkto");
  return request;
}

// google.rpc.ErrorInfo of a failed RPC (empty when absent).
inline google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::ErrorInfo info;
  if (!details.ParseFromString(status.error_details())) return info;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&info)) return info;
  }
  return info;
}

class MarketoE2eTest : public ::testing::Test {
 protected:
  static mkto::MarketoEmulator* StartEmulator(absl::Duration race_delay) {
    mkto::MarketoEmulatorOptions options;
    options.client_id = "e2e-client";
    options.client_secret = kClientSecret;
    options.rate_limit_calls = 0;  // the suites make more than 100 calls in 20 s
    options.duplicate_race_delay = race_delay;
    auto* emulator = new mkto::MarketoEmulator(options);
    EXPECT_THAT(emulator->Start(), ::leadgw::testing_util::IsOk());
    return emulator;
  }

  static void SetUpTestSuite() {
    emulator_ = StartEmulator(absl::ZeroDuration());
    // The duplicate race delays every createOrUpdate record: its own instance keeps the
    // other tests fast.
    race_emulator_ = StartEmulator(absl::Milliseconds(25));
    GatewayProcessOptions gateway;
    gateway.config = absl::StrReplaceAll(
        kConfig, {{"BASE_URL", emulator_->base_url()}, {"RACE_URL", race_emulator_->base_url()}});
    gateway.env = {{"E2E_MKTO_ID", "e2e-client"}, {"E2E_MKTO_SECRET", kClientSecret}};
    auto process = GatewayProcess::Start(gateway);
    ASSERT_THAT(process, ::leadgw::testing_util::IsOk());
    gateway_ = process->release();
  }

  static void TearDownTestSuite() {
    delete gateway_;
    delete emulator_;
    delete race_emulator_;
    gateway_ = nullptr;
    emulator_ = nullptr;
    race_emulator_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(gateway_, nullptr);
    auto channel = gateway_->NewChannel();
    leads_ = v1::LeadService::NewStub(channel);
    fields_ = v1::FieldService::NewStub(channel);
    memberships_ = v1::MembershipService::NewStub(channel);
  }

  static int64_t Calls(absl::string_view endpoint) {
    return emulator_->counters().Requests(endpoint);
  }

  // Upserts `emails` (createOrUpdate unless `action` says otherwise).
  v1::WriteResponse Upsert(const std::vector<std::string>& emails,
                           v1::UpsertAction action = v1::UPSERT_ACTION_UNSPECIFIED) {
    auto request = Request<v1::UpsertLeadsRequest>();
    request.set_action(action);
    for (const std::string& email : emails) request.add_leads()->set_email(email);
    v1::WriteResponse response;
    grpc::Status status = leads_->UpsertLeads(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static std::vector<std::string> Emails(absl::string_view tag, int n) {
    std::vector<std::string> emails;
    for (int i = 0; i < n; ++i) emails.push_back(absl::StrCat(tag, "-", i, "@example.com"));
    return emails;
  }

  inline static mkto::MarketoEmulator* emulator_ = nullptr;
  inline static mkto::MarketoEmulator* race_emulator_ = nullptr;
  inline static GatewayProcess* gateway_ = nullptr;
  std::unique_ptr<v1::LeadService::Stub> leads_;
  std::unique_ptr<v1::FieldService::Stub> fields_;
  std::unique_ptr<v1::MembershipService::Stub> memberships_;
};

}  // namespace leadgw::testing::marketo_e2e

#endif  // LEADGW_TESTS_MARKETO_E2E_FIXTURE_H_
