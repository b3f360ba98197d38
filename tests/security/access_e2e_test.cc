// The access policy on the real binary: each configured caller (known by its bearer token)
// against each operation class on each connection answers as the config says; a denied
// call never reaches the upstream; unknown callers are UNAUTHENTICATED; ListConnections
// shows a caller only the connections it may read; decisions are counted per caller.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/business_card_service.grpc.pb.h"
#include "leadgateway/v1/company_service.grpc.pb.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "leadgateway/v1/field_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "common/sha256.h"
#include "testing/status_matchers.h"
#include "leadgateway/v1/job_service.grpc.pb.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing::faults::ScrapeMetrics;
using ::leadgw::testing::faults::StartGateway;
using ::leadgw::testing::faults::StartHotProfile;
using ::leadgw::testing::faults::StartMarketo;
using ::leadgw::testing::faults::SumMetric;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

// Tokens and their `printf %s TOKEN | sha256sum` in the config.
constexpr char kReaderToken[] = "reader-token-7f3a";
constexpr char kWriterToken[] = "writer-token-91c2";
constexpr char kAdminToken[] = "admin-token-5d08";

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "jobs": {"journalPath": "JOURNAL_DIR/jobs.db"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS},
    {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL", HOTPROFILE_CREDENTIALS}
  ],
  "access": {"callers": [
    {"name": "reader", "tokenSha256": ["READER_HASH"],
     "grants": [{"connections": ["mkto"], "operations": ["read"]}]},
    {"name": "writer", "tokenSha256": ["WRITER_HASH"],
     "grants": [{"connections": ["*"], "operations": ["read", "write"]}]},
    {"name": "admin", "tokenSha256": ["ADMIN_HASH"],
     "grants": [{"connections": ["mkto"], "operations": ["read", "write", "delete", "schema"]},
                {"connections": ["hp"], "operations": ["read"]}]}
  ]}
})json";

class AccessE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    marketo_ = StartMarketo({});
    ASSERT_NE(marketo_, nullptr);
    hotprofile_ = StartHotProfile({});
    ASSERT_NE(hotprofile_, nullptr);
    auto gateway = StartGateway(kConfig, {{"MKTO_URL", marketo_->base_url()},
                                          {"HP_URL", hotprofile_->base_url()},
                                          {"READER_HASH", Sha256Hex(kReaderToken)},
                                          {"WRITER_HASH", Sha256Hex(kWriterToken)},
                                          {"ADMIN_HASH", Sha256Hex(kAdminToken)},
                                          {"JOURNAL_DIR", MakeTempDir()}});
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
    channel_ = gateway_->NewChannel();
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = faults::ContextWithTimeout(absl::Seconds(30));
    if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
    return context;
  }

  int64_t UpstreamCalls() {
    return marketo_->counters().TotalRequests() + hotprofile_->counters().TotalRequests();
  }

  // One call of `permission` class on `connection`, with valid requests throughout so that
  // only the policy can refuse them.
  grpc::Status Invoke(const std::string& token, const std::string& permission,
                      const std::string& connection) {
    auto leads = v1::LeadService::NewStub(channel_);
    if (connection == "hp") {
      v1::SearchBusinessCardsRequest search;
      search.set_connection(connection);
      search.set_page_size(1);
      v1::SearchBusinessCardsResponse cards;
      if (permission == "read") {
        return v1::BusinessCardService::NewStub(channel_)->SearchBusinessCards(
            As(token).get(), search, &cards);
      }
      v1::CreateCompaniesRequest create;
      create.set_connection(connection);
      v1::Company* company = create.add_companies();
      company->set_name("Access Matrix KK");
      company->set_display_name("Access Matrix KK");
      company->set_name_kana("アクセス");
      v1::WriteResponse written;
      return v1::CompanyService::NewStub(channel_)->CreateCompanies(As(token).get(), create,
                                                                   &written);
    }
    if (permission == "read") {
      v1::GetLeadRequest get;
      get.set_connection(connection);
      get.set_id("318581");
      v1::Lead lead;
      return leads->GetLead(As(token).get(), get, &lead);
    }
    if (permission == "write") {
      v1::UpsertLeadsRequest upsert;
      upsert.set_connection(connection);
      v1::Lead* lead = upsert.add_leads();
      lead->set_email("access-matrix@example.com");
      lead->set_last_name("Matrix");
      v1::WriteResponse written;
      return leads->UpsertLeads(As(token).get(), upsert, &written);
    }
    if (permission == "delete") {
      v1::DeleteLeadsRequest remove;
      remove.set_connection(connection);
      remove.add_ids("999999");
      v1::WriteResponse written;
      return leads->DeleteLeads(As(token).get(), remove, &written);
    }
    v1::CreateLeadFieldsRequest create;
    create.set_connection(connection);
    v1::NewLeadField* field = create.add_fields();
    field->set_name(absl::StrCat("accessField", ++fields_created_));
    field->set_display_name("Access field");
    field->set_data_type("string");
    v1::WriteResponse written;
    return v1::FieldService::NewStub(channel_)->CreateLeadFields(As(token).get(), create,
                                                                  &written);
  }

  std::unique_ptr<emulators::marketo::MarketoEmulator> marketo_;
  std::unique_ptr<emulators::hotprofile::HotProfileEmulator> hotprofile_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
  int fields_created_ = 0;
};

TEST_F(AccessE2eTest, EachCallerGetsWhatItsGrantsSayAndNothingMore) {
  struct Caller {
    std::string name;
    std::string token;
    std::map<std::string, std::vector<std::string>> allowed;  // connection -> classes
  };
  const std::vector<Caller> callers = {
      {"reader", kReaderToken, {{"mkto", {"read"}}}},
      {"writer", kWriterToken, {{"mkto", {"read", "write"}}, {"hp", {"read", "write"}}}},
      {"admin", kAdminToken, {{"mkto", {"read", "write", "delete", "schema"}}, {"hp", {"read"}}}},
  };
  // HotProfile has no delete or schema operations: only read and write apply there.
  const std::map<std::string, std::vector<std::string>> classes = {
      {"mkto", {"read", "write", "delete", "schema"}}, {"hp", {"read", "write"}}};
  for (const Caller& caller : callers) {
    for (const auto& [connection, permissions] : classes) {
      for (const std::string& permission : permissions) {
        const auto& granted = caller.allowed.count(connection) ? caller.allowed.at(connection)
                                                               : std::vector<std::string>();
        const bool allowed =
            std::find(granted.begin(), granted.end(), permission) != granted.end();
        const int64_t upstream_before = UpstreamCalls();
        const grpc::Status status = Invoke(caller.token, permission, connection);
        SCOPED_TRACE(absl::StrCat(caller.name, " ", permission, " on ", connection, ": ",
                                  status.error_code(), " ", status.error_message()));
        if (allowed) {
          EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
          EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
          EXPECT_TRUE(status.ok());
        } else {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
          EXPECT_THAT(status.error_message(),
                      HasSubstr(absl::StrCat("caller ", caller.name, " lacks the ", permission,
                                             " permission on connection ", connection)));
          EXPECT_EQ(UpstreamCalls(), upstream_before) << "a denied call reached the upstream";
        }
      }
    }
  }
  absl::StatusOr<std::string> metrics = ScrapeMetrics(gateway_->metrics_port());
  ASSERT_THAT(metrics, IsOk());
  EXPECT_EQ(SumMetric(*metrics, "leadgw_access_decisions_total",
                      {{"caller", "reader"}, {"decision", "denied"}}),
            5);
  EXPECT_EQ(SumMetric(*metrics, "leadgw_access_decisions_total",
                      {{"caller", "admin"}, {"permission", "schema"}, {"decision", "allowed"}}),
            1);
}

TEST_F(AccessE2eTest, CallersWithoutAKnownTokenAreUnauthenticated) {
  const int64_t upstream_before = UpstreamCalls();
  for (const std::string& token : {std::string(), std::string("not-a-configured-token")}) {
    const grpc::Status status = Invoke(token, "read", "mkto");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
    EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("not-a-configured-token")));
  }
  // Not even the connection's existence is revealed before the caller is known.
  const grpc::Status unknown = Invoke("", "read", "no-such-connection");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(UpstreamCalls(), upstream_before);
  absl::StatusOr<std::string> metrics = ScrapeMetrics(gateway_->metrics_port());
  ASSERT_THAT(metrics, IsOk());
  EXPECT_EQ(SumMetric(*metrics, "leadgw_access_decisions_total", {{"caller", "unidentified"}}),
            3);
}

TEST_F(AccessE2eTest, ListConnectionsShowsOnlyReadableConnections) {
  auto connections = v1::ConnectionService::NewStub(channel_);
  v1::ListConnectionsResponse seen;
  ASSERT_TRUE(connections->ListConnections(As(kReaderToken).get(), {}, &seen).ok());
  ASSERT_EQ(seen.connections_size(), 1);
  EXPECT_EQ(seen.connections(0).name(), "mkto");
  seen.Clear();
  ASSERT_TRUE(connections->ListConnections(As(kWriterToken).get(), {}, &seen).ok());
  EXPECT_EQ(seen.connections_size(), 2);
  v1::GetConnectionRequest get;
  get.set_name("hp");
  v1::Connection connection;
  EXPECT_EQ(connections->GetConnection(As(kReaderToken).get(), get, &connection).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessE2eTest, JobsNeedTheirWritesPermissionAndAreSeenByReadersOfTheirConnection) {
  auto jobs = v1::JobService::NewStub(channel_);
  auto submit = [&](const std::string& token, const v1::JobWrite& write, v1::Job* job) {
    v1::SubmitJobRequest request;
    *request.mutable_write() = write;
    return jobs->SubmitJob(As(token).get(), request, job);
  };
  v1::JobWrite upsert;
  upsert.mutable_upsert_leads()->set_connection("mkto");
  v1::Lead* lead = upsert.mutable_upsert_leads()->add_leads();
  lead->set_email("access-job@example.com");
  lead->set_last_name("Job");
  v1::JobWrite remove;
  remove.mutable_delete_leads()->set_connection("mkto");
  remove.mutable_delete_leads()->add_ids("999999");
  v1::JobWrite company;
  company.mutable_create_companies()->set_connection("hp");
  v1::Company* created = company.mutable_create_companies()->add_companies();
  created->set_name("Access Job KK");
  created->set_display_name("Access Job KK");
  created->set_name_kana("アクセス");

  v1::Job mkto_job;
  v1::Job hp_job;
  ASSERT_TRUE(submit(kWriterToken, upsert, &mkto_job).ok());
  ASSERT_TRUE(submit(kWriterToken, company, &hp_job).ok());
  v1::Job refused;
  EXPECT_EQ(submit(kWriterToken, remove, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "a delete job needs the delete permission";
  EXPECT_EQ(submit(kReaderToken, upsert, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::GetJobRequest get;
  get.set_id(mkto_job.id());
  v1::Job seen;
  EXPECT_TRUE(jobs->GetJob(As(kReaderToken).get(), get, &seen).ok());
  get.set_id(hp_job.id());
  EXPECT_EQ(jobs->GetJob(As(kReaderToken).get(), get, &seen).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::CancelJobRequest cancel;
  cancel.set_id(mkto_job.id());
  EXPECT_EQ(jobs->CancelJob(As(kReaderToken).get(), cancel, &seen).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListJobsResponse listed;
  ASSERT_TRUE(jobs->ListJobs(As(kReaderToken).get(), {}, &listed).ok());
  ASSERT_EQ(listed.jobs_size(), 1) << "the reader may not read hp";
  EXPECT_EQ(listed.jobs(0).id(), mkto_job.id());
  listed.Clear();
  ASSERT_TRUE(jobs->ListJobs(As(kWriterToken).get(), {}, &listed).ok());
  EXPECT_EQ(listed.jobs_size(), 2);
}

}  // namespace
}  // namespace leadgw::testing
