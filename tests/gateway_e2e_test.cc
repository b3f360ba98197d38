// The real gateway binary over real sockets: start-up, health, reflection, RPCs, errors,
// secrets kept out of logs, and a clean drain on SIGTERM.
#include <signal.h>

#include <memory>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

// Nothing listens on port 1: the upstreams are unreachable, which this test never needs.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "5s"},
  "connections": [
    {"name": "marketo-test", "backend": "marketo", "baseUrl": "http://127.0.0.1:1",
     "marketo": {"clientId": {"env": "E2E_MKTO_ID"}, "clientSecret": {"env": "E2E_MKTO_SECRET"}}},
    {"name": "hotprofile-test", "backend": "hotprofile", "baseUrl": "http://127.0.0.1:1",
     "hotprofile": {"apiKey": {"env": "E2E_HP_KEY"}}}
  ]
})json";

constexpr char kSecret[] = "s3cr3t-value-that-must-not-leak";

GatewayProcessOptions Options() {
  GatewayProcessOptions options;
  options.config = kConfig;
  options.env = {
      {"E2E_MKTO_ID", "client-id"}, {"E2E_MKTO_SECRET", kSecret}, {"E2E_HP_KEY", kSecret}};
  return options;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

class GatewayE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto gateway = GatewayProcess::Start(Options());
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
    channel_ = gateway_->NewChannel();
  }

  std::unique_ptr<GatewayProcess> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(GatewayE2eTest, HealthCheckServesEveryService) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  for (const char* service :
       {"", "leadgateway.v1.LeadService", "leadgateway.v1.BusinessCardService",
        "leadgateway.v1.ConnectionService"}) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << service << ": " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(GatewayE2eTest, ReflectionListsTheServices) {
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  auto context = Context();
  auto stream = reflection->ServerReflectionInfo(context.get());
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("*");
  ASSERT_TRUE(stream->Write(request));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.insert(service.name());
  }
  EXPECT_THAT(
      names, IsSupersetOf({"leadgateway.v1.LeadService", "leadgateway.v1.FieldService",
                           "leadgateway.v1.MembershipService", "leadgateway.v1.CompanyService",
                           "leadgateway.v1.BusinessCardService", "leadgateway.v1.ConnectionService",
                           "grpc.health.v1.Health"}));

  // The descriptors themselves are served too, so grpcurl-style clients can call RPCs.
  request.set_file_containing_symbol("leadgateway.v1.LeadService");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_GT(response.file_descriptor_response().file_descriptor_proto_size(), 0);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(GatewayE2eTest, ListsConnectionsWithoutSecrets) {
  auto stub = v1::ConnectionService::NewStub(channel_);
  v1::ListConnectionsResponse response;
  grpc::Status status = stub->ListConnections(Context().get(), {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.connections_size(), 2);
  EXPECT_EQ(response.connections(0).name(), "hotprofile-test");
  EXPECT_EQ(response.connections(0).backend(), v1::BACKEND_KIND_HOTPROFILE);
  EXPECT_EQ(response.connections(1).name(), "marketo-test");
  EXPECT_EQ(response.connections(1).base_url(), "") << "upstream addresses are for operators";
  EXPECT_EQ(response.connections(1).health(), v1::CONNECTION_HEALTH_HEALTHY);
  EXPECT_THAT(response.DebugString(), Not(HasSubstr(kSecret)));
}

TEST_F(GatewayE2eTest, RpcsAnswerPreciseStatuses) {
  auto stub = v1::LeadService::NewStub(channel_);
  v1::MergeLeadsRequest merge;
  merge.set_connection("hotprofile-test");
  merge.set_winner_id("1");
  merge.add_loser_ids("2");
  v1::MergeLeadsResponse merged;
  grpc::Status status = stub->MergeLeads(Context().get(), merge, &merged);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(status.error_message(),
            "hotprofile does not support leadgateway.v1.LeadService/MergeLeads");

  v1::GetLeadRequest request;
  request.set_connection("marketo-test");
  v1::Lead lead;

  request.set_id("not-a-number");
  status = stub->GetLead(Context().get(), request, &lead);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("id"));

  request.set_id("1");
  request.set_connection("salesforce");
  status = stub->GetLead(Context().get(), request, &lead);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("salesforce"));
}

TEST_F(GatewayE2eTest, MetricsEndpointCountsRpcs) {
  auto stub = v1::ConnectionService::NewStub(channel_);
  v1::ListConnectionsResponse response;
  ASSERT_TRUE(stub->ListConnections(Context().get(), {}, &response).ok());
  v1::GetConnectionRequest missing;
  missing.set_name("nope");
  v1::Connection connection;
  EXPECT_FALSE(stub->GetConnection(Context().get(), missing, &connection).ok());

  httplib::Client client("127.0.0.1", gateway_->metrics_port());
  auto scrape = client.Get("/metrics");
  ASSERT_TRUE(scrape) << "no answer from /metrics";
  EXPECT_EQ(scrape->status, 200);
  EXPECT_THAT(scrape->body,
              HasSubstr("leadgw_grpc_requests_total{code=\"OK\",method=\"leadgateway.v1."
                        "ConnectionService/ListConnections\"} 1"));
  EXPECT_THAT(scrape->body,
              HasSubstr("leadgw_grpc_requests_total{code=\"NOT_FOUND\",method=\"leadgateway.v1."
                        "ConnectionService/GetConnection\"} 1"));
  EXPECT_THAT(scrape->body, HasSubstr("leadgw_grpc_request_duration_seconds_bucket{"));
  EXPECT_THAT(scrape->body, HasSubstr("leadgw_build_info{revision="));
  EXPECT_THAT(scrape->body, Not(HasSubstr(kSecret)));
}

TEST_F(GatewayE2eTest, SigtermDrainsAndExitsZeroWithoutLeakingSecrets) {
  absl::StatusOr<int> code = gateway_->process().Stop(SIGTERM, absl::Seconds(15));
  ASSERT_THAT(code, IsOk());
  EXPECT_EQ(*code, 0);
  const std::string log = gateway_->Log();
  EXPECT_THAT(log, HasSubstr("\"message\":\"serving\""));
  EXPECT_THAT(log, HasSubstr("\"message\":\"draining\""));
  EXPECT_THAT(log, HasSubstr("\"message\":\"stopped\""));
  EXPECT_THAT(log, Not(HasSubstr(kSecret)));
}

TEST(GatewayStartupTest, InvalidConfigStopsStartupNamingTheKey) {
  GatewayProcessOptions options = Options();
  options.env = {};  // the secrets' environment variables are unset
  auto gateway = GatewayProcess::Start(options);
  ASSERT_THAT(gateway, Not(IsOk()));
  EXPECT_THAT(std::string(gateway.status().message()), HasSubstr("exited with 2"));
  EXPECT_THAT(std::string(gateway.status().message()),
              HasSubstr("connections[0].marketo.client_id.env: environment variable E2E_MKTO_ID"));
}

TEST(GatewayStartupTest, TextProtoConfigWorks) {
  GatewayProcessOptions options = Options();
  options.config = R"pb(
    connections {
      name: "hp"
      backend: "hotprofile"
      base_url: "http://127.0.0.1:1"
      hotprofile { api_key { env: "E2E_HP_KEY" } }
    }
  )pb";
  options.config_extension = ".textproto";
  auto gateway = GatewayProcess::Start(options);
  ASSERT_THAT(gateway, IsOk());
  auto stub = v1::ConnectionService::NewStub((*gateway)->NewChannel());
  v1::GetConnectionRequest request;
  request.set_name("hp");
  v1::Connection connection;
  ASSERT_TRUE(stub->GetConnection(Context().get(), request, &connection).ok());
  EXPECT_EQ(connection.backend(), v1::BACKEND_KIND_HOTPROFILE);
}

}  // namespace
}  // namespace leadgw::testing
