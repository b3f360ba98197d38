#include "backends/hotprofile/requests.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::hotprofile {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::Not;
using ::testing::Pair;

TEST(RequestBuilderTest, EndpointsAndPaths) {
  HotProfileCall call = MakeCall(ObjectKind::kBusinessCard, Action::kSearch, {});
  EXPECT_EQ(call.endpoint, "business_cards_search");
  EXPECT_EQ(call.path, "/rest_api/v1/business_cards/get_entry_list");
  call = MakeCall(ObjectKind::kLead, Action::kSearch, {});
  EXPECT_EQ(call.path, "/rest_api/v1/leads/get_entry_list_flow");
  call = MakeCall(ObjectKind::kClient, Action::kUpdate, {});
  EXPECT_EQ(call.endpoint, "clients_update");
  EXPECT_EQ(call.path, "/rest_api/v1/clients/update");
}

TEST(RequestBuilderTest, Paging) {
  absl::StatusOr<Paging> paging = ResolvePaging(ObjectKind::kBusinessCard, 0, "");
  ASSERT_THAT(paging, IsOk());
  EXPECT_EQ(paging->page_number, 1);
  EXPECT_EQ(paging->display_number, 20);
  paging = ResolvePaging(ObjectKind::kBusinessCard, 1000, "7");
  EXPECT_EQ(paging->page_number, 7);
  EXPECT_EQ(paging->display_number, 1000);
  EXPECT_EQ(ResolvePaging(ObjectKind::kLead, 101, "").status().message(),
            "page_size: 0 to 100 for HotProfile leads (HotProfile page[display_number])");
  EXPECT_EQ(ResolvePaging(ObjectKind::kClient, 1001, "").status().message(),
            "page_size: 0 to 1000 for HotProfile clients (HotProfile page[display_number])");
  EXPECT_THAT(ResolvePaging(ObjectKind::kClient, -1, ""), Not(IsOk()));
  for (const char* cursor : {"0", "x", "-1", "1.5", "99999999999"}) {
    EXPECT_EQ(ResolvePaging(ObjectKind::kClient, 0, cursor).status().message(),
              "page_token: not a HotProfile page cursor")
        << cursor;
  }
}

TEST(RequestBuilderTest, BusinessCardSearchWithEveryKindOfFilter) {
  v1::SearchBusinessCardsRequest request;
  v1::BusinessCardFilter& filter = *request.mutable_filter();
  filter.set_last_name_kana("ヤマダ");
  filter.set_group_id("2");
  filter.mutable_exchanged()->set_from("2024-01-01");
  filter.mutable_exchanged()->set_to("2024-12-31");
  (*filter.mutable_extra())["latitude"] = "35.7";
  request.set_sort_key(v1::BUSINESS_CARD_SORT_KEY_EXCHANGE_DATE);
  request.set_sort_direction(v1::SORT_DIRECTION_DESCENDING);
  request.set_page_size(250);
  request.set_page_token("2");
  absl::StatusOr<HotProfileCall> call = BuildBusinessCardSearch(request);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->endpoint, "business_cards_search");
  EXPECT_THAT(
      call->params,
      ElementsAre(Pair("search[family_name_kana]", "ヤマダ"), Pair("search[role_id]", "2"),
                  Pair("search[from_trade_on]", "2024/01/01"),
                  Pair("search[to_trade_on]", "2024/12/31"), Pair("search[latitude]", "35.7"),
                  Pair("order[key]", "trade_on"), Pair("order[type]", "desc"),
                  Pair("page[number]", "2"), Pair("page[display_number]", "250")));
}

TEST(RequestBuilderTest, CompanySearchOwnersTimestampsAndDefaultOrder) {
  v1::SearchCompaniesRequest request;
  request.mutable_filter()->add_owner_ids("1");
  request.mutable_filter()->add_owner_ids("3");
  request.mutable_filter()->mutable_updated_after()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(2024, 4, 1, 0, 0, 0), absl::UTCTimeZone())));
  request.mutable_filter()->mutable_created()->set_to("2024-03-31");
  request.set_sort_direction(v1::SORT_DIRECTION_ASCENDING);
  absl::StatusOr<HotProfileCall> call = BuildCompanySearch(request);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->path, "/rest_api/v1/clients/get_entry_list_flow");
  EXPECT_THAT(
      call->params,
      ElementsAre(Pair("search[user_ids]", "1,3"), Pair("search[to_created_on]", "2024/03/31"),
                  Pair("search[from_datetime_updated_on]", "2024/04/01 09:00:00"),
                  Pair("order[key]", "id"), Pair("order[type]", "asc"), Pair("page[number]", "1"),
                  Pair("page[display_number]", "20")));
}

TEST(RequestBuilderTest, SearchRejectsUndocumentedOrDuplicateExtras) {
  v1::SearchBusinessCardsRequest request;
  (*request.mutable_filter()->mutable_extra())["ids"] = "1,2";
  EXPECT_EQ(BuildBusinessCardSearch(request).status().message(),
            "filter.extra[\"ids\"]: not a documented HotProfile business_cards search parameter");
  request.mutable_filter()->mutable_extra()->clear();
  request.mutable_filter()->set_last_name("山田");
  (*request.mutable_filter()->mutable_extra())["family_name"] = "田中";
  EXPECT_EQ(BuildBusinessCardSearch(request).status().message(),
            "filter.extra[\"family_name\"]: duplicates a typed filter field");
  request.mutable_filter()->mutable_extra()->clear();
  (*request.mutable_filter()->mutable_extra())["from_created_on"] = "yesterday";
  EXPECT_EQ(BuildBusinessCardSearch(request).status().message(),
            "filter.extra[\"from_created_on\"]: a date YYYY-MM-DD (HotProfile "
            "search[from_created_on])");
  request.mutable_filter()->mutable_extra()->clear();
  request.set_sort_key(static_cast<v1::BusinessCardSortKey>(7));
  EXPECT_EQ(BuildBusinessCardSearch(request).status().message(),
            "sort_key: not a HotProfile sort key");
  request.set_sort_key(v1::BUSINESS_CARD_SORT_KEY_ID);
  request.set_sort_direction(static_cast<v1::SortDirection>(5));
  EXPECT_EQ(BuildBusinessCardSearch(request).status().message(),
            "sort_direction: not a HotProfile sort direction");
}

TEST(RequestBuilderTest, LeadQueries) {
  v1::QueryLeadsRequest request;
  request.set_filter_field("id");
  request.add_filter_values("3");
  request.add_filter_values("17");
  absl::StatusOr<HotProfileCall> call = BuildLeadQuery(request);
  ASSERT_THAT(call, IsOk());
  EXPECT_THAT(call->params, ElementsAre(Pair("search[ids]", "3,17"), Pair("page[number]", "1"),
                                        Pair("page[display_number]", "20")));
  request.set_filter_field("owner_id");
  EXPECT_EQ(BuildLeadQuery(request)->params[0], Params::value_type("search[user_ids]", "3,17"));
  request.set_filter_field("last_name_kana");
  EXPECT_EQ(BuildLeadQuery(request).status().message(),
            "filter_values: HotProfile matches one value at a time for last_name_kana");
  request.clear_filter_values();
  request.add_filter_values("ヤマ");
  EXPECT_EQ(BuildLeadQuery(request)->params[0],
            Params::value_type("search[family_name_kana]", "ヤマ"));
  request.set_filter_field("important_customer_flg");
  request.set_filter_values(0, "true");
  EXPECT_EQ(BuildLeadQuery(request)->params[0],
            Params::value_type("search[important_customer_flg]", "1"));
  request.set_filter_field("id");
  request.set_filter_values(0, "x");
  EXPECT_EQ(BuildLeadQuery(request).status().message(),
            "filter_values: decimal ids (HotProfile search[ids])");
  request.set_filter_field("shoe_size");
  EXPECT_EQ(BuildLeadQuery(request).status().message(),
            "filter_field: not a HotProfile lead search field");
  // The status is searched by id; lead_status, the name, names the field that searches it.
  request.set_filter_field("lead_status_id");
  request.set_filter_values(0, "2");
  EXPECT_EQ(BuildLeadQuery(request)->params[0], Params::value_type("search[lead_status]", "2"));
  request.set_filter_field("lead_status");
  EXPECT_EQ(BuildLeadQuery(request).status().message(),
            "filter_field: HotProfile cannot search lead_status; search by lead_status_id");
  request.set_filter_field("email");
  request.set_filter_values(0, "a@b.jp");
  request.set_page_size(200);
  EXPECT_THAT(BuildLeadQuery(request), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RequestBuilderTest, LeadGetAndLookups) {
  EXPECT_THAT(BuildLeadGet({"42"}).params,
              ElementsAre(Pair("search[ids]", "42"), Pair("page[number]", "1"),
                          Pair("page[display_number]", "1")));
  EXPECT_THAT(BuildLeadGet({"42", "7"}).params,
              ElementsAre(Pair("search[ids]", "42,7"), Pair("page[number]", "1"),
                          Pair("page[display_number]", "2")));
  absl::StatusOr<LookupField> lookup = ResolveLookupField("");
  ASSERT_THAT(lookup, IsOk());
  EXPECT_EQ(std::string(lookup->field->name), "email");
  EXPECT_THAT(BuildLeadLookup(*lookup, "a@b.jp", 2).params,
              ElementsAre(Pair("search[email]", "a@b.jp"), Pair("page[number]", "2"),
                          Pair("page[display_number]", "100")));
  EXPECT_EQ(std::string(ResolveLookupField("last_name")->field->name), "family_name");
  EXPECT_EQ(std::string(ResolveLookupField("customer_id")->search->name), "customer_id");
  EXPECT_THAT(ResolveLookupField("tags"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ResolveLookupField("not_mail_flg"), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
