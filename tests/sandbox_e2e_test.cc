// `--sandbox`: the gateway with both emulators in-process and demo data, as a newcomer
// starts it from the README.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/business_card_service.grpc.pb.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

namespace v1 = ::leadgateway::v1;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return context;
}

class SandboxE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GatewayProcessOptions options;
    options.extra_args = {"--sandbox"};
    auto gateway = GatewayProcess::Start(options);
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
  }

  std::unique_ptr<GatewayProcess> gateway_;
};

TEST_F(SandboxE2eTest, ServesBothSandboxConnectionsWithDemoData) {
  auto channel = gateway_->NewChannel();
  v1::ListConnectionsResponse connections;
  ASSERT_TRUE(v1::ConnectionService::NewStub(channel)
                  ->ListConnections(Context().get(), {}, &connections)
                  .ok());
  ASSERT_EQ(connections.connections_size(), 2);
  EXPECT_EQ(connections.connections(0).name(), "hotprofile-sandbox");
  EXPECT_EQ(connections.connections(1).name(), "marketo-sandbox");
  EXPECT_THAT(connections.connections(1).supported_methods(),
              Contains("leadgateway.v1.LeadService/MergeLeads"));

  v1::GetLeadRequest get;
  get.set_connection("marketo-sandbox");
  get.set_id("318581");
  v1::Lead lead;
  grpc::Status status = v1::LeadService::NewStub(channel)->GetLead(Context().get(), get, &lead);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(lead.id(), "318581");
  EXPECT_FALSE(lead.email().empty());

  v1::SearchBusinessCardsRequest search;
  search.set_connection("hotprofile-sandbox");
  search.set_page_size(5);
  v1::SearchBusinessCardsResponse cards;
  status = v1::BusinessCardService::NewStub(channel)->SearchBusinessCards(Context().get(), search,
                                                                          &cards);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(cards.cards_size(), 5);
  EXPECT_GT(cards.total_count(), 5);
  EXPECT_FALSE(cards.next_page_token().empty());
}

TEST(SandboxStartupTest, NeedsConfigOrSandbox) {
  GatewayProcessOptions options;  // neither --config nor --sandbox
  auto gateway = GatewayProcess::Start(options);
  ASSERT_THAT(gateway, Not(IsOk()));
  EXPECT_THAT(std::string(gateway.status().message()),
              HasSubstr("--config is required (or --sandbox"));
}

}  // namespace
}  // namespace leadgw::testing
