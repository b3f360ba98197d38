// The gRPC handlers over a real loopback channel, with a gMock backend behind them.
#include <memory>
#include <string>
#include <vector>

#include "testing/mock_lead_backend.h"
#include "upstream/upstream_error.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/business_card_service_impl.h"
#include "service/company_service_impl.h"
#include "service/connection_service_impl.h"
#include "service/field_service_impl.h"
#include "service/lead_service_impl.h"
#include "service/membership_service_impl.h"

namespace leadgw::service {
namespace {

using backends::CallContext;
using backends::Operation;
using testing_util::MockLeadBackend;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Property;
using ::testing::Return;
using ::testing::Not;
using ::testing::Contains;

class HandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto backend = std::make_unique<::testing::NiceMock<MockLeadBackend>>();
    backend_ = backend.get();
    ON_CALL(*backend_, backend_name()).WillByDefault(Return("marketo"));
    ON_CALL(*backend_, Supports(_)).WillByDefault(Return(false));
    ON_CALL(*backend_, Supports(Operation::kGetLead)).WillByDefault(Return(true));
    ON_CALL(*backend_, Supports(Operation::kQueryLeads)).WillByDefault(Return(true));

    auto entry = std::make_unique<ConnectionRegistry::Entry>();
    entry->settings.name = "mkto";
    entry->settings.kind = v1::BACKEND_KIND_MARKETO;
    entry->settings.base_url = "https://123-ABC-456.mktorest.com";
    entry->backend = std::move(backend);
    std::vector<std::unique_ptr<ConnectionRegistry::Entry>> entries;
    entries.push_back(std::move(entry));
    registry_ = std::make_unique<ConnectionRegistry>(std::move(entries));
    env_.registry = registry_.get();

    services_.push_back(std::make_unique<LeadServiceImpl>(&env_));
    services_.push_back(std::make_unique<FieldServiceImpl>(&env_));
    services_.push_back(std::make_unique<MembershipServiceImpl>(&env_));
    services_.push_back(std::make_unique<CompanyServiceImpl>(&env_));
    services_.push_back(std::make_unique<BusinessCardServiceImpl>(&env_));
    services_.push_back(std::make_unique<ConnectionServiceImpl>(&env_));
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    for (auto& service : services_) builder.RegisterService(service.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                   grpc::InsecureChannelCredentials());
  }

  void TearDown() override { server_->Shutdown(); }

  std::unique_ptr<grpc::ClientContext> Context(absl::Duration timeout = absl::Seconds(10)) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    return context;
  }

  MockLeadBackend* backend_ = nullptr;
  std::unique_ptr<ConnectionRegistry> registry_;
  RpcEnv env_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

TEST_F(HandlersTest, GetLeadPassesRequestAndDeadline) {
  const absl::Time before = absl::Now();
  EXPECT_CALL(
      *backend_,
      GetLead(_, AllOf(Property(&v1::GetLeadRequest::id, "318581"),
                       Property(&v1::GetLeadRequest::fields, ElementsAre("email", "firstName")))))
      .WillOnce([&](const CallContext& ctx, const v1::GetLeadRequest&) {
        EXPECT_GT(ctx.deadline, before);
        EXPECT_LE(ctx.deadline, before + absl::Seconds(5));
        EXPECT_EQ(ctx.request_id, "req-42");
        v1::Lead lead;
        lead.set_id("318581");
        lead.set_email("jdoe@marketo.com");
        return lead;
      });
  auto stub = v1::LeadService::NewStub(channel_);
  auto context = Context(absl::Seconds(5));
  context->AddMetadata("x-request-id", "req-42");
  v1::GetLeadRequest request;
  request.set_connection("mkto");
  request.set_id("318581");
  request.add_fields("email");
  request.add_fields("firstName");
  v1::Lead lead;
  grpc::Status status = stub->GetLead(context.get(), request, &lead);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(lead.email(), "jdoe@marketo.com");
}

TEST_F(HandlersTest, UnknownConnectionIsNotFoundAndCallsNothing) {
  EXPECT_CALL(*backend_, GetLead(_, _)).Times(0);
  auto stub = v1::LeadService::NewStub(channel_);
  v1::GetLeadRequest request;
  request.set_connection("nope");
  request.set_id("1");
  v1::Lead lead;
  grpc::Status status = stub->GetLead(Context().get(), request, &lead);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(),
            "connection 'nope' is not configured; configured connections: mkto");
}

TEST_F(HandlersTest, InvalidRequestNamesTheFieldAndCallsNothing) {
  EXPECT_CALL(*backend_, GetLead(_, _)).Times(0);
  auto stub = v1::LeadService::NewStub(channel_);
  v1::GetLeadRequest request;
  request.set_connection("mkto");
  request.set_id("12ab");
  v1::Lead lead;
  grpc::Status status = stub->GetLead(Context().get(), request, &lead);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("id: ", 0), 0u) << status.error_message();
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(DetailsOf(status).details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "id");
}

TEST_F(HandlersTest, UpstreamErrorsKeepCodeAndDetails) {
  EXPECT_CALL(*backend_, GetLead(_, _)).WillOnce([](const CallContext&, const v1::GetLeadRequest&) {
    absl::Status status = upstream::UpstreamError(absl::StatusCode::kResourceExhausted, "marketo",
                                                  "606", "Max rate limit '100' exceeded");
    upstream::SetRetryAfter(status, absl::Seconds(3));
    return absl::StatusOr<v1::Lead>(status);
  });
  auto stub = v1::LeadService::NewStub(channel_);
  v1::GetLeadRequest request;
  request.set_connection("mkto");
  request.set_id("5");
  v1::Lead lead;
  grpc::Status status = stub->GetLead(Context().get(), request, &lead);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(), "marketo 606: Max rate limit '100' exceeded");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(DetailsOf(status).details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "606");
  EXPECT_EQ(info.domain(), "marketo");
}

TEST_F(HandlersTest, ExhaustedCallerDeadlineNeverReachesTheBackend) {
  EXPECT_CALL(*backend_, GetLead(_, _)).Times(0);
  auto stub = v1::LeadService::NewStub(channel_);
  v1::GetLeadRequest request;
  request.set_connection("mkto");
  request.set_id("5");
  v1::Lead lead;
  grpc::Status status = stub->GetLead(Context(absl::Milliseconds(5)).get(), request, &lead);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

v1::QueryLeadsRequest EmailQuery() {
  v1::QueryLeadsRequest request;
  request.set_connection("mkto");
  request.set_filter_field("email");
  request.add_filter_values("a@example.com");
  return request;
}

TEST_F(HandlersTest, QueryLeadsWrapsAndUnwrapsPageTokens) {
  EXPECT_CALL(*backend_, QueryLeads(_, Property(&v1::QueryLeadsRequest::page_token, "")))
      .WillOnce([](const CallContext&, const v1::QueryLeadsRequest&) {
        v1::QueryLeadsResponse page;
        page.add_leads()->set_id("1");
        page.set_next_page_token("upstream-cursor-2");
        return page;
      });
  EXPECT_CALL(*backend_,
              QueryLeads(_, Property(&v1::QueryLeadsRequest::page_token, "upstream-cursor-2")))
      .WillOnce([](const CallContext&, const v1::QueryLeadsRequest&) {
        v1::QueryLeadsResponse page;
        page.add_leads()->set_id("2");
        return page;
      });
  auto stub = v1::LeadService::NewStub(channel_);
  v1::QueryLeadsResponse first;
  ASSERT_TRUE(stub->QueryLeads(Context().get(), EmailQuery(), &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  EXPECT_EQ(first.next_page_token().find("upstream-cursor-2"), std::string::npos);

  v1::QueryLeadsRequest next = EmailQuery();
  next.set_page_token(first.next_page_token());
  next.set_page_size(10);  // may change between pages
  v1::QueryLeadsResponse second;
  ASSERT_TRUE(stub->QueryLeads(Context().get(), next, &second).ok());
  EXPECT_EQ(second.leads(0).id(), "2");
  EXPECT_TRUE(second.next_page_token().empty());

  v1::QueryLeadsRequest other = EmailQuery();
  other.set_filter_field("id");
  other.set_page_token(first.next_page_token());
  v1::QueryLeadsResponse rejected;
  grpc::Status status = stub->QueryLeads(Context().get(), other, &rejected);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("page_token: ", 0), 0u);
}

TEST_F(HandlersTest, StreamLeadsWalksEveryPageInOrder) {
  int calls = 0;
  EXPECT_CALL(*backend_, QueryLeads(_, _))
      .Times(3)
      .WillRepeatedly([&](const CallContext& ctx, const v1::QueryLeadsRequest& request) {
        EXPECT_EQ(ctx.priority, backends::CallPriority::kBulk);
        EXPECT_EQ(request.page_token(), calls == 0 ? "" : "p" + std::to_string(calls));
        v1::QueryLeadsResponse page;
        page.add_leads()->set_id(std::to_string(2 * calls));
        page.add_leads()->set_id(std::to_string(2 * calls + 1));
        ++calls;
        if (calls < 3) page.set_next_page_token("p" + std::to_string(calls));
        return page;
      });
  auto stub = v1::LeadService::NewStub(channel_);
  auto context = Context();
  auto reader = stub->StreamLeads(context.get(), EmailQuery());
  std::vector<std::string> ids;
  v1::Lead lead;
  while (reader->Read(&lead)) ids.push_back(lead.id());
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_THAT(ids, ElementsAre("0", "1", "2", "3", "4", "5"));
}

TEST_F(HandlersTest, StreamStopsOnARepeatedCursor) {
  EXPECT_CALL(*backend_, QueryLeads(_, _))
      .WillRepeatedly([](const CallContext&, const v1::QueryLeadsRequest&) {
        v1::QueryLeadsResponse page;
        page.set_next_page_token("same");
        return page;
      });
  auto stub = v1::LeadService::NewStub(channel_);
  auto context = Context();
  auto reader = stub->StreamLeads(context.get(), EmailQuery());
  v1::Lead lead;
  while (reader->Read(&lead)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INTERNAL);
}

TEST_F(HandlersTest, PartialBatchFailureIsAnOkRpcWithPerRecordResults) {
  EXPECT_CALL(*backend_, UpsertLeads(_, Property(&v1::UpsertLeadsRequest::leads_size, 2)))
      .WillOnce([](const CallContext&, const v1::UpsertLeadsRequest&) {
        v1::WriteResponse response;
        auto* created = response.add_results();
        created->set_index(0);
        created->set_id("50");
        created->set_status(v1::RECORD_STATUS_CREATED);
        auto* skipped = response.add_results();
        skipped->set_index(1);
        skipped->set_status(v1::RECORD_STATUS_SKIPPED);
        auto* reason = skipped->add_reasons();
        reason->set_code("1005");
        reason->set_message("Lead already exists");
        return response;
      });
  auto stub = v1::LeadService::NewStub(channel_);
  v1::UpsertLeadsRequest request;
  request.set_connection("mkto");
  request.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
  request.add_leads()->set_email("new@example.com");
  request.add_leads()->set_email("old@example.com");
  v1::WriteResponse response;
  ASSERT_TRUE(stub->UpsertLeads(Context().get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_EQ(response.results(1).reasons(0).code(), "1005");
}

TEST_F(HandlersTest, EveryServiceDispatchesToItsBackendMethod) {
  EXPECT_CALL(*backend_, GetLeadField(_, Property(&v1::GetLeadFieldRequest::name, "email")))
      .WillOnce(Return(v1::LeadField()));
  EXPECT_CALL(*backend_,
              ListProgramMembers(_, Property(&v1::ListProgramMembersRequest::program_id, "1044")))
      .WillOnce(Return(v1::ListProgramMembersResponse()));
  EXPECT_CALL(*backend_, SearchCompanies(_, _)).WillOnce(Return(v1::SearchCompaniesResponse()));
  EXPECT_CALL(*backend_,
              CreateBusinessCards(_, Property(&v1::CreateBusinessCardsRequest::cards_size, 1)))
      .WillOnce(Return(v1::WriteResponse()));

  v1::GetLeadFieldRequest field_request;
  field_request.set_connection("mkto");
  field_request.set_name("email");
  v1::LeadField field;
  EXPECT_TRUE(v1::FieldService::NewStub(channel_)
                  ->GetLeadField(Context().get(), field_request, &field)
                  .ok());

  v1::ListProgramMembersRequest members_request;
  members_request.set_connection("mkto");
  members_request.set_program_id("1044");
  v1::ListProgramMembersResponse members;
  EXPECT_TRUE(v1::MembershipService::NewStub(channel_)
                  ->ListProgramMembers(Context().get(), members_request, &members)
                  .ok());

  v1::SearchCompaniesRequest companies_request;
  companies_request.set_connection("mkto");
  v1::SearchCompaniesResponse companies;
  EXPECT_TRUE(v1::CompanyService::NewStub(channel_)
                  ->SearchCompanies(Context().get(), companies_request, &companies)
                  .ok());

  v1::CreateBusinessCardsRequest cards_request;
  cards_request.set_connection("mkto");
  auto* card = cards_request.add_cards();
  card->set_company_id("1");
  card->set_last_name("山田");
  card->set_status(v1::CARD_STATUS_ACTIVE);
  card->set_visibility(v1::CARD_VISIBILITY_PUBLIC);
  v1::WriteResponse written;
  grpc::Status status = v1::BusinessCardService::NewStub(channel_)->CreateBusinessCards(
      Context().get(), cards_request, &written);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(HandlersTest, UnimplementedFromTheBackendReachesTheCaller) {
  EXPECT_CALL(*backend_, MergeLeads(_, _))
      .WillOnce(Return(absl::UnimplementedError(
          "hotprofile does not support leadgateway.v1.LeadService/MergeLeads")));
  v1::MergeLeadsRequest request;
  request.set_connection("mkto");
  request.set_winner_id("1");
  request.add_loser_ids("2");
  v1::MergeLeadsResponse response;
  grpc::Status status =
      v1::LeadService::NewStub(channel_)->MergeLeads(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(status.error_message(),
            "hotprofile does not support leadgateway.v1.LeadService/MergeLeads");
}

TEST_F(HandlersTest, ConnectionsListCapabilitiesAndHealth) {
  EXPECT_CALL(*backend_, GetLead(_, _))
      .WillRepeatedly(Return(absl::UnavailableError("marketo: connection refused")));
  auto lead_stub = v1::LeadService::NewStub(channel_);
  v1::GetLeadRequest request;
  request.set_connection("mkto");
  request.set_id("1");
  for (int i = 0; i < HealthTracker::kUnavailableAfter; ++i) {
    v1::Lead lead;
    EXPECT_EQ(lead_stub->GetLead(Context().get(), request, &lead).error_code(),
              grpc::StatusCode::UNAVAILABLE);
  }
  auto stub = v1::ConnectionService::NewStub(channel_);
  v1::ListConnectionsResponse list;
  ASSERT_TRUE(stub->ListConnections(Context().get(), v1::ListConnectionsRequest(), &list).ok());
  ASSERT_EQ(list.connections_size(), 1);
  const v1::Connection& connection = list.connections(0);
  EXPECT_EQ(connection.name(), "mkto");
  EXPECT_EQ(connection.backend(), v1::BACKEND_KIND_MARKETO);
  EXPECT_THAT(connection.supported_methods(),
              ::testing::IsSupersetOf({"leadgateway.v1.LeadService/GetLead",
                                       "leadgateway.v1.LeadService/QueryLeads",
                                       "leadgateway.v1.LeadService/StreamLeads"}));
  EXPECT_THAT(connection.supported_methods(),
              Not(Contains("leadgateway.v1.LeadService/MergeLeads")));
  EXPECT_EQ(connection.health(), v1::CONNECTION_HEALTH_UNAVAILABLE);
  EXPECT_EQ(connection.health_detail(), "marketo: connection refused");

  v1::GetConnectionRequest get;
  get.set_name("missing");
  v1::Connection missing;
  EXPECT_EQ(stub->GetConnection(Context().get(), get, &missing).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace leadgw::service
