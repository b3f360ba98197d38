#include "backends/marketo/responses.h"

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

// The seed's Get Leads by Filter Type answer.
constexpr char kFilterAnswer[] = R"json({
  "requestId": "12951#15699db5c97",
  "result": [
    {"id": 318581, "updatedAt": "2016-05-17T22:11:45Z", "lastName": "Lincoln",
     "email": "abe@usa.gov", "createdAt": "2015-03-17T00:18:40Z", "firstName": "Abraham"},
    {"id": 318592, "updatedAt": "2016-05-17T22:20:51Z", "lastName": "Washington",
     "email": "george@usa.gov", "createdAt": "2015-04-06T16:29:21Z", "firstName": "George"}
  ],
  "success": true
})json";

// The seed's push answer: created, updated, and reasons without a status.
constexpr char kPushAnswer[] = R"json({
  "requestId": "939079529805", "success": true, "warnings": [],
  "result": [
    {"id": 483894, "status": "created"},
    {"id": 1087425, "status": "updated"},
    {"id": 3525, "reasons": [{"code": "501", "message": "Bad stuff happened"}]}
  ]
})json";

TEST(LeadResponsesTest, LeadsOfTheSeedFilterAnswer) {
  absl::StatusOr<std::vector<v1::Lead>> leads =
      ParseLeads(ParseTestEnvelope(kFilterAnswer), "filter");
  ASSERT_THAT(leads, IsOk());
  ASSERT_EQ(leads->size(), 2u);
  EXPECT_EQ((*leads)[0].id(), "318581");
  EXPECT_EQ((*leads)[0].first_name(), "Abraham");
  EXPECT_EQ((*leads)[1].email(), "george@usa.gov");
  EXPECT_TRUE((*leads)[1].has_created_at());
}

TEST(LeadResponsesTest, EmptyAndAbsentResultsAreNoLeads) {
  EXPECT_TRUE(
      ParseLeads(
          ParseTestEnvelope(R"({"requestId":"177a1#1578b643357","result":[],"success":true})"), "f")
          ->empty());
  EXPECT_TRUE(ParseLeads(ParseTestEnvelope(R"({"requestId":"r","success":true})"), "f")->empty());
}

TEST(LeadResponsesTest, NonObjectItemIsInternal) {
  EXPECT_THAT(ParseLeads(ParseTestEnvelope(R"({"success":true,"result":[1]})"), "f"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(LeadResponsesTest, RecordResultsOfTheSeedPushAnswer) {
  std::vector<v1::RecordResult> results =
      ParseRecordResults(ParseTestEnvelope(kPushAnswer), 300, 3, "id");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].index(), 300);
  EXPECT_EQ(results[0].id(), "483894");
  EXPECT_EQ(results[0].status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(results[1].status(), v1::RECORD_STATUS_UPDATED);
  EXPECT_EQ(results[2].index(), 302);
  EXPECT_EQ(results[2].status(), v1::RECORD_STATUS_FAILED);
  ASSERT_EQ(results[2].reasons_size(), 1);
  EXPECT_EQ(results[2].reasons(0).code(), "501");
  EXPECT_EQ(results[2].reasons(0).message(), "Bad stuff happened");
}

TEST(LeadResponsesTest, RecordResultVariants) {
  struct Case {
    const char* json;
    v1::RecordStatus status;
    const char* reason_code;
  };
  const Case cases[] = {
      {R"({"id":235,"status":"deleted"})", v1::RECORD_STATUS_DELETED, ""},
      // Static-list membership writes.
      {R"({"id":235,"status":"added"})", v1::RECORD_STATUS_CREATED, ""},
      {R"({"id":235,"status":"removed"})", v1::RECORD_STATUS_DELETED, ""},
      {R"({"id":50,"status":"skipped","reasons":[{"code":"1005","message":"Lead already exists"}]})",
       v1::RECORD_STATUS_SKIPPED, "1005"},
      // The spec's singular `reason` object.
      {R"({"status":"skipped","reason":{"code":"1004","message":"Lead not found"}})",
       v1::RECORD_STATUS_SKIPPED, "1004"},
      {R"({"id":1})", v1::RECORD_STATUS_FAILED, "gateway.missing_status"},
      {R"({"id":1,"status":"memberof"})", v1::RECORD_STATUS_FAILED, "gateway.unknown_status"},
      {R"({"id":1,"status":7})", v1::RECORD_STATUS_FAILED, "gateway.unknown_status"},
      {R"({"id":1,"status":"skipped","reasons":[{"message":"no code"}]})",
       v1::RECORD_STATUS_SKIPPED, "gateway.unknown_reason"},
      {R"("created")", v1::RECORD_STATUS_FAILED, "gateway.malformed_result"},
  };
  for (const Case& c : cases) {
    rapidjson::Document doc;
    doc.Parse(c.json);
    v1::RecordResult result = ParseRecordResult(doc, "id");
    EXPECT_EQ(result.status(), c.status) << c.json;
    if (*c.reason_code == '\0') {
      EXPECT_EQ(result.reasons_size(), 0) << c.json;
    } else {
      ASSERT_GE(result.reasons_size(), 1) << c.json;
      EXPECT_EQ(result.reasons(0).code(), c.reason_code) << c.json;
    }
  }
}

TEST(LeadResponsesTest, MissingResultsFailTheirRecords) {
  std::vector<v1::RecordResult> results = ParseRecordResults(
      ParseTestEnvelope(
          R"({"requestId":"r#1","success":true,"result":[{"id":1,"status":"created"}]})"),
      0, 3, "id");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(results[2].status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(results[2].reasons(0).code(), "gateway.missing_result");
  EXPECT_EQ(results[2].index(), 2);
}

// Call-level warnings go on every record of the call (the missing one included); a
// record's own warnings go on that record only.
TEST(LeadResponsesTest, WarningsReachEveryRecordOfTheCall) {
  std::vector<v1::RecordResult> results =
      ParseRecordResults(ParseTestEnvelope(R"({"requestId":"r#1","success":true,
          "warnings":["Lead Source value was truncated"],
          "result":[{"id":1,"status":"created"},
                    {"id":2,"status":"updated","warnings":[{"code":"1007","message":"own"}]}]})"),
                         10, 3, "id");
  ASSERT_EQ(results.size(), 3u);
  ASSERT_EQ(results[0].warnings_size(), 1);
  EXPECT_EQ(results[0].warnings(0).code(), "");
  EXPECT_EQ(results[0].warnings(0).message(), "Lead Source value was truncated");
  ASSERT_EQ(results[1].warnings_size(), 2);
  EXPECT_EQ(results[1].warnings(0).code(), "1007");
  EXPECT_EQ(results[1].warnings(1).message(), "Lead Source value was truncated");
  EXPECT_EQ(results[2].status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(results[2].warnings_size(), 1);
  EXPECT_EQ(results[1].reasons_size(), 0);
}

TEST(LeadResponsesTest, NoWarningsLeaveRecordsWithout) {
  std::vector<v1::RecordResult> results =
      ParseRecordResults(ParseTestEnvelope(kPushAnswer), 0, 3, "id");
  for (const v1::RecordResult& result : results) EXPECT_EQ(result.warnings_size(), 0);
}

// The seed's describe answer, plus a SOAP-only field that REST cannot use.
TEST(LeadResponsesTest, Describe) {
  absl::StatusOr<std::vector<v1::LeadField>> fields = ParseDescribe(ParseTestEnvelope(R"json({
    "requestId": "37ca#1475b74e276", "success": true,
    "result": [
      {"id": 2, "displayName": "Company Name", "dataType": "string", "length": 255,
       "rest": {"name": "company", "readOnly": false}, "soap": {"name": "Company", "readOnly": false}},
      {"id": 3, "displayName": "SOAP only", "dataType": "string", "soap": {"name": "X"}},
      {"id": 4, "displayName": "Email Address", "dataType": "email", "length": 255,
       "rest": {"name": "email", "readOnly": false}},
      {"id": 5, "displayName": "Updated", "dataType": "datetime",
       "rest": {"name": "updatedAt", "readOnly": true}}
    ]
  })json"));
  ASSERT_THAT(fields, IsOk());
  ASSERT_EQ(fields->size(), 3u);
  EXPECT_EQ((*fields)[0].name(), "company");
  EXPECT_EQ((*fields)[0].id(), "2");
  EXPECT_EQ((*fields)[0].display_name(), "Company Name");
  EXPECT_EQ((*fields)[0].length(), 255);
  EXPECT_EQ((*fields)[0].neutral_name(), "company");
  EXPECT_FALSE((*fields)[0].searchable());
  EXPECT_TRUE((*fields)[1].searchable());
  EXPECT_TRUE((*fields)[2].read_only());
  EXPECT_EQ((*fields)[2].neutral_name(), "updated_at");
}

TEST(LeadResponsesTest, DescribeWithWrongTypesIsInternal) {
  const char* bodies[] = {
      R"({"success":true,"result":[{"rest":"company"}]})",
      R"({"success":true,"result":[{"rest":{"readOnly":false}}]})",
      R"({"success":true,"result":[{"rest":{"name":"x"},"length":"long"}]})",
  };
  for (const char* body : bodies) {
    EXPECT_THAT(ParseDescribe(ParseTestEnvelope(body)), StatusIs(absl::StatusCode::kInternal))
        << body;
  }
}

// The spec's describe2 shape: searchable only as a single-field entry of searchableFields
// (the compound [firstName, lastName] key does not make either searchable).
TEST(LeadResponsesTest, Describe2) {
  absl::StatusOr<std::vector<v1::LeadField>> fields = ParseDescribe2(ParseTestEnvelope(R"json({
    "requestId": "185d6#14b51985ff0", "success": true,
    "result": [{
      "name": "API Lead",
      "searchableFields": [["email"], ["accountCode"], ["firstName", "lastName"], ["cookies"]],
      "fields": [
        {"name": "email", "displayName": "Email Address", "dataType": "email", "length": 255,
         "updateable": true, "crmManaged": false},
        {"name": "firstName", "displayName": "First Name", "dataType": "string", "length": 255,
         "updateable": true, "crmManaged": false},
        {"name": "accountCode", "displayName": "Account Code", "dataType": "string",
         "updateable": true, "crmManaged": false},
        {"name": "updatedAt", "displayName": "Updated At", "dataType": "datetime",
         "updateable": false, "crmManaged": false}
      ]
    }]
  })json"));
  ASSERT_THAT(fields, IsOk());
  ASSERT_EQ(fields->size(), 4u);
  EXPECT_EQ((*fields)[0].name(), "email");
  EXPECT_EQ((*fields)[0].display_name(), "Email Address");
  EXPECT_EQ((*fields)[0].data_type(), "email");
  EXPECT_EQ((*fields)[0].length(), 255);
  EXPECT_TRUE((*fields)[0].searchable());
  EXPECT_FALSE((*fields)[0].read_only());
  EXPECT_EQ((*fields)[0].id(), "");
  EXPECT_FALSE((*fields)[1].searchable());
  EXPECT_EQ((*fields)[1].neutral_name(), "first_name");
  EXPECT_TRUE((*fields)[2].searchable());  // a custom field: describe.json could not say
  EXPECT_EQ((*fields)[2].length(), 0);
  EXPECT_TRUE((*fields)[3].read_only());
}

TEST(LeadResponsesTest, Describe2WithWrongShapesIsInternal) {
  const char* bodies[] = {
      R"({"success":true,"result":[{"searchableFields":"email","fields":[]}]})",
      R"({"success":true,"result":[{"searchableFields":["email"],"fields":[]}]})",
      R"({"success":true,"result":[{"fields":{"name":"email"}}]})",
      R"({"success":true,"result":[{"fields":[{"displayName":"no name"}]}]})",
      R"({"success":true,"result":[{"fields":[{"name":"x","updateable":"yes"}]}]})",
      R"({"success":true,"result":[{"fields":["email"]}]})",
  };
  for (const char* body : bodies) {
    EXPECT_THAT(ParseDescribe2(ParseTestEnvelope(body)), StatusIs(absl::StatusCode::kInternal))
        << body;
  }
}

TEST(LeadResponsesTest, Partitions) {
  absl::StatusOr<std::vector<v1::LeadPartition>> partitions = ParsePartitions(ParseTestEnvelope(
      R"({"success":true,"result":[{"id":1,"name":"Default","description":"Initial partition"},)"
      R"({"id":2,"name":"Japan"}]})"));
  ASSERT_THAT(partitions, IsOk());
  ASSERT_EQ(partitions->size(), 2u);
  EXPECT_EQ((*partitions)[0].id(), "1");
  EXPECT_EQ((*partitions)[0].description(), "Initial partition");
  EXPECT_EQ((*partitions)[1].name(), "Japan");
  EXPECT_THAT(ParsePartitions(ParseTestEnvelope(R"({"success":true,"result":[{"id":1}]})")),
              StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace leadgw::backends::marketo
