// HotProfileBackend: describe, unimplemented operations, client and card writes and
// searches against a scripted HttpClient.
#include "backends/hotprofile/hotprofile_backend.h"

#include "backends/hotprofile/backend_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/upstream_error.h"

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
using ::testing::Return;

v1::BusinessCard Card(const std::string& last_name) {
  v1::BusinessCard card;
  card.set_company_id("1");
  card.set_last_name(last_name);
  card.set_status(v1::CARD_STATUS_ACTIVE);
  card.set_visibility(v1::CARD_VISIBILITY_PUBLIC);
  return card;
}

v1::CreateBusinessCardsRequest ThreeCards() {
  v1::CreateBusinessCardsRequest request;
  request.set_connection("hp-test");
  for (const char* name : {"山田", "鈴木", "佐藤"}) *request.add_cards() = Card(name);
  return request;
}

absl::StatusOr<upstream::http::HttpResponse> TooManyCalls() {
  upstream::http::HttpResponse response =
      HttpAnswer(429, R"({"errors": [{"field": null, "message": "slow"}]})");
  response.headers.emplace_back("retry-after", "5");
  return response;
}

TEST_F(BackendTest, DescribesTheLeadFieldTable) {
  absl::StatusOr<v1::DescribeLeadsResponse> response = backend_.DescribeLeads(TestContext(), {});
  ASSERT_THAT(response, IsOk());
  bool saw_family_name = false;
  bool saw_client_name = false;
  for (const v1::LeadField& field : response->fields()) {
    if (field.name() == "family_name") {
      saw_family_name = true;
      EXPECT_EQ(field.length(), 100);
      EXPECT_EQ(field.neutral_name(), "last_name");
      EXPECT_TRUE(field.searchable());
      EXPECT_FALSE(field.read_only());
      EXPECT_EQ(field.data_type(), "string");
    }
    if (field.name() == "client_name") {
      saw_client_name = true;
      EXPECT_TRUE(field.read_only());
    }
    if (field.name() == "not_mail_flg") {
      EXPECT_EQ(field.data_type(), "boolean");
    }
    // HotProfile's lead_status is the id; the name is output only.
    if (field.name() == "lead_status") {
      EXPECT_EQ(field.neutral_name(), "lead_status_id");
    }
    if (field.name() == "lead_status_name") {
      EXPECT_EQ(field.neutral_name(), "lead_status");
      EXPECT_TRUE(field.read_only());
    }
  }
  EXPECT_TRUE(saw_family_name);
  EXPECT_TRUE(saw_client_name);
}

TEST_F(BackendTest, OperationsHotProfileLacksAreUnimplemented) {
  EXPECT_EQ(backend_.backend_name(), "hotprofile");
  EXPECT_TRUE(backend_.Supports(Operation::kSearchBusinessCards));
  EXPECT_TRUE(backend_.Supports(Operation::kUpsertLeads));
  EXPECT_FALSE(backend_.Supports(Operation::kMergeLeads));
  absl::StatusOr<v1::MergeLeadsResponse> merge = backend_.MergeLeads(TestContext(), {});
  EXPECT_THAT(merge, StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_EQ(merge.status().message(),
            "hotprofile does not support leadgateway.v1.LeadService/MergeLeads");
  EXPECT_THAT(backend_.DeleteLeads(TestContext(), {}), StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_THAT(backend_.AddStaticListMembers(TestContext(), {}),
              StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_THAT(backend_.CheckStaticListMembership(TestContext(), {}),
              StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_THAT(backend_.SetProgramMemberStatus(TestContext(), {}),
              StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_THAT(backend_.ListLeadFields(TestContext(), {}),
              StatusIs(absl::StatusCode::kUnimplemented));
}

TEST_F(BackendTest, OneInvalidCardRejectsTheBatchBeforeAnyCall) {
  v1::CreateBusinessCardsRequest request = ThreeCards();
  request.mutable_cards(2)->set_last_name(std::string(101, 'x'));
  // StrictMock: any upstream call fails the test.
  absl::StatusOr<v1::WriteResponse> response = backend_.CreateBusinessCards(TestContext(), request);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(response.status().message(),
            "cards[2].last_name: at most 100 characters (HotProfile family_name)");
}

TEST_F(BackendTest, CreatesCardsOneCallEachKeepingPartialFailures) {
  InSequence order;
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/business_cards/create"), Sends("open_status=1"))))
      .WillOnce(Return(HttpAnswer(200, R"({"id": 31})")));
  EXPECT_CALL(*client_, Send(ToPath("/business_cards/create")))
      .WillOnce(Return(HttpAnswer(
          422, R"({"errors": [{"field": "client_id", "message": "client 1 does not exist"}]})")));
  EXPECT_CALL(*client_, Send(ToPath("/business_cards/create")))
      .WillOnce(Return(HttpAnswer(200, R"({"id": 32})")));
  absl::StatusOr<v1::WriteResponse> response =
      backend_.CreateBusinessCards(TestContext(), ThreeCards());
  ASSERT_THAT(response, IsOk());
  ASSERT_EQ(response->results_size(), 3);
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(response->results(0).id(), "31");
  EXPECT_EQ(response->results(1).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(response->results(1).index(), 1);
  EXPECT_EQ(response->results(1).reasons(0).code(), "422");
  EXPECT_THAT(response->results(1).reasons(0).message(), HasSubstr("client 1 does not exist"));
  EXPECT_EQ(response->results(2).id(), "32");
}

TEST_F(BackendTest, RateLimitMidBatchStopsCalling) {
  InSequence order;
  EXPECT_CALL(*client_, Send(_)).WillOnce(Return(HttpAnswer(200, R"({"id": 31})")));
  EXPECT_CALL(*client_, Send(_)).WillOnce(Return(TooManyCalls()));
  absl::StatusOr<v1::WriteResponse> response =
      backend_.CreateBusinessCards(TestContext(), ThreeCards());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(response->results(1).reasons(0).code(), "429");
  EXPECT_EQ(response->results(2).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(response->results(2).reasons(0).code(), "gateway.not_attempted");
}

TEST_F(BackendTest, RateLimitOnTheFirstCallIsTheRpcStatus) {
  EXPECT_CALL(*client_, Send(_)).WillOnce(Return(TooManyCalls()));
  absl::StatusOr<v1::WriteResponse> response =
      backend_.CreateBusinessCards(TestContext(), ThreeCards());
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(upstream::RetryAfter(response.status()), absl::Seconds(5));
}

TEST_F(BackendTest, UpdatesCompaniesById) {
  EXPECT_CALL(*client_,
              Send(AllOf(ToPath("/clients/update"), Sends("id=4"), Sends("name_kana=%E3%83%88"))))
      .WillOnce(Return(HttpAnswer(200, R"({"id": 4})")));
  v1::UpdateCompaniesRequest request;
  v1::Company* company = request.add_companies();
  company->set_id("4");
  company->set_name_kana("トウキョウショウジ");
  absl::StatusOr<v1::WriteResponse> response = backend_.UpdateCompanies(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_UPDATED);
  EXPECT_EQ(response->results(0).id(), "4");
}

TEST_F(BackendTest, SearchesCardsPageByPage) {
  EXPECT_CALL(*client_,
              Send(AllOf(ToPath("/business_cards/get_entry_list"), Sends("page%5Bnumber%5D=2"),
                         Sends("page%5Bdisplay_number%5D=2"))))
      .WillOnce(Return(HttpAnswer(
          200,
          Page("business_cards", R"({"id": 3, "name": "A"}, {"id": 4, "name": "B"})", 2, 2, 5))));
  v1::SearchBusinessCardsRequest request;
  request.set_page_size(2);
  request.set_page_token("2");
  absl::StatusOr<v1::SearchBusinessCardsResponse> response =
      backend_.SearchBusinessCards(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->cards_size(), 2);
  EXPECT_EQ(response->cards(1).id(), "4");
  EXPECT_EQ(response->total_count(), 5);
  EXPECT_EQ(response->next_page_token(), "3");
}

TEST_F(BackendTest, ResolvesCardCompanyIdsOneSearchPerDistinctName) {
  // Searched twice; the second search finds every name remembered (company_id_cache.h).
  EXPECT_CALL(*client_, Send(ToPath("/business_cards/get_entry_list")))
      .Times(2)
      .WillRepeatedly(Return(HttpAnswer(200, Page("business_cards", R"(
          {"id": 1, "client_name": "東京商事"}, {"id": 2, "client_name": "東京商事"},
          {"id": 3, "client_name": "大阪"}, {"id": 4, "client_name": "名古屋商事"},
          {"id": 5, "client_name": null})",
                                            1, 20, 5))));
  // Exactly one exact match among the partial matches: resolved.
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/clients/get_entry_list_flow"),
                                   Sends("search%5Bname%5D=%E6%9D%B1%E4%BA%AC%E5%95%86%E4%BA%8B"),
                                   Sends("page%5Bdisplay_number%5D=1000"))))
      .WillOnce(Return(HttpAnswer(
          200,
          Page("clients", R"({"id": 8, "name": "東京商事"}, {"id": 9, "name": "東京商事支店"})", 1,
               1000, 2))));
  // Partial matches only: unset.
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/clients/get_entry_list_flow"),
                                   Sends("search%5Bname%5D=%E5%A4%A7%E9%98%AA"))))
      .WillOnce(
          Return(HttpAnswer(200, Page("clients", R"({"id": 6, "name": "大阪物産"})", 1, 1000, 1))));
  // Two clients of that exact name: ambiguous, unset.
  EXPECT_CALL(*client_,
              Send(AllOf(ToPath("/clients/get_entry_list_flow"),
                         Sends("search%5Bname%5D=%E5%90%8D%E5%8F%A4%E5%B1%8B%E5%95%86%E4%BA%8B"))))
      .WillOnce(Return(HttpAnswer(
          200,
          Page("clients", R"({"id": 10, "name": "名古屋商事"}, {"id": 11, "name": "名古屋商事"})",
               1, 1000, 2))));
  absl::StatusOr<v1::SearchBusinessCardsResponse> response =
      backend_.SearchBusinessCards(TestContext(), v1::SearchBusinessCardsRequest());
  ASSERT_THAT(response, IsOk());
  ASSERT_EQ(response->cards_size(), 5);
  EXPECT_EQ(response->cards(0).company_id(), "8");
  EXPECT_EQ(response->cards(1).company_id(), "8");
  EXPECT_FALSE(response->cards(2).has_company_id());
  EXPECT_FALSE(response->cards(3).has_company_id());
  EXPECT_FALSE(response->cards(4).has_company_id());

  absl::StatusOr<v1::SearchBusinessCardsResponse> again =
      backend_.SearchBusinessCards(TestContext(), v1::SearchBusinessCardsRequest());
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->cards(0).company_id(), "8");
  EXPECT_FALSE(again->cards(3).has_company_id());
}

TEST_F(BackendTest, CardCompanyLookupFailureFailsTheSearch) {
  EXPECT_CALL(*client_, Send(ToPath("/business_cards/get_entry_list")))
      .WillOnce(Return(HttpAnswer(
          200, Page("business_cards", R"({"id": 1, "client_name": "東京商事"})", 1, 20, 1))));
  EXPECT_CALL(*client_, Send(ToPath("/clients/get_entry_list_flow")))
      .WillOnce(Return(HttpAnswer(200, R"({"message": "not json)")));
  EXPECT_FALSE(backend_.SearchBusinessCards(TestContext(), v1::SearchBusinessCardsRequest()).ok());
}

TEST_F(BackendTest, SearchValidationSendsNothing) {
  v1::SearchCompaniesRequest request;
  (*request.mutable_filter()->mutable_extra())["favourite"] = "x";
  EXPECT_THAT(backend_.SearchCompanies(TestContext(), request),
              StatusIs(absl::StatusCode::kInvalidArgument));
  v1::SearchBusinessCardsRequest cards;
  cards.set_page_token("not-a-page");
  EXPECT_THAT(backend_.SearchBusinessCards(TestContext(), cards),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(BackendTest, SearchCompaniesLastPage) {
  EXPECT_CALL(*client_, Send(AllOf(ToPath("/clients/get_entry_list_flow"),
                                   Sends("search%5Bname%5D=%E6%9D%B1"))))
      .WillOnce(
          Return(HttpAnswer(200, Page("clients", R"({"id": 1, "name": "東京商事"})", 1, 20, 1))));
  v1::SearchCompaniesRequest request;
  request.mutable_filter()->set_name("東");
  absl::StatusOr<v1::SearchCompaniesResponse> response =
      backend_.SearchCompanies(TestContext(), request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->companies(0).name(), "東京商事");
  EXPECT_EQ(response->next_page_token(), "");
  EXPECT_EQ(response->total_count(), 1);
}

}  // namespace
}  // namespace leadgw::backends::hotprofile::testing
