// Ids and values that could alter an upstream URL (`../`, `?`, `#`, `%0d%0a`, CR LF, NUL,
// a space) on the real binary against both emulators: each is either refused with
// INVALID_ARGUMENT naming the field, before any upstream call, or reaches the upstream only
// inside one percent-encoded path segment or query value. The proof is the raw request
// target the emulator received: it must equal the target of the same call with a benign
// value, with only that value replaced by its encoding, and carry the same header names.
#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/business_card_service.grpc.pb.h"
#include "leadgateway/v1/field_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::emulators::common::ReceivedRequest;
using ::leadgw::emulators::common::RequestLog;
using ::leadgw::testing::faults::StartGateway;
using ::leadgw::testing::faults::StartHotProfile;
using ::leadgw::testing::faults::StartMarketo;
using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "jobs": {"journalPath": "JOURNAL_DIR/jobs.db"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS},
    {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL", HOTPROFILE_CREDENTIALS}
  ]
})json";

// A value every validator accepts; its encoding is itself.
constexpr char kBenign[] = "benignValue7";

struct HostileValue {
  std::string label;
  std::string raw;
  // RFC 3986 percent-encoding (unreserved characters kept, upper-case hex), written out
  // here rather than computed so the test does not trust the code under test.
  std::string encoded;
};

const std::vector<HostileValue>& HostileValues() {
  static const auto* values = new std::vector<HostileValue>{
      {"dot-dot path", "../../oauth/token", "..%2F..%2Foauth%2Ftoken"},
      {"query", "1?x=y", "1%3Fx%3Dy"},
      {"fragment", "1#frag", "1%23frag"},
      {"encoded CR LF header", "1%0d%0aX-Injected: 1", "1%250d%250aX-Injected%3A%201"},
      {"raw CR LF header", "1\r\nX-Injected: 1", "1%0D%0AX-Injected%3A%201"},
      {"encoded dot-dot slash", "%2e%2e%2f", "%252e%252e%252f"},
      {"space", "1 2", "1%202"},
      {"NUL", std::string("1\0" "2", 3), "1%002"},
  };
  return *values;
}

// One RPC that carries `value` in one field, on one connection.
struct Probe {
  std::string label;       // for the trace, e.g. "mkto GetLead id"
  std::string field;       // the field an INVALID_ARGUMENT must name
  RequestLog* upstream;    // the emulator the connection calls
  std::function<grpc::Status(const std::string& value)> call;
};

// The last request of `log` that is not a token fetch: the one the RPC caused.
const ReceivedRequest* LastApiRequest(const std::vector<ReceivedRequest>& log) {
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->target.rfind("/identity/", 0) != 0) return &*it;
  }
  return nullptr;
}

std::set<std::string> HeaderNames(const ReceivedRequest& request) {
  std::set<std::string> names;
  for (const auto& header : request.headers) names.insert(header.first);
  return names;
}

class HostileIdsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    marketo_ = StartMarketo({});
    ASSERT_NE(marketo_, nullptr);
    hotprofile_ = StartHotProfile({});
    ASSERT_NE(hotprofile_, nullptr);
    auto gateway = StartGateway(kConfig, {{"MKTO_URL", marketo_->base_url()},
                                          {"HP_URL", hotprofile_->base_url()},
                                          {"JOURNAL_DIR", MakeTempDir()}});
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
    channel_ = gateway_->NewChannel();
  }

  std::vector<Probe> Probes() {
    auto leads = v1::LeadService::NewStub(channel_);
    std::shared_ptr<v1::LeadService::Stub> lead_stub = std::move(leads);
    std::shared_ptr<v1::FieldService::Stub> fields = v1::FieldService::NewStub(channel_);
    std::shared_ptr<v1::BusinessCardService::Stub> cards =
        v1::BusinessCardService::NewStub(channel_);
    auto get_lead = [lead_stub](const std::string& connection) {
      return [lead_stub, connection](const std::string& value) {
        v1::GetLeadRequest request;
        request.set_connection(connection);
        request.set_id(value);
        v1::Lead lead;
        return lead_stub->GetLead(faults::ContextWithTimeout(absl::Seconds(30)).get(), request,
                                  &lead);
      };
    };
    RequestLog* mkto = &marketo_->received_requests();
    RequestLog* hp = &hotprofile_->received_requests();
    return {
        {"mkto GetLead id (path segment)", "id", mkto, get_lead("mkto")},
        {"mkto GetLeadField name (path segment)", "name", mkto,
         [fields](const std::string& value) {
           v1::GetLeadFieldRequest request;
           request.set_connection("mkto");
           request.set_name(value);
           v1::LeadField field;
           return fields->GetLeadField(faults::ContextWithTimeout(absl::Seconds(30)).get(),
                                       request, &field);
         }},
        {"mkto QueryLeads filter_values (query value)", "filter_values[0]", mkto,
         [lead_stub](const std::string& value) {
           v1::QueryLeadsRequest request;
           request.set_connection("mkto");
           request.set_filter_field("email");
           request.add_filter_values(value);
           v1::QueryLeadsResponse response;
           return lead_stub->QueryLeads(faults::ContextWithTimeout(absl::Seconds(30)).get(),
                                        request, &response);
         }},
        {"hp GetLead id (query value)", "id", hp, get_lead("hp")},
        {"hp SearchBusinessCards filter.company_name (query value)", "filter.company_name", hp,
         [cards](const std::string& value) {
           v1::SearchBusinessCardsRequest request;
           request.set_connection("hp");
           request.mutable_filter()->set_company_name(value);
           request.set_page_size(1);
           v1::SearchBusinessCardsResponse response;
           return cards->SearchBusinessCards(
               faults::ContextWithTimeout(absl::Seconds(30)).get(), request, &response);
         }},
    };
  }

  std::unique_ptr<emulators::marketo::MarketoEmulator> marketo_;
  std::unique_ptr<emulators::hotprofile::HotProfileEmulator> hotprofile_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(HostileIdsE2eTest, RefusedNamingTheFieldOrSentInsideOneEncodedValue) {
  for (const Probe& probe : Probes()) {
    // The benign call gives the shape every hostile call must keep. A field whose
    // validator refuses even the benign value (decimal ids) has no shape: all hostile
    // values must then be refused too.
    probe.upstream->Clear();
    const grpc::Status benign_status = probe.call(kBenign);
    const std::vector<ReceivedRequest> benign_log = probe.upstream->Recent();
    const ReceivedRequest* benign = LastApiRequest(benign_log);
    for (const HostileValue& hostile : HostileValues()) {
      probe.upstream->Clear();
      const grpc::Status status = probe.call(hostile.raw);
      const std::vector<ReceivedRequest> log = probe.upstream->Recent();
      const ReceivedRequest* sent = LastApiRequest(log);
      SCOPED_TRACE(absl::StrCat(probe.label, " <- ", hostile.label, ": ", status.error_code(),
                                " ", status.error_message()));
      if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && sent == nullptr) {
        EXPECT_THAT(status.error_message(), HasSubstr(probe.field));
        std::cout << "| " << probe.label << " | " << hostile.label << " | INVALID_ARGUMENT |\n";
        continue;
      }
      ASSERT_NE(sent, nullptr) << "neither refused nor sent";
      ASSERT_NE(benign, nullptr) << "benign value not sent (" << benign_status.error_message()
                                 << ") but a hostile one was";
      // httplib fills the raw target; an empty one would make the comparison vacuous.
      ASSERT_THAT(benign->target, HasSubstr(kBenign));
      EXPECT_EQ(sent->method, benign->method);
      EXPECT_EQ(sent->target, absl::StrReplaceAll(benign->target, {{kBenign, hostile.encoded}}));
      EXPECT_EQ(HeaderNames(*sent), HeaderNames(*benign));
      for (const auto& header : sent->headers) {
        EXPECT_EQ(header.first.find("X-Injected"), std::string::npos);
        EXPECT_EQ(header.second.find("X-Injected"), std::string::npos);
      }
      std::cout << "| " << probe.label << " | " << hostile.label << " | sent as `"
                << hostile.encoded << "`, upstream status " << status.error_code() << " |\n";
    }
  }
}

}  // namespace
}  // namespace leadgw::testing
