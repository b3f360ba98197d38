#include "backends/marketo/lead_json.h"

#include <string>

#include "backends/common/invalid_field.h"
#include "backends/common/json_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;

std::string ToJson(const v1::Lead& lead, absl::Status* status = nullptr) {
  JsonBody body(0);
  body.writer().StartObject();
  absl::Status s = WriteLeadMembers(lead, "leads[2]", body.writer());
  body.writer().EndObject();
  if (status != nullptr) *status = s;
  return s.ok() ? body.Text() : "";
}

v1::Lead FromJson(const char* text) {
  absl::StatusOr<rapidjson::Document> doc = common::ParseJsonObject(text);
  EXPECT_THAT(doc, IsOk());
  absl::StatusOr<v1::Lead> lead = LeadFromJson(*doc);
  EXPECT_THAT(lead, IsOk());
  return lead.value_or(v1::Lead());
}

TEST(LeadJsonTest, WritesMappedFieldsInTableOrder) {
  v1::Lead lead;
  lead.set_email("kjashaedd-1@klooblept.com");
  lead.set_first_name("Kataldar-1");
  lead.mutable_address()->set_postal_code("04828");
  lead.mutable_address()->set_street("1 Main St");
  lead.set_external_company_id("ACME 1/Tokyo");  // any text: a key, not a decimal id
  lead.set_lead_status("");  // set to "": written, to clear the value upstream
  EXPECT_EQ(ToJson(lead), R"({"email":"kjashaedd-1@klooblept.com","firstName":"Kataldar-1",)"
                          R"("externalCompanyId":"ACME 1/Tokyo","leadStatus":"","address":"1 Main St",)"
                          R"("postalCode":"04828"})");
}

TEST(LeadJsonTest, WritesIdAsNumberAndCustomFields) {
  v1::Lead lead;
  lead.set_id("318581");
  (*lead.mutable_custom_fields())["leadScore"].set_number_value(45);
  (*lead.mutable_custom_fields())["unsubscribed"].set_bool_value(false);
  const std::string json = ToJson(lead);
  EXPECT_THAT(json, HasSubstr(R"("id":318581)"));
  EXPECT_THAT(json, HasSubstr(R"("leadScore":45)"));
  EXPECT_THAT(json, HasSubstr(R"("unsubscribed":false)"));
}

// Consent travels typed: email_opt_out is Marketo's unsubscribed, phone_opt_out doNotCall.
TEST(LeadJsonTest, WritesConsentAsBooleans) {
  v1::Lead lead;
  lead.set_email("a@example.jp");
  lead.set_email_opt_out(true);
  lead.set_phone_opt_out(false);
  EXPECT_EQ(ToJson(lead), R"({"email":"a@example.jp","unsubscribed":true,"doNotCall":false})");
}

TEST(LeadJsonTest, ReadsConsentFromBooleansOrTheirText) {
  v1::Lead lead = FromJson(R"({"unsubscribed": true, "doNotCall": "0"})");
  EXPECT_TRUE(lead.email_opt_out());
  ASSERT_TRUE(lead.has_phone_opt_out());
  EXPECT_FALSE(lead.phone_opt_out());
  EXPECT_TRUE(lead.custom_fields().empty());
  // Not a boolean: kept where the caller can see it, the page still parses.
  lead = FromJson(R"({"unsubscribed": "sometimes"})");
  EXPECT_FALSE(lead.has_email_opt_out());
  EXPECT_EQ(lead.custom_fields().at("unsubscribed").string_value(), "sometimes");
}

// Byte-exact for the edge cases of one-pass writing: escaping, UTF-8, empty and null
// values, an id beside a custom "id"-free lead.
TEST(LeadJsonTest, WritesEscapedEmptyAndNullValuesByteExact) {
  v1::Lead lead;
  lead.set_id("7");
  lead.set_first_name("山田");
  lead.set_last_name("O\"Brien\\\n");
  lead.set_company("");
  (*lead.mutable_custom_fields())["customFlag"].set_null_value(google::protobuf::NULL_VALUE);
  EXPECT_EQ(ToJson(lead), "{\"id\":7,\"firstName\":\"山田\",\"lastName\":\"O\\\"Brien\\\\\\n\","
                          "\"company\":\"\",\"customFlag\":null}");
  v1::Lead only_custom;
  (*only_custom.mutable_custom_fields())["score"].set_number_value(-2.5);
  EXPECT_EQ(ToJson(only_custom), R"({"score":-2.5})");
  v1::Lead custom_id;  // no typed id: a custom "id" repeats nothing
  (*custom_id.mutable_custom_fields())["id"].set_string_value("");
  EXPECT_EQ(ToJson(custom_id), R"({"id":""})");
}

TEST(LeadJsonTest, RejectsACustomIdBesideTheTypedId) {
  v1::Lead lead;
  lead.set_id("7");
  (*lead.mutable_custom_fields())["id"].set_number_value(8);
  absl::Status status;
  ToJson(lead, &status);
  EXPECT_EQ(status.GetPayload(common::kInvalidFieldPayloadUrl).value_or(absl::Cord()),
            "leads[2].custom_fields[\"id\"]");
}

TEST(LeadJsonTest, RejectsWhatMarketoCannotStore) {
  struct Case {
    const char* name;
    void (*mutate)(v1::Lead&);
    const char* field;
  };
  const Case cases[] = {
      {"kana", [](v1::Lead& l) { l.set_first_name_kana("タロウ"); }, "leads[2].first_name_kana"},
      {"mobile email", [](v1::Lead& l) { l.set_mobile_email("m@x.jp"); }, "leads[2].mobile_email"},
      {"note", [](v1::Lead& l) { l.set_note("n"); }, "leads[2].note"},
      {"owner", [](v1::Lead& l) { l.set_owner_id("7"); }, "leads[2].owner_id"},
      {"prefecture", [](v1::Lead& l) { l.mutable_address()->set_prefecture_code(13); },
       "leads[2].address.prefecture_code"},
      {"fax opt-out", [](v1::Lead& l) { l.set_fax_opt_out(true); }, "leads[2].fax_opt_out"},
      {"mail opt-out", [](v1::Lead& l) { l.set_mail_opt_out(false); }, "leads[2].mail_opt_out"},
      {"client id", [](v1::Lead& l) { l.set_company_id("42"); }, "leads[2].company_id"},
      {"status id", [](v1::Lead& l) { l.set_lead_status_id("1"); }, "leads[2].lead_status_id"},
      {"bad id", [](v1::Lead& l) { l.set_id("12a"); }, "leads[2].id"},
      {"clash",
       [](v1::Lead& l) {
         l.set_email("a@b.c");
         (*l.mutable_custom_fields())["email"].set_string_value("x@y.z");
       },
       "leads[2].custom_fields[\"email\"]"},
      {"unset value", [](v1::Lead& l) { (*l.mutable_custom_fields())["x"]; },
       "leads[2].custom_fields[\"x\"]"},
  };
  for (const Case& c : cases) {
    v1::Lead lead;
    c.mutate(lead);
    absl::Status status;
    ToJson(lead, &status);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << c.name;
    EXPECT_EQ(status.GetPayload(common::kInvalidFieldPayloadUrl).value_or(absl::Cord()), c.field)
        << c.name << ": " << status;
  }
}

TEST(LeadJsonTest, KanaMessageSaysToUseCustomFields) {
  v1::Lead lead;
  lead.set_last_name_kana("ヤマダ");
  absl::Status status;
  ToJson(lead, &status);
  EXPECT_THAT(std::string(status.message()), HasSubstr("custom_fields"));
}

// HotProfile's ids point the caller at the field Marketo uses for the same concept.
TEST(LeadJsonTest, HotProfileIdsNameMarketosField) {
  v1::Lead company;
  company.set_company_id("42");
  absl::Status status;
  ToJson(company, &status);
  EXPECT_EQ(status.message(),
            "leads[2].company_id: HotProfile's client_id; Marketo's company key is "
            "external_company_id (externalCompanyId): use external_company_id");
  v1::Lead lead_status;
  lead_status.set_lead_status_id("1");
  ToJson(lead_status, &status);
  EXPECT_EQ(status.message(),
            "leads[2].lead_status_id: HotProfile's status id; Marketo sets a lead's status "
            "by name: use lead_status (leadStatus)");
}

TEST(LeadJsonTest, OutputOnlyFieldsAreIgnored) {
  v1::Lead lead;
  lead.set_lead_status_name("Open");
  lead.add_tags("vip");
  lead.mutable_created_at()->set_seconds(1);
  EXPECT_EQ(ToJson(lead), "{}");
}

// The seed's Get Lead by Id answer (timestamps with an offset).
TEST(LeadJsonTest, ReadsTheSeedLead) {
  v1::Lead lead = FromJson(R"json({
    "id": 318581, "updatedAt": "2015-05-07T11:47:30-08:00", "lastName": "Doe",
    "email": "jdoe@marketo.com", "createdAt": "2015-05-01T16:47:30-08:00", "firstName": "John"
  })json");
  EXPECT_EQ(lead.id(), "318581");
  EXPECT_EQ(lead.email(), "jdoe@marketo.com");
  EXPECT_EQ(lead.first_name(), "John");
  EXPECT_EQ(lead.last_name(), "Doe");
  EXPECT_EQ(lead.updated_at().seconds(), 1431028050);  // 2015-05-07T19:47:30Z
  EXPECT_EQ(lead.created_at().seconds(), 1430527650);  // 2015-05-02T00:47:30Z
  EXPECT_TRUE(lead.custom_fields().empty());
}

// The seed's push example fields: unknown names go to custom_fields.
TEST(LeadJsonTest, ReadsUnknownFieldsIntoCustomFields) {
  v1::Lead lead = FromJson(R"json({
    "email": "Theresa.May@westminister.gov.uk", "country": "united kingdom",
    "website": "www.brexit.com", "leadScore": 45, "jobTitle": "Prime Minister",
    "postalCode": "04828", "address": "10 Downing St", "unsubscribed": null,
    "ecids": ["a", "b"], "updatedAt": "yesterday"
  })json");
  EXPECT_EQ(lead.address().country(), "united kingdom");
  EXPECT_EQ(lead.address().postal_code(), "04828");
  EXPECT_EQ(lead.address().street(), "10 Downing St");
  EXPECT_EQ(lead.website(), "www.brexit.com");
  EXPECT_EQ(lead.custom_fields().at("leadScore").number_value(), 45);
  EXPECT_EQ(lead.custom_fields().at("jobTitle").string_value(), "Prime Minister");
  EXPECT_EQ(lead.custom_fields().at("ecids").list_value().values_size(), 2);
  EXPECT_EQ(lead.custom_fields().at("updatedAt").string_value(), "yesterday");
  EXPECT_FALSE(lead.has_updated_at());
  EXPECT_EQ(lead.custom_fields().count("unsubscribed"), 0u);  // null = no value
}

TEST(LeadJsonTest, NumbersInTextFieldsBecomeText) {
  v1::Lead lead = FromJson(R"({"id":"50","phone":5551234,"externalCompanyId":77})");
  EXPECT_EQ(lead.id(), "50");
  EXPECT_EQ(lead.phone(), "5551234");
  EXPECT_EQ(lead.external_company_id(), "77");
  EXPECT_FALSE(lead.has_company_id());  // HotProfile's client_id, never Marketo's key
}

TEST(LeadJsonTest, NonObjectIsAnError) {
  rapidjson::Document doc;
  doc.Parse("[1]");
  EXPECT_THAT(LeadFromJson(doc), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(LeadJsonTest, LookupValues) {
  v1::Lead lead;
  lead.set_id("7");
  lead.set_email(" A@B.c ");
  (*lead.mutable_custom_fields())["accountCode"].set_number_value(12);
  EXPECT_EQ(LookupValue(lead, "email"), " A@B.c ");
  EXPECT_EQ(LookupValue(lead, "id"), "7");
  EXPECT_EQ(LookupValue(lead, "accountCode"), "12");
  EXPECT_EQ(LookupValue(lead, "firstName"), std::nullopt);
}

TEST(LeadJsonTest, NeutralNames) {
  EXPECT_EQ(NeutralNameFor("firstName"), "first_name");
  EXPECT_EQ(NeutralNameFor("postalCode"), "address.postal_code");
  EXPECT_EQ(NeutralNameFor("externalCompanyId"), "external_company_id");
  EXPECT_EQ(NeutralNameFor("createdAt"), "created_at");
  EXPECT_EQ(NeutralNameFor("leadScore"), "");
}

TEST(LeadJsonTest, ParsesMarketoTimestampsExactly) {
  google::protobuf::Timestamp stamp;
  ASSERT_TRUE(ParseRfc3339("2016-05-17T22:11:45Z", &stamp));
  EXPECT_EQ(stamp.seconds(), 1463523105);
  EXPECT_EQ(stamp.nanos(), 0);
  ASSERT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z", &stamp));  // leap day
  EXPECT_EQ(stamp.seconds(), 1709164800);
  ASSERT_TRUE(ParseRfc3339("1970-01-01T00:00:00Z", &stamp));
  EXPECT_EQ(stamp.seconds(), 0);
}

TEST(LeadJsonTest, ParsesOtherRfc3339Forms) {
  google::protobuf::Timestamp stamp;
  ASSERT_TRUE(ParseRfc3339("2015-05-07T11:47:30-08:00", &stamp));
  EXPECT_EQ(stamp.seconds(), 1431028050);
  ASSERT_TRUE(ParseRfc3339("2016-05-17T22:11:45.250Z", &stamp));
  EXPECT_EQ(stamp.seconds(), 1463523105);
  EXPECT_EQ(stamp.nanos(), 250000000);
}

TEST(LeadJsonTest, RejectsImpossibleTimestamps) {
  google::protobuf::Timestamp stamp;
  for (const char* text :
       {"2023-02-29T00:00:00Z", "2024-06-31T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-00-10T00:00:00Z", "2024-01-10T24:00:00Z", "2024-01-10T10:60:00Z",
        "2024-01-10 10:00:00Z", "2024-01-1xT10:00:00Z", "2024-01-10T10:00:00", ""}) {
    EXPECT_FALSE(ParseRfc3339(text, &stamp)) << text;
  }
}

}  // namespace
}  // namespace leadgw::backends::marketo
