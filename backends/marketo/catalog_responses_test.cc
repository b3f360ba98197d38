#include "backends/marketo/catalog_responses.h"

#include <string>
#include <vector>

#include "backends/marketo/testing/test_envelope.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::marketo {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

namespace v1 = ::leadgateway::v1;

TEST(CatalogResponsesTest, MembershipChecksByPosition) {
  google::protobuf::RepeatedPtrField<std::string> ids;
  for (const char* id : {"9", "318581", "318582", "1", "77", "78"}) *ids.Add() = id;
  // The answer of the second chunk-like slice [1, 6): one result is missing.
  std::vector<v1::ListMembershipCheck> checks = ParseMembershipChecks(ParseTestEnvelope(R"json({
    "requestId": "e42b#14272d07d78", "success": true,
    "result": [{"id": 318581, "status": "memberof"},
               {"id": 318582, "status": "notmemberof"},
               {"id": 1, "status": "skipped", "reasons": [{"code": "1004", "message": "Lead not found"}]},
               {"id": 77, "status": "wonderful"}]
  })json"), ids, 1, 6);
  ASSERT_EQ(checks.size(), 5u);
  EXPECT_EQ(checks[0].index(), 1);
  EXPECT_EQ(checks[0].lead_id(), "318581");
  EXPECT_EQ(checks[0].state(), v1::LIST_MEMBERSHIP_STATE_MEMBER);
  EXPECT_EQ(checks[1].state(), v1::LIST_MEMBERSHIP_STATE_NOT_MEMBER);
  EXPECT_TRUE(checks[1].reasons().empty());
  EXPECT_EQ(checks[2].state(), v1::LIST_MEMBERSHIP_STATE_SKIPPED);
  ASSERT_EQ(checks[2].reasons_size(), 1);
  EXPECT_EQ(checks[2].reasons(0).code(), "1004");
  EXPECT_EQ(checks[3].state(), v1::LIST_MEMBERSHIP_STATE_UNKNOWN);
  EXPECT_EQ(checks[3].reasons(0).code(), "gateway.unknown_status");
  EXPECT_EQ(checks[4].index(), 5);
  EXPECT_EQ(checks[4].lead_id(), "78");
  EXPECT_EQ(checks[4].state(), v1::LIST_MEMBERSHIP_STATE_UNKNOWN);
  EXPECT_EQ(checks[4].reasons(0).code(), "gateway.missing_result");
}

TEST(CatalogResponsesTest, StaticListMembershipsOfTheSeed) {
  auto lists = ParseStaticListMemberships(ParseTestEnvelope(R"json({
    "requestId": "1184b#1706f0ec23f",
    "result": [{"listId": 3379, "createdAt": "2016-05-17T19:32:44Z", "updatedAt": "2016-05-17T19:32:44Z"},
               {"listId": 2792, "createdAt": "2009-05-19T18:29:15Z", "updatedAt": "2009-05-19T18:29:15Z"}],
    "success": true, "nextPageToken": "BFRV7OMVSNJWDVKVTUFS3XHT4E======", "moreResult": true
  })json"));
  ASSERT_THAT(lists, IsOk());
  ASSERT_EQ(lists->size(), 2u);
  EXPECT_EQ((*lists)[0].list_id(), "3379");
  EXPECT_EQ((*lists)[1].created_at().seconds(), 1242757755);
}

TEST(CatalogResponsesTest, ProgramMembershipsOfTheSeed) {
  auto programs = ParseProgramMemberships(ParseTestEnvelope(R"json({
    "requestId": "12e84#1706f13a379",
    "result": [{"id": 1044, "progressionStatus": "Sent", "isExhausted": false,
                "acquiredBy": false, "reachedSuccess": false,
                "membershipDate": "2016-05-27T19:50:29Z", "updatedAt": "2016-05-27T19:50:29Z"}],
    "success": true, "moreResult": false
  })json"));
  ASSERT_THAT(programs, IsOk());
  ASSERT_EQ(programs->size(), 1u);
  EXPECT_EQ((*programs)[0].program_id(), "1044");
  EXPECT_EQ((*programs)[0].progression_status(), "Sent");
  EXPECT_TRUE((*programs)[0].has_membership_date());
}

TEST(CatalogResponsesTest, SmartCampaignsOfTheSeed) {
  auto campaigns = ParseSmartCampaigns(ParseTestEnvelope(R"json({
    "requestId": "e7b0#1706f163632",
    "result": [{"smartCampaignId": 3746, "createdAt": "2018-06-01T18:00:04Z",
                "updatedAt": "2018-06-01T18:00:06Z"}],
    "success": true, "nextPageToken": "TNGAH3NKDUFDHNXUVGTNBXJCQM======", "moreResult": true
  })json"));
  ASSERT_THAT(campaigns, IsOk());
  EXPECT_EQ((*campaigns)[0].smart_campaign_id(), "3746");
}

TEST(CatalogResponsesTest, ProgramMembersOfTheSeed) {
  auto members = ParseProgramMembers(ParseTestEnvelope(R"json({
    "requestId": "13ad4#1727b748a17",
    "result": [{"id": 319141, "firstName": "Meera", "lastName": "Reed",
                "email": "mree@housestark.com", "updatedAt": "2020-04-21T16:27:14Z",
                "createdAt": "2020-04-21T16:27:14Z",
                "membership": {"id": 1127, "progressionStatus": "Visited",
                               "progressionStatusType": "Visited", "isExhausted": false,
                               "acquiredBy": true, "reachedSuccess": false,
                               "membershipDate": "2020-04-21T16:27:16Z",
                               "updatedAt": "2020-04-21T16:27:16Z"}}],
    "success": true,
    "nextPageToken": "SW3PTMBVFCNHSHJGZ7LQH3ZWNUOHKADJZ3MOQ2LOZZVNO3WEIUPDKPRTTHBSMW756KOCWURTOF2XS==="
  })json"),
                                     "1127");
  ASSERT_THAT(members, IsOk());
  ASSERT_EQ(members->size(), 1u);
  const v1::ProgramMember& m = (*members)[0];
  EXPECT_EQ(m.lead().id(), "319141");
  EXPECT_EQ(m.lead().first_name(), "Meera");
  EXPECT_EQ(m.lead().custom_fields().count("membership"), 0u);
  EXPECT_EQ(m.membership().program_id(), "1127");
  EXPECT_EQ(m.membership().progression_status_type(), "Visited");
  EXPECT_TRUE(m.membership().acquired_by());
}

TEST(CatalogResponsesTest, SchemaFieldsOfTheSeed) {
  auto fields = ParseSchemaFields(ParseTestEnvelope(R"json({
    "requestId": "cd97#1793ee0fec4",
    "result": [{"displayName": "Email Address", "name": "email", "description": null,
                "dataType": "email", "length": 255, "isHidden": false,
                "isHtmlEncodingInEmail": true, "isSensitive": true, "isCustom": false},
               {"displayName": "Date of Birth", "name": "dateOfBirth", "description": null,
                "dataType": "date", "isHidden": false, "isHtmlEncodingInEmail": false,
                "isSensitive": true, "isCustom": false}],
    "success": true
  })json"),
                                  "get_lead_field");
  ASSERT_THAT(fields, IsOk());
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ((*fields)[0].name(), "email");
  EXPECT_EQ((*fields)[0].neutral_name(), "email");
  EXPECT_EQ((*fields)[0].length(), 255);
  EXPECT_TRUE((*fields)[0].is_html_encoding_in_email());
  EXPECT_EQ((*fields)[1].length(), 0);
}

TEST(CatalogResponsesTest, WrongTypesAreInternal) {
  EXPECT_THAT(
      ParseSchemaFields(
          ParseTestEnvelope(R"({"success":true,"result":[{"name":"x","isHidden":"maybe"}]})"), "f"),
      StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseSchemaFields(
                  ParseTestEnvelope(R"({"success":true,"result":[{"displayName":"x"}]})"), "f"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseStaticListMemberships(ParseTestEnvelope(
                  R"({"success":true,"result":[{"listId":1,"createdAt":"then"}]})")),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(
      ParseProgramMembers(
          ParseTestEnvelope(R"({"success":true,"result":[{"id":1,"membership":[]}]})"), "1"),
      StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace leadgw::backends::marketo
