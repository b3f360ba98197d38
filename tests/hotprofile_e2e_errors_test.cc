// HotProfile end to end, the failures: every HotProfile rule rejects with zero upstream
// calls (and a google.rpc.BadRequest), a 429 surfaces as RESOURCE_EXHAUSTED with
// google.rpc.RetryInfo, a wrong API key as UNAUTHENTICATED without the key in the status or
// the gateway log, and Marketo-only RPCs as UNIMPLEMENTED naming hotprofile.
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/hotprofile_e2e_fixture.h"

namespace leadgw::testing::hotprofile_e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(HotProfileE2eTest, EveryHotProfileRuleRejectsWithoutAnUpstreamCall) {
  const std::string company_id = CreateCompany("検証商事");
  const int64_t before = main_->counters().TotalRequests();
  auto expect_invalid = [&](grpc::Status status, const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  };
  v1::WriteResponse ignored;
  using Breaks = std::function<void(v1::BusinessCard*)>;
  const std::pair<std::string, Breaks> card_rules[] = {
      {"cards[1].last_name: at most 100 characters",
       [](auto* c) { c->set_last_name(Repeat("山", 101)); }},
      {"cards[1].email: at most 200", [](auto* c) { c->set_email(Repeat("a", 196) + "@x.jp"); }},
      {"cards[1].note: at most 3000", [](auto* c) { c->set_note(Repeat("メ", 3001)); }},
      {"cards[1].address.street",
       [](auto* c) { c->mutable_address()->set_street(Repeat("住", 256)); }},
      {"cards[1].phone_extension", [](auto* c) { c->set_phone_extension("123456789"); }},
      {"cards[1].exchange_date", [](auto* c) { c->set_exchange_date("2024-02-30"); }},
      {"cards[1].custom_fields",
       [](auto* c) { (*c->mutable_custom_fields())["latitude"].set_string_value("1234.5"); }},
  };
  for (const auto& [field, breaks] : card_rules) {
    std::vector<v1::BusinessCard> cards = {Card(company_id, "甲", "コウ", "2024-01-01"),
                                           Card(company_id, "乙", "オツ", "2024-01-01")};
    breaks(&cards[1]);
    expect_invalid(CreateCards(cards, &ignored), field);
  }
  // A field violation found by the adapter carries google.rpc.BadRequest like the service's.
  grpc::Status status =
      CreateCards({Card(company_id, Repeat("山", 101), "", "2024-01-01")}, &ignored);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_GT(details.details_size(), 0);
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "cards[0].last_name");

  v1::CreateCompaniesRequest company;
  company.set_connection("hp");
  company.add_companies()->set_name(Repeat("社", 256));
  company.mutable_companies(0)->set_display_name("x");
  expect_invalid(companies_->CreateCompanies(Context().get(), company, &ignored),
                 "companies[0].name: at most 255 characters (HotProfile name)");

  v1::UpsertLeadsRequest upsert;
  upsert.set_connection("hp");
  upsert.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
  upsert.add_leads()->set_company_id(company_id);  // no family name
  expect_invalid(leads_->UpsertLeads(Context().get(), upsert, &ignored),
                 "leads[0].last_name: required to create a HotProfile lead");
  upsert.mutable_leads(0)->set_last_name("田中");
  upsert.set_partition_name("Default");
  expect_invalid(leads_->UpsertLeads(Context().get(), upsert, &ignored),
                 "partition_name: not supported on HotProfile");

  v1::QueryLeadsRequest query;
  query.set_connection("hp");
  query.set_filter_field("email");
  query.add_filter_values("a@x.jp");
  query.add_filter_values("b@x.jp");
  v1::QueryLeadsResponse leads;
  expect_invalid(leads_->QueryLeads(Context().get(), query, &leads),
                 "HotProfile matches one value at a time for email");
  query.mutable_filter_values()->RemoveLast();
  query.set_page_size(101);
  expect_invalid(leads_->QueryLeads(Context().get(), query, &leads), "page_size: 0 to 100");

  v1::SearchBusinessCardsRequest search;
  search.set_connection("hp");
  (*search.mutable_filter()->mutable_extra())["ids"] = "1";
  v1::SearchBusinessCardsResponse cards;
  expect_invalid(cards_->SearchBusinessCards(Context().get(), search, &cards),
                 "filter.extra[\"ids\"]: not a documented HotProfile");

  EXPECT_EQ(main_->counters().TotalRequests(), before) << "a rejected request reached HotProfile";
}

TEST_F(HotProfileE2eTest, RateLimitIsRefusedWithTheUpstreamsRetryHint) {
  v1::SearchCompaniesRequest request;
  request.set_connection("hp-limited");
  v1::SearchCompaniesResponse response;
  grpc::Status status;
  for (int i = 0; i < 3 && status.ok(); ++i) {  // the emulator admits 2 calls per 60 s
    status = companies_->SearchCompanies(Context().get(), request, &response);
  }
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  // The deadline does not allow waiting out the 60 s Retry-After: the gateway's own
  // refusal, with the upstream's hint (the 429 itself is in the metrics, not the status).
  EXPECT_THAT(status.error_message(), HasSubstr("the upstream answered rate-limited"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  bool has_retry_info = false;
  for (const auto& detail : details.details()) {
    google::rpc::RetryInfo retry;
    if (detail.UnpackTo(&retry)) {
      has_retry_info = true;
      EXPECT_GT(retry.retry_delay().seconds(), 0);
      EXPECT_LE(retry.retry_delay().seconds(), 60);
    }
  }
  EXPECT_TRUE(has_retry_info);
}

TEST_F(HotProfileE2eTest, WrongApiKeyIsAClearErrorThatNeverShowsAKey) {
  v1::SearchBusinessCardsRequest request;
  request.set_connection("hp-wrong-key");
  v1::SearchBusinessCardsResponse response;
  grpc::Status status = cards_->SearchBusinessCards(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("rejected the API key"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr(kWrongKey)));
  EXPECT_THAT(status.error_details(), Not(HasSubstr(kWrongKey)));
  const std::string log = gateway_->Log();
  EXPECT_THAT(log, HasSubstr("rejected the API key"));  // the failure was logged ...
  EXPECT_THAT(log, Not(HasSubstr(kWrongKey)));          // ... without either key
  EXPECT_THAT(log, Not(HasSubstr(kKey)));
}

TEST_F(HotProfileE2eTest, MarketoOnlyOperationsAreUnimplemented) {
  v1::MergeLeadsRequest merge;
  merge.set_connection("hp");
  merge.set_winner_id("1");
  merge.add_loser_ids("2");
  v1::MergeLeadsResponse merged;
  grpc::Status status = leads_->MergeLeads(Context().get(), merge, &merged);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(status.error_message(),
            "hotprofile does not support leadgateway.v1.LeadService/MergeLeads");

  v1::DescribeLeadsRequest describe;
  describe.set_connection("hp");
  v1::DescribeLeadsResponse fields;
  ASSERT_TRUE(leads_->DescribeLeads(Context().get(), describe, &fields).ok());
  std::set<std::string> names;
  for (const v1::LeadField& field : fields.fields()) names.insert(field.name());
  EXPECT_TRUE(names.count("family_name_kana") && names.count("not_mail_flg"));
}

}  // namespace
}  // namespace leadgw::testing::hotprofile_e2e
