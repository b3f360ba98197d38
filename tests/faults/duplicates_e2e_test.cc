// Duplicate protection end to end.
//
// Serialised upserts: 50 concurrent clients upsert (createOrUpdate) 20 shared emails, in
// mixed case, through one connection. Marketo's emulator reproduces the upstream race
// (duplicate_race_delay: look-up, sleep, insert); HotProfile has no upsert upstream, so
// the gateway's own look-up + create is the race (widened by 10 ms of latency). Each
// email must exist exactly once. A control through two connections to one emulator
// (serialisation is per connection) shows the race is live, so zero duplicates means
// something.
//
// Idempotency keys: createDuplicate (not idempotent upstream) sent twice, or twice at
// once, with one `idempotency-key` creates one lead and answers identically; the same
// key with a different request is INVALID_ARGUMENT naming the metadata.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "emulators/hotprofile/field_rules.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
namespace hp = ::leadgw::emulators::hotprofile;
using ::google::protobuf::util::MessageDifferencer;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

constexpr int kClients = 50;
constexpr int kEmails = 20;
constexpr int kControlEmails = 5;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "20s"}},
    {"name": "mkto-twin-a", "backend": "marketo", "baseUrl": "MKTO_CONTROL_URL",
     MARKETO_CREDENTIALS, "limits": {"callsPerWindow": 100000, "window": "20s"}},
    {"name": "mkto-twin-b", "backend": "marketo", "baseUrl": "MKTO_CONTROL_URL",
     MARKETO_CREDENTIALS, "limits": {"callsPerWindow": 100000, "window": "20s"}},
    {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL", HOTPROFILE_CREDENTIALS,
     "limits": {"callsPerWindow": 100000, "window": "20s"}},
    {"name": "hp-twin-a", "backend": "hotprofile", "baseUrl": "HP_CONTROL_URL",
     HOTPROFILE_CREDENTIALS, "limits": {"callsPerWindow": 100000, "window": "20s"}},
    {"name": "hp-twin-b", "backend": "hotprofile", "baseUrl": "HP_CONTROL_URL",
     HOTPROFILE_CREDENTIALS, "limits": {"callsPerWindow": 100000, "window": "20s"}}
  ]
})json";

std::string Email(absl::string_view tag, int i) {
  return absl::StrCat(tag, "-", i, "@dup.example.com");
}

// Client `client` upserts three of the shared emails; odd clients write them upper-case,
// which the gateway must treat as the same key (the upstreams compare emails
// case-insensitively).
std::vector<std::string> EmailsOfClient(absl::string_view tag, int client) {
  std::vector<std::string> emails;
  for (int offset : {0, 7, 13}) {
    std::string email = Email(tag, (client + offset) % kEmails);
    if (client % 2 == 1) absl::AsciiStrToUpper(&email);
    emails.push_back(email);
  }
  return emails;
}

class DuplicatesE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    mkto::MarketoEmulatorOptions race;
    race.rate_limit_calls = 0;
    race.max_concurrent = 0;
    race.duplicate_race_delay = absl::Milliseconds(30);
    marketo_ = StartMarketo(race).release();
    marketo_control_ = StartMarketo(race).release();
    hp::HotProfileEmulatorOptions hp_options;
    hp_options.rate_limit_calls = 0;
    hp_options.worker_threads = 32;
    hotprofile_ = StartHotProfile(hp_options).release();
    hotprofile_control_ = StartHotProfile(hp_options).release();
    ASSERT_TRUE(marketo_ && marketo_control_ && hotprofile_ && hotprofile_control_);
    emulators::common::FaultConfig latency;
    latency.latency = absl::Milliseconds(10);
    ASSERT_THAT(hotprofile_->faults().Set(latency), IsOk());
    ASSERT_THAT(hotprofile_control_->faults().Set(latency), IsOk());
    auto gateway = StartGateway(kConfig, {{"MKTO_CONTROL_URL", marketo_control_->base_url()},
                                          {"MKTO_URL", marketo_->base_url()},
                                          {"HP_CONTROL_URL", hotprofile_control_->base_url()},
                                          {"HP_URL", hotprofile_->base_url()}});
    ASSERT_THAT(gateway, IsOk());
    gateway_ = gateway->release();
  }

  static void TearDownTestSuite() {
    delete gateway_;
    delete marketo_;
    delete marketo_control_;
    delete hotprofile_;
    delete hotprofile_control_;
  }

  void SetUp() override {
    ASSERT_NE(gateway_, nullptr);
    leads_ = v1::LeadService::NewStub(gateway_->NewChannel());
  }

  // A createOrUpdate of `emails`; HotProfile leads also need a client and a family name.
  static v1::UpsertLeadsRequest UpsertOf(const std::string& connection,
                                         const std::vector<std::string>& emails) {
    v1::UpsertLeadsRequest request;
    request.set_connection(connection);
    request.set_action(v1::UPSERT_ACTION_CREATE_OR_UPDATE);
    for (const std::string& email : emails) {
      v1::Lead* lead = request.add_leads();
      lead->set_email(email);
      lead->set_last_name("Dup");
      if (connection.rfind("hp", 0) == 0) lead->set_company_id("1");
    }
    return request;
  }

  // Runs `requests` at once (one thread each) and returns the answers; RPC failures are
  // test failures.
  std::vector<v1::WriteResponse> UpsertConcurrently(
      const std::vector<v1::UpsertLeadsRequest>& requests) {
    std::vector<v1::WriteResponse> responses(requests.size());
    std::vector<grpc::Status> statuses(requests.size());
    RunOnThreads(static_cast<int>(requests.size()), [&](int i) {
      statuses[i] = leads_->UpsertLeads(ContextWithTimeout(absl::Seconds(30)).get(), requests[i],
                                        &responses[i]);
    });
    for (size_t i = 0; i < requests.size(); ++i) {
      EXPECT_TRUE(statuses[i].ok()) << "client " << i << ": " << statuses[i].error_message();
    }
    return responses;
  }

  // Counts CREATED results and fails the test on FAILED or SKIPPED ones.
  static int CountCreated(const std::vector<v1::WriteResponse>& responses) {
    int created = 0;
    for (const v1::WriteResponse& response : responses) {
      for (const v1::RecordResult& result : response.results()) {
        if (result.status() == v1::RECORD_STATUS_CREATED) ++created;
        EXPECT_TRUE(result.status() == v1::RECORD_STATUS_CREATED ||
                    result.status() == v1::RECORD_STATUS_UPDATED)
            << result.ShortDebugString();
      }
    }
    return created;
  }

  // Leads HotProfile holds with exactly this email (case-insensitive), read through the
  // gateway.
  int HotProfileLeadsWithEmail(const std::string& connection, const std::string& email) {
    v1::QueryLeadsRequest request;
    request.set_connection(connection);
    request.set_filter_field("email");
    request.add_filter_values(email);
    v1::QueryLeadsResponse response;
    grpc::Status status =
        leads_->QueryLeads(ContextWithTimeout(absl::Seconds(10)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    int count = 0;
    for (const v1::Lead& lead : response.leads()) {
      if (absl::AsciiStrToLower(lead.email()) == absl::AsciiStrToLower(email)) ++count;
    }
    return count;
  }

  static mkto::MarketoEmulator* marketo_;
  static mkto::MarketoEmulator* marketo_control_;
  static hp::HotProfileEmulator* hotprofile_;
  static hp::HotProfileEmulator* hotprofile_control_;
  static GatewayProcess* gateway_;
  std::unique_ptr<v1::LeadService::Stub> leads_;
};

mkto::MarketoEmulator* DuplicatesE2eTest::marketo_ = nullptr;
mkto::MarketoEmulator* DuplicatesE2eTest::marketo_control_ = nullptr;
hp::HotProfileEmulator* DuplicatesE2eTest::hotprofile_ = nullptr;
hp::HotProfileEmulator* DuplicatesE2eTest::hotprofile_control_ = nullptr;
GatewayProcess* DuplicatesE2eTest::gateway_ = nullptr;

TEST_F(DuplicatesE2eTest, MarketoConcurrentUpsertsOfSharedEmailsCreateEachOnce) {
  // Control: the race is live when two connections (two serialisers) write one account.
  std::vector<v1::UpsertLeadsRequest> control;
  for (int i = 0; i < kControlEmails; ++i) {
    control.push_back(UpsertOf("mkto-twin-a", {Email("mkto-control", i)}));
    control.push_back(UpsertOf("mkto-twin-b", {Email("mkto-control", i)}));
  }
  UpsertConcurrently(control);
  int control_duplicates = 0;
  for (int i = 0; i < kControlEmails; ++i) {
    control_duplicates +=
        marketo_control_->CountLeadsWithField("email", Email("mkto-control", i)) > 1;
  }

  std::vector<v1::UpsertLeadsRequest> requests;
  for (int client = 0; client < kClients; ++client) {
    requests.push_back(UpsertOf("mkto", EmailsOfClient("mkto", client)));
  }
  const int created = CountCreated(UpsertConcurrently(requests));
  int duplicated = 0;
  for (int i = 0; i < kEmails; ++i) {
    const size_t count = marketo_->CountLeadsWithField("email", Email("mkto", i));
    EXPECT_EQ(count, 1u) << Email("mkto", i) << " exists " << count << " times";
    duplicated += count > 1;
  }
  std::cout << "[duplicates marketo] clients=" << kClients << " emails=" << kEmails
            << " created=" << created << " duplicated_emails=" << duplicated
            << " control_duplicated_emails=" << control_duplicates << "/" << kControlEmails
            << std::endl;
  EXPECT_EQ(created, kEmails) << "each email must be created exactly once";
  EXPECT_GT(control_duplicates, 0)
      << "the emulator's duplicate race did not fire in the control: zero duplicates above "
         "proves nothing";
}

TEST_F(DuplicatesE2eTest, HotProfileConcurrentUpsertsOfSharedEmailsCreateEachOnce) {
  std::vector<v1::UpsertLeadsRequest> control;
  for (int i = 0; i < kControlEmails; ++i) {
    control.push_back(UpsertOf("hp-twin-a", {Email("hp-control", i)}));
    control.push_back(UpsertOf("hp-twin-b", {Email("hp-control", i)}));
  }
  const int64_t control_before = hotprofile_control_->store().Size(hp::ObjectKind::kLead);
  UpsertConcurrently(control);
  const int64_t control_created =
      hotprofile_control_->store().Size(hp::ObjectKind::kLead) - control_before;

  const int64_t before = hotprofile_->store().Size(hp::ObjectKind::kLead);
  std::vector<v1::UpsertLeadsRequest> requests;
  for (int client = 0; client < kClients; ++client) {
    requests.push_back(UpsertOf("hp", EmailsOfClient("hp", client)));
  }
  const int created = CountCreated(UpsertConcurrently(requests));
  const int64_t stored = hotprofile_->store().Size(hp::ObjectKind::kLead) - before;
  for (int i = 0; i < kEmails; ++i) {
    EXPECT_EQ(HotProfileLeadsWithEmail("hp", Email("hp", i)), 1) << Email("hp", i);
  }
  std::cout << "[duplicates hotprofile] clients=" << kClients << " emails=" << kEmails
            << " created=" << created << " leads_stored=" << stored << " control_leads_for_"
            << kControlEmails << "_emails=" << control_created << std::endl;
  EXPECT_EQ(created, kEmails);
  EXPECT_EQ(stored, kEmails) << "duplicates were stored";
  EXPECT_GT(control_created, kControlEmails)
      << "the look-up/create race did not fire in the control: zero duplicates above "
         "proves nothing";
}

class IdempotencyKeyE2eTest : public DuplicatesE2eTest {
 protected:
  grpc::Status CreateDuplicate(const std::string& email, const std::string& key,
                               v1::WriteResponse* response) {
    v1::UpsertLeadsRequest request;
    request.set_connection("mkto");
    request.set_action(v1::UPSERT_ACTION_CREATE_DUPLICATE);
    request.add_leads()->set_email(email);
    auto context = ContextWithTimeout(absl::Seconds(10));
    if (!key.empty()) context->AddMetadata("idempotency-key", key);
    return leads_->UpsertLeads(context.get(), request, response);
  }

  size_t Leads(const std::string& email) { return marketo_->CountLeadsWithField("email", email); }
};

TEST_F(IdempotencyKeyE2eTest, WithoutAKeyCreateDuplicateCreatesTwice) {
  v1::WriteResponse first, second;
  ASSERT_TRUE(CreateDuplicate("idem-none@dup.example.com", "", &first).ok());
  ASSERT_TRUE(CreateDuplicate("idem-none@dup.example.com", "", &second).ok());
  EXPECT_EQ(Leads("idem-none@dup.example.com"), 2u) << "createDuplicate should not be idempotent";
}

TEST_F(IdempotencyKeyE2eTest, RepeatWithTheSameKeyCreatesOnceAndAnswersIdentically) {
  const std::string email = "idem-repeat@dup.example.com";
  v1::WriteResponse first, second;
  grpc::Status status = CreateDuplicate(email, "faults-repeat-key-1", &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = CreateDuplicate(email, "faults-repeat-key-1", &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(first, second))
      << first.ShortDebugString() << " vs " << second.ShortDebugString();
  ASSERT_EQ(first.results_size(), 1);
  EXPECT_EQ(first.results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(Leads(email), 1u);

  // The same key with another request is the caller's mistake.
  v1::WriteResponse other;
  status = CreateDuplicate("idem-other@dup.example.com", "faults-repeat-key-1", &other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("idempotency-key"));
  EXPECT_EQ(Leads("idem-other@dup.example.com"), 0u);
  EXPECT_EQ(Leads(email), 1u);
}

TEST_F(IdempotencyKeyE2eTest, ConcurrentPairWithTheSameKeyCreatesOnce) {
  const std::string email = "idem-concurrent@dup.example.com";
  // 200 ms of upstream latency keeps the first run in flight when the second arrives.
  emulators::common::FaultConfig slow;
  slow.latency = absl::Milliseconds(200);
  ASSERT_THAT(marketo_->faults().Set(slow), IsOk());
  v1::WriteResponse responses[2];
  grpc::Status statuses[2];
  RunOnThreads(2, [&](int i) {
    statuses[i] = CreateDuplicate(email, "faults-concurrent-key-1", &responses[i]);
  });
  ASSERT_THAT(marketo_->faults().Set({}), IsOk());
  ASSERT_TRUE(statuses[0].ok()) << statuses[0].error_message();
  ASSERT_TRUE(statuses[1].ok()) << statuses[1].error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(responses[0], responses[1]))
      << responses[0].ShortDebugString() << " vs " << responses[1].ShortDebugString();
  EXPECT_EQ(Leads(email), 1u) << "two concurrent runs of one idempotency key";
}

}  // namespace
}  // namespace leadgw::testing::faults
