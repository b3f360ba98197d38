// Sync Leads (four actions), Push Lead, Submit Form, Delete Leads and Update Lead
// Partition over loopback.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "emulators/marketo/testing_util.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

using testing::EmulatorHarness;
using testing::JsonAnswer;

class LeadsWriteTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(h_.FetchToken().empty()); }

  // status of result[i], and reasons[0].code when skipped.
  static std::string StatusOf(const JsonAnswer& a, size_t i) {
    const auto& r = a.Result(i);
    std::string s = r.HasMember("status") ? r["status"].GetString() : "";
    if (r.HasMember("reasons")) s += absl::StrCat(":", r["reasons"][0]["code"].GetString());
    return s;
  }

  EmulatorHarness h_;
};

TEST_F(LeadsWriteTest, SyncCreateOrUpdateIsTheDefault) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads.json", R"({"input":[
      {"email":"kjashaedd-1@klooblept.com","firstName":"Kataldar-1","postalCode":"04828"},
      {"email":"JOHN.DOE@example.com","title":"VP Marketing"},
      {"email":"x@example.com","jobTitle":"Prime Minister"},
      {"email":"y@example.com","leadScore":"many"},
      {"firstName":"No Email"}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  ASSERT_EQ(a.ResultSize(), 5u);
  EXPECT_EQ(StatusOf(a, 0), "created");
  EXPECT_EQ(StatusOf(a, 1), "updated");
  EXPECT_EQ(a.Result(1)["id"].GetInt64(), 318581);
  EXPECT_EQ(StatusOf(a, 2), "skipped:1006");
  EXPECT_EQ(StatusOf(a, 3), "skipped:1001");
  EXPECT_EQ(StatusOf(a, 4), "skipped:1003");
  const int64_t id = a.Result(0)["id"].GetInt64();
  JsonAnswer lead = h_.Get(absl::StrCat("/rest/v1/lead/", id, ".json?fields=firstName,postalCode"));
  EXPECT_STREQ(lead.Result(0)["postalCode"].GetString(), "04828");
  JsonAnswer john = h_.Get("/rest/v1/lead/318581.json?fields=title,firstName");
  EXPECT_STREQ(john.Result(0)["title"].GetString(), "VP Marketing");
  EXPECT_STREQ(john.Result(0)["firstName"].GetString(), "John");
}

// asyncProcessing returns at once: statuses without ids, the writes still applied.
TEST_F(LeadsWriteTest, SyncAsyncProcessingAnswersWithoutIds) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads.json", R"({"asyncProcessing":true,"input":[
      {"email":"async-1@example.com","firstName":"Async"},
      {"email":"JOHN.DOE@example.com","title":"CTO"}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  ASSERT_EQ(a.ResultSize(), 2u);
  EXPECT_EQ(StatusOf(a, 0), "created");
  EXPECT_EQ(StatusOf(a, 1), "updated");
  EXPECT_FALSE(a.Result(0).HasMember("id"));
  EXPECT_FALSE(a.Result(1).HasMember("id"));
  JsonAnswer john = h_.Get("/rest/v1/lead/318581.json?fields=title");
  EXPECT_STREQ(john.Result(0)["title"].GetString(), "CTO");

  JsonAnswer sync = h_.PostJson("/rest/v1/leads.json", R"({"asyncProcessing":false,"input":[
      {"email":"async-2@example.com"}]})");
  ASSERT_TRUE(sync.Success()) << sync.body;
  EXPECT_TRUE(sync.Result(0).HasMember("id"));
}

// Marketo's 1 MB body limit, read as 10^6 bytes.
TEST_F(LeadsWriteTest, BodyOver1MbIs413) {
  const std::string value(1000000, 'a');
  EXPECT_EQ(h_.PostJson("/rest/v1/leads.json",
                        absl::StrCat(R"({"input":[{"email":"big@example.com","title":")", value,
                                     R"("}]})"))
                .status,
            413);
  const std::string fits(999000, 'a');
  EXPECT_NE(h_.PostJson("/rest/v1/leads.json",
                        absl::StrCat(R"({"input":[{"email":"big@example.com","title":")", fits,
                                     R"("}]})"))
                .status,
            413);
}

TEST_F(LeadsWriteTest, SyncCreateOnlyUpdateOnlyAndCreateDuplicate) {
  JsonAnswer create = h_.PostJson("/rest/v1/leads.json", R"({"action":"createOnly",
      "lookupField":"email","input":[{"email":"john.doe@example.com"},{"email":"n1@example.com"},
      {"id":5,"email":"n2@example.com"}]})");
  ASSERT_TRUE(create.Success()) << create.body;
  EXPECT_EQ(StatusOf(create, 0), "skipped:1005");
  EXPECT_EQ(StatusOf(create, 1), "created");
  EXPECT_EQ(StatusOf(create, 2), "skipped:1003");

  JsonAnswer update = h_.PostJson("/rest/v1/leads.json", R"({"action":"updateOnly",
      "input":[{"email":"ghost@example.com","city":"X"},{"email":"n1@example.com","city":"Kyoto"}]})");
  EXPECT_EQ(StatusOf(update, 0), "skipped:1004");
  EXPECT_EQ(StatusOf(update, 1), "updated");

  JsonAnswer by_id = h_.PostJson("/rest/v1/leads.json", R"({"action":"updateOnly",
      "lookupField":"id","input":[{"id":318582,"city":"Washington"},{"id":1,"city":"Nowhere"}]})");
  EXPECT_EQ(StatusOf(by_id, 0), "updated");
  EXPECT_EQ(StatusOf(by_id, 1), "skipped:1004");
  EXPECT_STREQ(h_.Get("/rest/v1/lead/318582.json?fields=city").Result(0)["city"].GetString(),
               "Washington");
  JsonAnswer id_create = h_.PostJson("/rest/v1/leads.json",
      R"({"lookupField":"id","input":[{"id":318582,"city":"X"}]})");
  EXPECT_EQ(StatusOf(id_create, 0), "skipped:1003");

  JsonAnswer dup = h_.PostJson("/rest/v1/leads.json", R"({"action":"createDuplicate",
      "input":[{"email":"n1@example.com"}]})");
  EXPECT_EQ(StatusOf(dup, 0), "created");
  EXPECT_EQ(h_.emulator().CountLeadsWithField("email", "n1@example.com"), 2u);
  JsonAnswer ambiguous = h_.PostJson("/rest/v1/leads.json",
      R"({"input":[{"email":"n1@example.com","city":"Y"}]})");
  EXPECT_EQ(StatusOf(ambiguous, 0), "skipped:1007");
}

TEST_F(LeadsWriteTest, SyncRequestLevelErrors) {
  EXPECT_EQ(h_.PostJson("/rest/v1/leads.json", R"({"action":"upsert","input":[{}]})").ErrorCode(),
            "1003");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads.json", "{not json").ErrorCode(), "609");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads.json", R"({"input":[]})").ErrorCode(), "701");
  std::vector<std::string> records(301, R"({"email":"a@b.c"})");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads.json",
                        "{\"input\":[" + absl::StrJoin(records, ",") + "]}")
                .ErrorCode(),
            "1003");
  EXPECT_EQ(h_.PostForm("/rest/v1/leads.json", "input=1").ErrorCode(), "612");
  // GET on a POST-only endpoint and an unknown path.
  EXPECT_EQ(h_.Get("/rest/v1/leads/push.json").ErrorCode(), "605");
  EXPECT_EQ(h_.Get("/rest/v1/leads/nothing.json").ErrorCode(), "610");
  EXPECT_EQ(h_.Get("/not-rest").status, 404);
}

TEST_F(LeadsWriteTest, SyncPartitions) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads.json", R"({"partitionName":"Japan",
      "input":[{"email":"jp.new@example.jp","lastName":"木村"},{"email":"john.doe@example.com"}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_EQ(StatusOf(a, 0), "created");
  EXPECT_EQ(StatusOf(a, 1), "skipped:1010");  // exists in Default
  JsonAnswer lead = h_.Get(absl::StrCat("/rest/v1/lead/", a.Result(0)["id"].GetInt64(),
                                        ".json?fields=leadPartitionId"));
  EXPECT_EQ(lead.Result(0)["leadPartitionId"].GetInt(), 2);
  JsonAnswer bad = h_.PostJson("/rest/v1/leads.json",
                               R"({"partitionName":"Mars","input":[{"email":"m@x.com"}]})");
  EXPECT_EQ(StatusOf(bad, 0), "skipped:1008");

  JsonAnswer move = h_.PostJson("/rest/v1/leads/partitions.json", R"({"input":[
      {"id":318581,"partitionName":"Japan"},{"id":1,"partitionName":"Japan"},
      {"id":318582,"partitionName":"Mars"}]})");
  ASSERT_TRUE(move.Success()) << move.body;
  EXPECT_EQ(StatusOf(move, 0), "updated");
  EXPECT_EQ(StatusOf(move, 1), "skipped:1004");
  EXPECT_EQ(StatusOf(move, 2), "skipped:1008");
  JsonAnswer partitions = h_.Get("/rest/v1/leads/partitions.json");
  EXPECT_EQ(partitions.ResultSize(), 2u);
}

TEST_F(LeadsWriteTest, DeleteByBodyAndByQuery) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads/delete.json",
                             R"({"input":[{"id":318581},{"id":318581},{"id":42}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_EQ(StatusOf(a, 0), "deleted");
  EXPECT_EQ(StatusOf(a, 1), "skipped:1004");
  EXPECT_EQ(StatusOf(a, 2), "skipped:1004");
  EXPECT_EQ(h_.Get("/rest/v1/lead/318581.json").ResultSize(), 0u);
  // Memberships went with the lead.
  EXPECT_EQ(h_.Get("/rest/v1/leads/318581/listMembership.json").ResultSize(), 0u);

  auto client = h_.NewClient();
  JsonAnswer q = testing::ToAnswer(client->Post("/rest/v1/leads/delete.json?id=318582,318583",
                                                {{"Authorization", "Bearer " + h_.FetchToken()}},
                                                "", "application/json"));
  ASSERT_TRUE(q.Success()) << q.body;
  EXPECT_EQ(StatusOf(q, 0), "deleted");
  EXPECT_EQ(StatusOf(q, 1), "deleted");
  std::vector<std::string> ids(301, R"({"id":1})");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/delete.json", "{\"input\":[" + absl::StrJoin(ids, ",") + "]}")
                .ErrorCode(),
            "1003");
}

TEST_F(LeadsWriteTest, PushLeadUpsertsAndJoinsProgram) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads/push.json", R"({
      "programName":"Big Blue Thing Product Launch","source":"Cool Sales Site",
      "reason":"Downloaded pricing sheet","lookupField":"email","programStatus":"Registered",
      "input":[{"email":"Theresa.May@westminster.gov.uk","country":"united kingdom"},
               {"email":"grace.hopper@example.com","leadScore":92}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_EQ(StatusOf(a, 0), "created");
  EXPECT_EQ(StatusOf(a, 1), "updated");
  const int64_t id = a.Result(0)["id"].GetInt64();
  JsonAnswer programs = h_.Get(absl::StrCat("/rest/v1/leads/", id, "/programMembership.json"));
  ASSERT_EQ(programs.ResultSize(), 1u);
  EXPECT_EQ(programs.Result(0)["id"].GetInt(), 1044);
  EXPECT_STREQ(programs.Result(0)["progressionStatus"].GetString(), "Registered");

  JsonAnswer token = h_.PostJson("/rest/v1/leads/push.json", R"({
      "programName":"Big Blue Thing Product Launch","lookupField":"mktToken",
      "input":[{"mktToken":"demo-mkt-token-1","firstName":"Abe"},
               {"mktToken":"unknown","firstName":"Louise"}]})");
  EXPECT_EQ(StatusOf(token, 0), "updated");
  EXPECT_EQ(token.Result(0)["id"].GetInt64(), 318582);
  EXPECT_EQ(StatusOf(token, 1), "skipped:1003");

  EXPECT_EQ(h_.PostJson("/rest/v1/leads/push.json", R"({"input":[{"email":"a@b.c"}]})").ErrorCode(),
            "701");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/push.json",
                        R"({"programName":"Nope","input":[{"email":"a@b.c"}]})")
                .ErrorCode(),
            "1013");
}

TEST_F(LeadsWriteTest, SubmitFormValidatesAgainstTheForm) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads/submitForm.json", R"({"formId":1029,"programId":1044,
      "input":[{"leadFormFields":{"firstName":"Marge","lastName":"Simpson",
                "email":"marge.simpson@fox.com","pMCFField":"PMCF value"},
                "visitorData":{"pageURL":"https://example.com/lp","queryString":"x=1",
                "leadClientIpAddress":"192.150.22.5","userAgentString":"Mozilla/5.0"},
                "cookie":"id:063-GJP-217&token:_mch-marketo.com-1594662481190-60776"}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_EQ(StatusOf(a, 0), "created");
  const int64_t id = a.Result(0)["id"].GetInt64();
  JsonAnswer by_cookie = h_.Get(
      "/rest/v1/leads.json?filterType=cookies&filterValues="
      "id:063-GJP-217%26token:_mch-marketo.com-1594662481190-60776");
  ASSERT_EQ(by_cookie.ResultSize(), 1u) << by_cookie.body;
  EXPECT_EQ(by_cookie.Result(0)["id"].GetInt64(), id);

  JsonAnswer again = h_.PostJson("/rest/v1/leads/submitForm.json", R"({"formId":1029,
      "input":[{"leadFormFields":{"email":"marge.simpson@fox.com","company":"Fox"}}]})");
  EXPECT_EQ(StatusOf(again, 0), "updated");
  JsonAnswer no_email = h_.PostJson("/rest/v1/leads/submitForm.json",
      R"({"formId":1029,"input":[{"leadFormFields":{"firstName":"X"}}]})");
  EXPECT_EQ(StatusOf(no_email, 0), "skipped:1003");
  JsonAnswer off_form = h_.PostJson("/rest/v1/leads/submitForm.json",
      R"({"formId":1029,"input":[{"leadFormFields":{"email":"a@b.c","fax":"1"}}]})");
  EXPECT_EQ(StatusOf(off_form, 0), "skipped:1006");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/submitForm.json",
                        R"({"formId":9999,"input":[{"leadFormFields":{"email":"a@b.c"}}]})")
                .ErrorCode(),
            "1013");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/submitForm.json",
                        R"({"input":[{"leadFormFields":{"email":"a@b.c"}}]})")
                .ErrorCode(),
            "701");
}

}  // namespace
}  // namespace leadgw::emulators::marketo
