// HotProfileBackend lead operations: GetLead, QueryLeads and the UpsertLeads flows.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backends/hotprofile/backend_test_util.h"
#include "backends/hotprofile/hotprofile_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::hotprofile::testing {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::HttpAnswer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::leadgw::testing_util::TestContext;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::Not;
using ::testing::Return;

constexpr char kLeadsSearch[] = "/leads/get_entry_list_flow";

v1::Lead Lead(const std::string& email) {
  v1::Lead lead;
  lead.set_company_id("1");
  lead.set_last_name("山田");
  lead.set_email(email);
  return lead;
}

v1::UpsertLeadsRequest Upsert(v1::UpsertAction action, std::vector<v1::Lead> leads) {
  v1::UpsertLeadsRequest request;
  request.set_connection("hp-test");
  request.set_action(action);
  for (v1::Lead& lead : leads) *request.add_leads() = std::move(lead);
  return request;
}

std::string LeadItem(int id, const std::string& email) {
  return absl::StrCat(R"({"id": )", id, R"(, "email": ")", email,
                      R"(", "family_name": "山田", "client_id": 1})");
}

TEST_F(BackendTest, GetLeadByIdWithFieldSelection) {
  EXPECT_CALL(*client_, Send(AllOf(ToPath(kLeadsSearch), Sends("search%5Bids%5D=007"))))
      .WillOnce(Return(HttpAnswer(200, Page("leads", LeadItem(7, "a@x.jp"), 1, 1, 1))));
  v1::GetLeadRequest request;
  request.set_id("007");  // ids compare numerically
  request.add_fields("email");
  absl::StatusOr<v1::Lead> lead = backend_.GetLead(TestContext(), request);
  ASSERT_THAT(lead, IsOk());
  EXPECT_EQ(lead->id(), "7");
  EXPECT_EQ(lead->email(), "a@x.jp");
  EXPECT_FALSE(lead->has_last_name());  // not selected
}

TEST_F(BackendTest, GetLeadOfAnUnknownIdIsNotFound) {
  EXPECT_CALL(*client_, Send(ToPath(kLeadsSearch)))
      .WillOnce(Return(HttpAnswer(200, Page("leads", "", 1, 1, 0))));
  v1::GetLeadRequest request;
  request.set_id("404");
  absl::StatusOr<v1::Lead> lead = backend_.GetLead(TestContext(), request);
  EXPECT_THAT(lead, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(lead.status().message(), "hotprofile has no lead with id 404");
}

TEST_F(BackendTest, QueryLeadsByIdsAndOneValueRule) {
  EXPECT_CALL(*client_, Send(AllOf(ToPath(kLeadsSearch), Sends("search%5Bids%5D=1%2C2"))))
      .WillOnce(Return(HttpAnswer(
          200, Page("leads", LeadItem(1, "a@x.jp") + "," + LeadItem(2, "b@x.jp"), 1, 2, 3))));
  v1::QueryLeadsRequest request;
  request.set_filter_field("id");
  request.add_filter_values("1");
  request.add_filter_values("2");
  request.set_page_size(2);
  absl::StatusOr<v1::QueryLeadsResponse> response = backend_.QueryLeads(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->leads_size(), 2);
  EXPECT_EQ(response->next_page_token(), "2");

  request.set_filter_field("email");  // partial-match fields take one value: nothing sent
  EXPECT_EQ(backend_.QueryLeads(TestContext(), request).status().message(),
            "filter_values: HotProfile matches one value at a time for email");
}

TEST_F(BackendTest, CreateOnlyAndCreateDuplicateCreate) {
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/leads/create"), Sends("family_name="))))
      .Times(2)
      .WillRepeatedly(Return(HttpAnswer(200, R"({"id": 21})")));
  for (v1::UpsertAction action :
       {v1::UPSERT_ACTION_CREATE_ONLY, v1::UPSERT_ACTION_CREATE_DUPLICATE}) {
    absl::StatusOr<v1::WriteResponse> response =
        backend_.UpsertLeads(TestContext(), Upsert(action, {Lead("a@x.jp")}));
    ASSERT_THAT(response, IsOk());
    EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_CREATED);
    EXPECT_EQ(response->results(0).id(), "21");
  }
}

TEST_F(BackendTest, UpdateOnlyById) {
  InSequence order;
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/leads/update"), Sends("id=5"))))
      .WillOnce(Return(HttpAnswer(200, R"({"id": 5})")));
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/leads/update"), Sends("id=6"))))
      .WillOnce(
          Return(HttpAnswer(404, R"({"errors": [{"field": "id", "message": "no lead 6"}]})")));
  v1::Lead first = Lead("a@x.jp");
  first.set_id("5");
  v1::Lead second = Lead("b@x.jp");
  second.set_id("6");
  v1::UpsertLeadsRequest request = Upsert(v1::UPSERT_ACTION_UPDATE_ONLY, {first, second});
  request.set_lookup_field("id");
  absl::StatusOr<v1::WriteResponse> response = backend_.UpsertLeads(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_UPDATED);
  EXPECT_EQ(response->results(1).status(), v1::RECORD_STATUS_SKIPPED);
  EXPECT_EQ(response->results(1).reasons(0).code(), "404");
}

TEST_F(BackendTest, CreateOrUpdateUpdatesTheOneExactMatch) {
  InSequence order;
  // HotProfile's search is partial: "aa@x.jp" also contains "a@x.jp".
  EXPECT_CALL(*client_, Send(AllOf(ToPath(kLeadsSearch), Sends("search%5Bemail%5D=a%40x.jp"))))
      .WillOnce(Return(HttpAnswer(
          200, Page("leads", LeadItem(1, "aa@x.jp") + "," + LeadItem(2, "A@X.jp"), 1, 100, 2))));
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/leads/update"), Sends("id=2"))))
      .WillOnce(Return(HttpAnswer(200, R"({"id": 2})")));
  absl::StatusOr<v1::WriteResponse> response =
      backend_.UpsertLeads(TestContext(), Upsert(v1::UPSERT_ACTION_UNSPECIFIED, {Lead("a@x.jp")}));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_UPDATED);
  EXPECT_EQ(response->results(0).id(), "2");
}

TEST_F(BackendTest, CreateOrUpdateCreatesWhenNothingMatchesExactly) {
  InSequence order;
  EXPECT_CALL(*client_, Send(ToPath(kLeadsSearch)))
      .WillOnce(Return(HttpAnswer(200, Page("leads", LeadItem(1, "aa@x.jp"), 1, 100, 1))));
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/leads/create"), Not(Sends("&id=")))))
      .WillOnce(Return(HttpAnswer(200, R"({"id": 9})")));
  absl::StatusOr<v1::WriteResponse> response = backend_.UpsertLeads(
      TestContext(), Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("a@x.jp")}));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(response->results(0).id(), "9");
}

TEST_F(BackendTest, CreateOrUpdateWithSeveralMatchesFailsTheRecord) {
  EXPECT_CALL(*client_, Send(ToPath(kLeadsSearch)))
      .WillOnce(Return(HttpAnswer(
          200, Page("leads", LeadItem(3, "a@x.jp") + "," + LeadItem(4, "a@x.jp"), 1, 100, 2))));
  absl::StatusOr<v1::WriteResponse> response = backend_.UpsertLeads(
      TestContext(), Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("a@x.jp")}));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(response->results(0).reasons(0).code(), "gateway.ambiguous_lookup");
  EXPECT_THAT(response->results(0).reasons(0).message(), HasSubstr("3, 4"));
}

TEST_F(BackendTest, CreateOrUpdateChecksCreateRulesOnlyWhenCreating) {
  EXPECT_CALL(*client_, Send(ToPath(kLeadsSearch)))
      .WillOnce(Return(HttpAnswer(200, Page("leads", "", 1, 100, 0))));
  v1::Lead lead = Lead("new@x.jp");
  lead.clear_last_name();  // fine for an update, required for a create
  absl::StatusOr<v1::WriteResponse> response =
      backend_.UpsertLeads(TestContext(), Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {lead}));
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(response->results(0).reasons(0).code(), "gateway.invalid_field");
  EXPECT_EQ(response->results(0).reasons(0).message(),
            "leads[0].last_name: required to create a HotProfile lead (HotProfile family_name)");
}

TEST_F(BackendTest, UpdateOnlyByLookupSkipsWhenNothingMatches) {
  EXPECT_CALL(*client_, Send(AllOf(ToPath(kLeadsSearch), Sends("search%5Bfamily_name_kana%5D"))))
      .WillOnce(Return(HttpAnswer(200, Page("leads", "", 1, 100, 0))));
  v1::Lead lead = Lead("a@x.jp");
  lead.set_last_name_kana("ヤマダ");
  v1::UpsertLeadsRequest request = Upsert(v1::UPSERT_ACTION_UPDATE_ONLY, {lead});
  request.set_lookup_field("family_name_kana");
  absl::StatusOr<v1::WriteResponse> response = backend_.UpsertLeads(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_SKIPPED);
  EXPECT_EQ(response->results(0).reasons(0).code(), "gateway.no_match");
}

TEST_F(BackendTest, UpsertRequestsHotProfileCannotServeSendNothing) {
  v1::UpsertLeadsRequest request = Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("a@x.jp")});
  request.set_partition_name("Default");
  EXPECT_EQ(backend_.UpsertLeads(TestContext(), request).status().message(),
            "partition_name: not supported on HotProfile");

  request = Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("a@x.jp")});
  request.set_async_processing(true);
  EXPECT_EQ(backend_.UpsertLeads(TestContext(), request).status().message(),
            "async_processing: not supported on HotProfile");

  request = Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("a@x.jp"), Lead("")});
  request.mutable_leads(1)->clear_email();
  EXPECT_EQ(backend_.UpsertLeads(TestContext(), request).status().message(),
            "leads[1].email: required as the lookup field (HotProfile email)");

  request = Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("a@x.jp")});
  request.mutable_leads(0)->set_id("3");
  EXPECT_THAT(backend_.UpsertLeads(TestContext(), request),
              StatusIs(absl::StatusCode::kInvalidArgument));

  request = Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("a@x.jp")});
  request.mutable_leads(0)->clear_company_id();  // HotProfile updates need client_id too
  EXPECT_EQ(backend_.UpsertLeads(TestContext(), request).status().message(),
            "leads[0].company_id: required to update a HotProfile lead (HotProfile client_id)");

  request = Upsert(v1::UPSERT_ACTION_CREATE_ONLY, {Lead("a@x.jp")});
  request.mutable_leads(0)->set_lead_status("アクティブ");  // a name: output only here
  EXPECT_EQ(backend_.UpsertLeads(TestContext(), request).status().message(),
            "leads[0].lead_status: HotProfile sets a lead's status by lead_status_id; the name "
            "is output only there");

  request = Upsert(v1::UPSERT_ACTION_CREATE_ONLY, {Lead("a@x.jp")});
  request.mutable_leads(0)->set_external_company_id("ACME-1");  // Marketo's company key
  EXPECT_EQ(backend_.UpsertLeads(TestContext(), request).status().message(),
            "leads[0].external_company_id: not stored by HotProfile for a lead");

  request = Upsert(v1::UPSERT_ACTION_CREATE_ONLY, {Lead("a@x.jp")});
  request.mutable_leads(0)->set_note(std::string(3001, 'n'));
  EXPECT_EQ(backend_.UpsertLeads(TestContext(), request).status().message(),
            "leads[0].note: at most 3000 characters (HotProfile note)");

  request.set_action(v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  request.set_lookup_field("tags");
  EXPECT_THAT(backend_.UpsertLeads(TestContext(), request),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// A stateful HotProfile lead store behind the HttpClient interface: look-ups see the
// creates that finished before them. Creates are slow, so without serialisation two
// concurrent upserts of one email would both miss and both create.
class FakeLeadStore : public upstream::http::HttpClient {
 public:
  absl::StatusOr<upstream::http::HttpResponse> Send(const upstream::http::HttpRequest& request) override {
    const std::string path = request.url.substr(0, request.url.find('?'));
    if (absl::EndsWith(path, "/leads/create")) {
      absl::SleepFor(absl::Milliseconds(20));
      std::lock_guard<std::mutex> lock(mu_);
      ++creates_;
      emails_.push_back("a@x.jp");
      return HttpAnswer(200, absl::StrCat(R"({"id": )", emails_.size(), "}"));
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (absl::EndsWith(path, "/leads/update")) {
      ++updates_;
      return HttpAnswer(200, R"({"id": 1})");
    }
    std::string items;
    for (size_t i = 0; i < emails_.size(); ++i) {
      absl::StrAppend(&items, i == 0 ? "" : ",", LeadItem(static_cast<int>(i + 1), emails_[i]));
    }
    return HttpAnswer(200, Page("leads", items, 1, 100, static_cast<int>(emails_.size())));
  }

  int creates() {
    std::lock_guard<std::mutex> lock(mu_);
    return creates_;
  }
  int updates() {
    std::lock_guard<std::mutex> lock(mu_);
    return updates_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> emails_;
  int creates_ = 0;
  int updates_ = 0;
};

TEST(HotProfileUpsertConcurrencyTest, ConcurrentUpsertsOfOnePersonCreateOnce) {
  auto store = std::make_shared<FakeLeadStore>();
  HotProfileBackend backend(TestSettings(), store);
  constexpr int kThreads = 4;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      absl::StatusOr<v1::WriteResponse> response = backend.UpsertLeads(
          TestContext(), Upsert(v1::UPSERT_ACTION_CREATE_OR_UPDATE, {Lead("A@x.jp")}));
      if (response.ok() && response->results(0).status() != v1::RECORD_STATUS_FAILED) ++ok;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads);
  EXPECT_EQ(store->creates(), 1);
  EXPECT_EQ(store->updates(), kThreads - 1);
}

}  // namespace
}  // namespace leadgw::backends::hotprofile::testing
