// Coalescing end to end (docs/coalescing.md): concurrent one-record UpsertLeads on a
// rate-limited Marketo connection share sync calls, each caller gets its own results (a
// record the upstream refuses fails only its caller), two upserts of one email never share
// a call, a replayed idempotency key answers from the record, and a gateway stopped while
// batches wait answers every caller. Concurrent GetLead and QueryLeads by email share
// get_leads_by_filter calls, and each caller sees only its own leads.
#include <signal.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::faults {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
using ::google::protobuf::util::MessageDifferencer;
using ::leadgw::testing_util::IsOk;

constexpr char kSyncEndpoint[] = "sync_leads";
constexpr char kFilterEndpoint[] = "get_leads_by_filter";
constexpr int kFirstDemoId = 318581;  // the Marketo demo data's leads are 318581.. (40)
constexpr absl::Duration kRpcTimeout = absl::Seconds(20);

// 10 calls per 2 s: coalesced calls go out one per ~200 ms. `maxWait` and the drain grace
// are placeholders so that the shutdown case can stretch the pace.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "DRAIN_GRACE"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": CALLS, "window": "WINDOW", "maxConcurrent": 10},
     "coalescing": {"maxWait": "MAX_WAIT"}}
  ]
})json";

class CoalescingE2eTest : public ::testing::Test {
 protected:
  void StartWith(const std::string& calls, const std::string& window,
                 const std::string& max_wait, const std::string& drain_grace) {
    mkto::MarketoEmulatorOptions options;
    options.rate_limit_calls = 0;  // the gateway's own limits are under test, not the 606s
    options.max_concurrent = 0;
    marketo_ = StartMarketo(options);
    ASSERT_NE(marketo_, nullptr);
    auto gateway = StartGateway(kConfig, {{"MKTO_URL", marketo_->base_url()},
                                          {"CALLS", calls},
                                          {"WINDOW", window},
                                          {"MAX_WAIT", max_wait},
                                          {"DRAIN_GRACE", drain_grace}});
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
    stub_ = v1::LeadService::NewStub(gateway_->NewChannel());
  }
  void SetUp() override { StartWith("10", "2s", "1s", "1s"); }

  static v1::UpsertLeadsRequest OneLead(const std::string& email, v1::UpsertAction action) {
    v1::UpsertLeadsRequest request;
    request.set_connection("mkto");
    request.set_action(action);
    v1::Lead* lead = request.add_leads();
    lead->set_email(email);
    lead->set_last_name("Coalesced");
    return request;
  }

  grpc::Status Upsert(const v1::UpsertLeadsRequest& request, v1::WriteResponse* response,
                      const std::string& idempotency_key = "") {
    auto context = ContextWithTimeout(kRpcTimeout);
    if (!idempotency_key.empty()) context->AddMetadata("idempotency-key", idempotency_key);
    return stub_->UpsertLeads(context.get(), request, response);
  }

  // Runs `requests` at once, one caller each; their answers in the same order.
  std::vector<std::pair<grpc::Status, v1::WriteResponse>> UpsertAtOnce(
      const std::vector<v1::UpsertLeadsRequest>& requests,
      const std::vector<std::string>& keys = {}) {
    std::vector<std::pair<grpc::Status, v1::WriteResponse>> answers(requests.size());
    RunOnThreads(static_cast<int>(requests.size()), [&](int i) {
      answers[i].first = Upsert(requests[i], &answers[i].second, keys.empty() ? "" : keys[i]);
    });
    return answers;
  }

  int64_t SyncCalls() { return marketo_->counters().Requests(kSyncEndpoint); }
  int64_t FilterCalls() { return marketo_->counters().Requests(kFilterEndpoint); }

  double Metric(const std::string& family, const std::string& operation = "UpsertLeads") {
    absl::StatusOr<std::string> metrics = ScrapeMetrics(gateway_->metrics_port());
    EXPECT_THAT(metrics, IsOk());
    return metrics.ok() ? SumMetric(*metrics, family, {{"connection", "mkto"},
                                                        {"operation", operation}})
                        : 0;
  }

  std::unique_ptr<mkto::MarketoEmulator> marketo_;
  std::unique_ptr<GatewayProcess> gateway_;
  std::unique_ptr<v1::LeadService::Stub> stub_;
};

TEST_F(CoalescingE2eTest, ConcurrentCallersShareCallsAndEachGetsItsOwnResult) {
  // Five leads that exist already: createOnly refuses them (1005), and only their callers.
  std::vector<std::string> existing;
  v1::UpsertLeadsRequest seed = OneLead("existing-0@coalesce.example.com",
                                        v1::UPSERT_ACTION_CREATE_ONLY);
  seed.clear_leads();
  for (int i = 0; i < 5; ++i) {
    existing.push_back(absl::StrCat("existing-", i, "@coalesce.example.com"));
    v1::Lead* lead = seed.add_leads();
    lead->set_email(existing.back());
    lead->set_last_name("Existing");
  }
  v1::WriteResponse seeded;
  ASSERT_TRUE(Upsert(seed, &seeded).ok());

  constexpr int kCallers = 40;
  std::vector<v1::UpsertLeadsRequest> requests;
  for (int i = 0; i < kCallers; ++i) {
    const std::string email = i % 8 == 0 ? existing[i / 8]
                                         : absl::StrCat("caller-", i, "@coalesce.example.com");
    requests.push_back(OneLead(email, v1::UPSERT_ACTION_CREATE_ONLY));
  }
  const int64_t calls_before = SyncCalls();
  const auto answers = UpsertAtOnce(requests);
  const int64_t calls = SyncCalls() - calls_before;

  for (int i = 0; i < kCallers; ++i) {
    const auto& [status, response] = answers[i];
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    ASSERT_EQ(response.results_size(), 1) << response.ShortDebugString();
    const v1::RecordResult& result = response.results(0);
    EXPECT_EQ(result.index(), 0);
    if (i % 8 == 0) {
      EXPECT_NE(result.status(), v1::RECORD_STATUS_CREATED) << result.ShortDebugString();
      ASSERT_GE(result.reasons_size(), 1) << result.ShortDebugString();
      EXPECT_EQ(result.reasons(0).code(), "1005");
      continue;
    }
    EXPECT_EQ(result.status(), v1::RECORD_STATUS_CREATED) << result.ShortDebugString();
    // The id is this caller's lead, not a neighbour's in the shared call.
    auto context = ContextWithTimeout(kRpcTimeout);
    v1::GetLeadRequest get;
    get.set_connection("mkto");
    get.set_id(result.id());
    v1::Lead lead;
    ASSERT_TRUE(stub_->GetLead(context.get(), get, &lead).ok()) << result.id();
    EXPECT_EQ(lead.email(), requests[i].leads(0).email());
  }
  std::cout << "[coalescing] callers=" << kCallers << " sync_calls=" << calls << std::endl;
  // At one call per ~200 ms, 40 callers arriving together need a handful of calls.
  EXPECT_LT(calls, kCallers / 4) << "the callers did not share calls";
  EXPECT_GE(Metric("leadgw_coalesced_call_rpcs_sum"), kCallers);
  EXPECT_GE(Metric("leadgw_coalesced_call_records_count"), calls);
}

// The duplicate guard holds across coalescing: concurrent upserts of one new email go in
// separate calls, so the first creates and the others update the same lead.
TEST_F(CoalescingE2eTest, UpsertsOfOneEmailNeverShareACall) {
  const std::string email = "same-key@coalesce.example.com";
  std::vector<v1::UpsertLeadsRequest> requests(
      6, OneLead(email, v1::UPSERT_ACTION_CREATE_OR_UPDATE));
  const int64_t calls_before = SyncCalls();
  const auto answers = UpsertAtOnce(requests);
  int created = 0;
  for (const auto& [status, response] : answers) {
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.results_size(), 1);
    if (response.results(0).status() == v1::RECORD_STATUS_CREATED) {
      ++created;
    } else {
      EXPECT_EQ(response.results(0).status(), v1::RECORD_STATUS_UPDATED);
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(marketo_->CountLeadsWithField("email", email), 1u);
  EXPECT_EQ(SyncCalls() - calls_before, 6);
}

// A coalesced write answered once is answered again from its idempotency record.
TEST_F(CoalescingE2eTest, AReplayedKeyOfACoalescedWriteAnswersFromTheRecord) {
  std::vector<v1::UpsertLeadsRequest> requests;
  std::vector<std::string> keys;
  for (int i = 0; i < 10; ++i) {
    requests.push_back(
        OneLead(absl::StrCat("idem-", i, "@coalesce.example.com"), v1::UPSERT_ACTION_CREATE_ONLY));
    keys.push_back(absl::StrCat("coalesced-key-", i));
  }
  const auto answers = UpsertAtOnce(requests, keys);
  for (const auto& answer : answers) ASSERT_TRUE(answer.first.ok()) << answer.first.error_message();
  const int64_t calls_before = SyncCalls();
  v1::WriteResponse replay;
  ASSERT_TRUE(Upsert(requests[3], &replay, keys[3]).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(replay, answers[3].second))
      << replay.ShortDebugString() << " vs " << answers[3].second.ShortDebugString();
  EXPECT_EQ(SyncCalls(), calls_before) << "the replay wrote again";
  EXPECT_EQ(marketo_->CountLeadsWithField("email", requests[3].leads(0).email()), 1u);
}

TEST_F(CoalescingE2eTest, ConcurrentGetLeadsShareCallsAndEachGetsItsOwnLead) {
  constexpr int kCallers = 30;  // 25 demo leads and 5 ids that do not exist
  const int64_t calls_before = FilterCalls();
  std::vector<std::pair<grpc::Status, v1::Lead>> answers(kCallers);
  RunOnThreads(kCallers, [&](int i) {
    v1::GetLeadRequest request;
    request.set_connection("mkto");
    request.set_id(absl::StrCat(i < 25 ? kFirstDemoId + i : 900000000 + i));
    auto context = ContextWithTimeout(kRpcTimeout);
    answers[i].first = stub_->GetLead(context.get(), request, &answers[i].second);
  });
  for (int i = 0; i < kCallers; ++i) {
    const auto& [status, lead] = answers[i];
    if (i >= 25) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << i;
      continue;
    }
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    EXPECT_EQ(lead.id(), absl::StrCat(kFirstDemoId + i));
    EXPECT_TRUE(lead.has_email()) << "a default field is missing";
  }
  const int64_t calls = FilterCalls() - calls_before;
  std::cout << "[coalescing reads] GetLead callers=" << kCallers << " filter_calls=" << calls
            << std::endl;
  EXPECT_LT(calls, kCallers / 4) << "the lookups did not share calls";
  EXPECT_EQ(marketo_->counters().Requests("get_lead_by_id"), 0);
  EXPECT_GE(Metric("leadgw_coalesced_call_rpcs_sum", "GetLead") +
                Metric("leadgw_coalesced_call_rpcs_sum", "QueryLeads"),
            kCallers);
}

// QueryLeads by email: each caller sees the leads of its own emails only (in any case),
// an email nobody has gives an empty page, and a fields selection is kept per caller.
TEST_F(CoalescingE2eTest, ConcurrentQueriesByEmailSeeOnlyTheirOwnLeads) {
  v1::UpsertLeadsRequest seed = OneLead("q0@coalesce.example.com", v1::UPSERT_ACTION_CREATE_ONLY);
  seed.clear_leads();
  for (int i = 0; i < 20; ++i) {
    v1::Lead* lead = seed.add_leads();
    lead->set_email(absl::StrCat("q", i, "@coalesce.example.com"));
    lead->set_last_name("Queried");
    lead->set_company(absl::StrCat("Company ", i));
  }
  v1::WriteResponse seeded;
  ASSERT_TRUE(Upsert(seed, &seeded).ok());

  constexpr int kCallers = 24;
  std::vector<std::pair<grpc::Status, v1::QueryLeadsResponse>> answers(kCallers);
  RunOnThreads(kCallers, [&](int i) {
    v1::QueryLeadsRequest request;
    request.set_connection("mkto");
    request.set_filter_field("email");
    if (i < 20) {
      // Every third caller writes its email in upper case; every second asks for company.
      std::string email = absl::StrCat("q", i, "@coalesce.example.com");
      if (i % 3 == 0) email = absl::AsciiStrToUpper(email);
      request.add_filter_values(email);
      if (i % 2 == 0) {
        request.add_fields("email");
        request.add_fields("company");
      }
    } else {
      request.add_filter_values(absl::StrCat("nobody-", i, "@coalesce.example.com"));
    }
    auto context = ContextWithTimeout(kRpcTimeout);
    answers[i].first = stub_->QueryLeads(context.get(), request, &answers[i].second);
  });
  for (int i = 0; i < kCallers; ++i) {
    const auto& [status, page] = answers[i];
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    EXPECT_TRUE(page.next_page_token().empty());
    if (i >= 20) {
      EXPECT_EQ(page.leads_size(), 0) << page.ShortDebugString();
      continue;
    }
    ASSERT_EQ(page.leads_size(), 1) << i << ": " << page.ShortDebugString();
    EXPECT_EQ(page.leads(0).email(), absl::StrCat("q", i, "@coalesce.example.com"));
    EXPECT_EQ(page.leads(0).has_company(), i % 2 == 0) << page.ShortDebugString();
    if (i % 2 == 0) {
      EXPECT_EQ(page.leads(0).company(), absl::StrCat("Company ", i));
    }
  }
}

// HotProfile: concurrent GetLeads share search[ids] calls (OR semantics) of up to 100 ids.
TEST(HotProfileCoalescingE2eTest, ConcurrentGetLeadsShareSearchCalls) {
  auto hotprofile = StartHotProfile({});
  ASSERT_NE(hotprofile, nullptr);
  auto gateway = StartGateway(R"json({
    "server": {"drainGrace": "1s"},
    "connections": [
      {"name": "hp", "backend": "hotprofile", "baseUrl": "HP_URL", HOTPROFILE_CREDENTIALS,
       "limits": {"callsPerWindow": 10, "window": "2s"}}
    ]
  })json", {{"HP_URL", hotprofile->base_url()}});
  ASSERT_THAT(gateway, IsOk());
  auto stub = v1::LeadService::NewStub((*gateway)->NewChannel());
  constexpr int kCallers = 24;  // the 20 demo leads (ids 1..20) and 4 that do not exist
  const int64_t calls_before = hotprofile->counters().TotalRequests();
  std::vector<std::pair<grpc::Status, v1::Lead>> answers(kCallers);
  RunOnThreads(kCallers, [&](int i) {
    v1::GetLeadRequest request;
    request.set_connection("hp");
    request.set_id(absl::StrCat(i < 20 ? i + 1 : 90000 + i));
    auto context = ContextWithTimeout(kRpcTimeout);
    answers[i].first = stub->GetLead(context.get(), request, &answers[i].second);
  });
  for (int i = 0; i < kCallers; ++i) {
    const auto& [status, lead] = answers[i];
    if (i >= 20) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << i;
      continue;
    }
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    EXPECT_EQ(lead.id(), absl::StrCat(i + 1));
  }
  const int64_t calls = hotprofile->counters().TotalRequests() - calls_before;
  std::cout << "[coalescing hotprofile] GetLead callers=" << kCallers << " calls=" << calls
            << std::endl;
  EXPECT_LT(calls, kCallers / 4) << "the GetLeads did not share calls";
}

// Stopped while callers wait in a batch: every caller is answered, none is lost: a caller
// told OK has its lead, and one that was refused (the server stopped taking calls) has none.
class CoalescingShutdownE2eTest : public CoalescingE2eTest {
 protected:
  // 2 calls per 4 s: the batch after a first call waits ~2 s for its turn.
  void SetUp() override { StartWith("2", "4s", "3s", "10s"); }
};

TEST_F(CoalescingShutdownE2eTest, CallersWaitingInABatchAreAnsweredOnShutdown) {
  v1::WriteResponse first;
  ASSERT_TRUE(Upsert(OneLead("first@shutdown.example.com", v1::UPSERT_ACTION_CREATE_ONLY), &first)
                  .ok());
  constexpr int kCallers = 12;
  std::vector<v1::UpsertLeadsRequest> requests;
  for (int i = 0; i < kCallers; ++i) {
    requests.push_back(OneLead(absl::StrCat("waiting-", i, "@shutdown.example.com"),
                               v1::UPSERT_ACTION_CREATE_ONLY));
  }
  std::vector<std::pair<grpc::Status, v1::WriteResponse>> answers(kCallers);
  std::thread stopper([&] {
    absl::SleepFor(absl::Seconds(1));  // the callers are in the batch, its turn is ~1 s away
    absl::StatusOr<int> code = gateway_->process().Stop(SIGTERM, absl::Seconds(30));
    EXPECT_THAT(code, IsOk());
    if (code.ok()) {
      EXPECT_EQ(*code, 0);
    }
  });
  RunOnThreads(kCallers, [&](int i) {
    answers[i].first = Upsert(requests[i], &answers[i].second);
  });
  stopper.join();
  int written = 0;
  for (int i = 0; i < kCallers; ++i) {
    const auto& [status, response] = answers[i];
    const size_t leads = marketo_->CountLeadsWithField("email", requests[i].leads(0).email());
    if (status.ok()) {
      ++written;
      ASSERT_EQ(response.results_size(), 1);
      EXPECT_EQ(response.results(0).status(), v1::RECORD_STATUS_CREATED);
      EXPECT_EQ(leads, 1u) << i;
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
      EXPECT_EQ(leads, 0u) << i << ": refused, yet written";
    }
  }
  std::cout << "[coalescing shutdown] callers=" << kCallers << " written=" << written
            << std::endl;
  EXPECT_GT(written, 0) << "no caller was waiting in a batch when the gateway stopped";
}

}  // namespace
}  // namespace leadgw::testing::faults
