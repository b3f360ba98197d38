#include "service/page_token.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "leadgateway/v1/membership_service.pb.h"
#include "service/field_error.h"
#include "testing/status_matchers.h"

namespace leadgw::service {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

namespace v1 = ::leadgateway::v1;

v1::QueryLeadsRequest Query() {
  v1::QueryLeadsRequest request;
  request.set_connection("mkto");
  request.set_filter_field("email");
  request.add_filter_values("a@example.com");
  request.add_fields("email");
  return request;
}

TEST(PageTokenTest, RoundTripsTheCursor) {
  const uint64_t fp = QueryFingerprint(Query());
  std::string token = EncodePageToken(fp, "PS5VL5WD4UOWGOUC===");
  EXPECT_NE(token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos - 1);  // URL-safe alphabet
  auto cursor = DecodePageToken(token, fp);
  ASSERT_THAT(cursor, IsOk());
  EXPECT_EQ(*cursor, "PS5VL5WD4UOWGOUC===");
}

TEST(PageTokenTest, EmptyMeansFirstOrLastPage) {
  EXPECT_EQ(EncodePageToken(42, ""), "");
  auto cursor = DecodePageToken("", 42);
  ASSERT_THAT(cursor, IsOk());
  EXPECT_EQ(*cursor, "");
}

TEST(PageTokenTest, PageTokenAndSizeDoNotChangeTheFingerprint) {
  v1::QueryLeadsRequest a = Query();
  v1::QueryLeadsRequest b = Query();
  b.set_page_size(50);
  b.set_page_token("whatever");
  EXPECT_EQ(QueryFingerprint(a), QueryFingerprint(b));
}

TEST(PageTokenTest, TokenFromAnotherQueryIsRejected) {
  v1::QueryLeadsRequest other = Query();
  other.set_filter_field("id");
  std::string token = EncodePageToken(QueryFingerprint(Query()), "cursor");
  auto cursor = DecodePageToken(token, QueryFingerprint(other));
  EXPECT_THAT(cursor, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(InvalidFieldPath(cursor.status()), "page_token");

  v1::QueryLeadsRequest other_connection = Query();
  other_connection.set_connection("mkto2");
  EXPECT_NE(QueryFingerprint(Query()), QueryFingerprint(other_connection));
}

TEST(PageTokenTest, TokenOfAnotherRpcIsRejected) {
  v1::ListLeadStaticListsRequest lists;
  lists.set_connection("mkto");
  v1::ListLeadSmartCampaignsRequest campaigns;
  campaigns.set_connection("mkto");
  EXPECT_NE(QueryFingerprint(lists), QueryFingerprint(campaigns));
}

TEST(PageTokenTest, MalformedTokensAreRejected) {
  const uint64_t fp = QueryFingerprint(Query());
  for (const char* bad : {"%%%", "AQ", "not-a-token", "AAAAAAAAAAAAAAAA"}) {
    EXPECT_THAT(DecodePageToken(bad, fp), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(PageTokenTest, MapOrderDoesNotMatter) {
  v1::SubmitFormRequest a;
  a.set_connection("m");
  (*a.mutable_form_fields())["email"].set_string_value("x@y.z");
  (*a.mutable_form_fields())["firstName"].set_string_value("A");
  v1::SubmitFormRequest b;
  b.set_connection("m");
  (*b.mutable_form_fields())["firstName"].set_string_value("A");
  (*b.mutable_form_fields())["email"].set_string_value("x@y.z");
  EXPECT_EQ(QueryFingerprint(a), QueryFingerprint(b));
}

}  // namespace
}  // namespace leadgw::service
