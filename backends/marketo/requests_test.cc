#include "backends/marketo/requests.h"

#include <limits>
#include <string>
#include <vector>

#include "backends/common/invalid_field.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

FieldList Fields(std::vector<std::string> names) { return FieldList(names.begin(), names.end()); }

std::string FieldOf(const absl::Status& status) {
  return std::string(status.GetPayload(common::kInvalidFieldPayloadUrl).value_or(absl::Cord()));
}

TEST(LeadRequestsTest, Reads) {
  MarketoCall describe = DescribeLeadsCall();
  EXPECT_EQ(describe.endpoint, "describe_leads");
  EXPECT_EQ(describe.path, "/rest/v1/leads/describe.json");
  MarketoCall describe2 = DescribeLeads2Call();
  EXPECT_EQ(describe2.endpoint, "describe_leads2");
  EXPECT_EQ(describe2.path, "/rest/v1/leads/describe2.json");

  MarketoCall by_id = GetLeadCall("318581", Fields({}));
  EXPECT_EQ(by_id.endpoint, "get_lead");
  EXPECT_EQ(by_id.path, "/rest/v1/lead/318581.json");
  EXPECT_TRUE(by_id.query.empty());  // Marketo's default fields
  EXPECT_THAT(GetLeadCall("1", Fields({"email", "ecids"})).query,
              ElementsAre(Pair("fields", "email,ecids")));

  // The seed's GET /rest/v1/leads.json?filterType=id&filterValues=318581,318592
  std::vector<std::string> values = {"318581", "318592"};
  MarketoCall filter = LeadsByFilterCall("id", values, Fields({}), 0, "");
  EXPECT_EQ(filter.endpoint, "get_leads_by_filter");
  EXPECT_EQ(filter.method, upstream::http::HttpMethod::kGet);
  EXPECT_THAT(filter.query,
              ElementsAre(Pair("filterType", "id"), Pair("filterValues", "318581,318592")));
  EXPECT_THAT(
      LeadsByFilterCall("email", values, Fields({"id"}), 50, "TOKEN").query,
      ElementsAre(Pair("filterType", "email"), Pair("filterValues", "318581,318592"),
                  Pair("fields", "id"), Pair("batchSize", "50"), Pair("nextPageToken", "TOKEN")));
}

// The seed's createOnly example body.
TEST(LeadRequestsTest, SyncLeadsMatchesTheSeed) {
  v1::UpsertLeadsRequest request;
  request.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
  request.set_lookup_field("email");
  for (int i = 1; i <= 3; ++i) {
    v1::Lead* lead = request.add_leads();
    lead->set_email("kjashaedd-" + std::to_string(i) + "@klooblept.com");
    lead->set_first_name("Kataldar-" + std::to_string(i));
    lead->mutable_address()->set_postal_code("04828");
  }
  absl::StatusOr<MarketoCall> call = SyncLeadsCall(request, 1, 3);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->endpoint, "sync_leads");
  EXPECT_EQ(call->method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(call->path, "/rest/v1/leads.json");
  EXPECT_EQ(
      call->json_body,
      R"({"action":"createOnly","lookupField":"email","input":[)"
      R"({"email":"kjashaedd-2@klooblept.com","firstName":"Kataldar-2","postalCode":"04828"},)"
      R"({"email":"kjashaedd-3@klooblept.com","firstName":"Kataldar-3","postalCode":"04828"}]})");
}

TEST(LeadRequestsTest, SyncLeadsDefaultsAndPartition) {
  v1::UpsertLeadsRequest request;
  request.set_partition_name("Japan");
  request.add_leads()->set_email("a@b.c");
  absl::StatusOr<MarketoCall> call = SyncLeadsCall(request, 0, 1);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->json_body,
            R"({"action":"createOrUpdate","partitionName":"Japan","input":[{"email":"a@b.c"}]})");
}

// asyncProcessing travels only when set (Marketo's default is synchronous).
TEST(LeadRequestsTest, SyncLeadsAsyncProcessing) {
  v1::UpsertLeadsRequest request;
  request.set_async_processing(true);
  request.add_leads()->set_email("a@b.c");
  absl::StatusOr<MarketoCall> call = SyncLeadsCall(request, 0, 1);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->json_body,
            R"({"action":"createOrUpdate","asyncProcessing":true,"input":[{"email":"a@b.c"}]})");
}

TEST(LeadRequestsTest, SyncLeadsNamesTheBadRecordByItsRequestIndex) {
  v1::UpsertLeadsRequest request;
  for (int i = 0; i < 5; ++i) request.add_leads()->set_email("a@b.c");
  request.mutable_leads(3)->set_note("x");
  absl::Status status = SyncLeadsCall(request, 2, 5).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldOf(status), "leads[3].note");
}

// CheckSyncLeads reports what building the whole request's call would, and builds nothing.
TEST(LeadRequestsTest, CheckSyncLeadsMatchesTheBuildersErrors) {
  v1::UpsertLeadsRequest request;
  for (int i = 0; i < 4; ++i) request.add_leads()->set_email("a@b.c");
  (*request.mutable_leads(1)->mutable_custom_fields())["score"].set_number_value(3);
  EXPECT_THAT(CheckSyncLeads(request), IsOk());
  EXPECT_THAT(SyncLeadsCall(request, 0, 4), IsOk());
  const std::vector<void (*)(v1::Lead&)> defects = {
      [](v1::Lead& l) { l.set_note("x"); },
      [](v1::Lead& l) { l.set_id("0"); },
      [](v1::Lead& l) { (*l.mutable_custom_fields())["email"].set_string_value("x"); },
      [](v1::Lead& l) { (*l.mutable_custom_fields())["unset"]; },
      [](v1::Lead& l) {
        (*l.mutable_custom_fields())["deep"].mutable_list_value()->add_values()->set_number_value(
            std::numeric_limits<double>::infinity());
      },
  };
  for (auto* defect : defects) {
    v1::UpsertLeadsRequest bad = request;
    defect(*bad.mutable_leads(2));
    const absl::Status built = SyncLeadsCall(bad, 0, 4).status();
    EXPECT_THAT(built, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_EQ(CheckSyncLeads(bad), built);
    EXPECT_EQ(FieldOf(CheckSyncLeads(bad)), FieldOf(built));
  }
}

// The seed's push example, with an mktToken record.
TEST(LeadRequestsTest, PushLeads) {
  v1::PushLeadsRequest request;
  request.set_program_name("Big Blue Thing Product Launch");
  request.set_source("Cool Sales Site");
  request.set_reason("Downloaded pricing sheet");
  request.set_lookup_field("mktToken");
  v1::PushLeadRecord* record = request.add_records();
  record->mutable_lead()->set_first_name("Thelma");
  record->set_mkt_token("<tokenValue>");
  absl::StatusOr<MarketoCall> call = PushLeadsCall(request, 0, 1);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->endpoint, "push_leads");
  EXPECT_EQ(call->path, "/rest/v1/leads/push.json");
  EXPECT_EQ(call->json_body,
            R"({"programName":"Big Blue Thing Product Launch","source":"Cool Sales Site",)"
            R"("reason":"Downloaded pricing sheet","lookupField":"mktToken",)"
            R"("input":[{"firstName":"Thelma","mktToken":"<tokenValue>"}]})");
}

// 32 KB custom values: a push of 300 would be ~10 MB; each call stays under 1 MB, the
// calls cover the records in order, and each body is the exact-range body of its chunk.
TEST(LeadRequestsTest, PushLeadsCallsStayUnder1Mb) {
  v1::PushLeadsRequest request;
  request.set_program_name("Big Blue Thing Product Launch");
  for (int i = 0; i < 120; ++i) {
    v1::Lead* lead = request.add_records()->mutable_lead();
    lead->set_email("lead-" + std::to_string(i) + "@example.com");
    (*lead->mutable_custom_fields())["notes"].set_string_value(std::string(32 * 1024, 'n'));
  }
  absl::StatusOr<ChunkedWrite> write = PushLeadsCalls(request);
  ASSERT_THAT(write, IsOk());
  ASSERT_GE(write->chunks.size(), 4u);
  int next = 0;
  for (size_t k = 0; k < write->chunks.size(); ++k) {
    const ChunkRange& chunk = write->chunks[k];
    EXPECT_FALSE(chunk.unsent.has_value());
    EXPECT_EQ(chunk.begin, next);
    next = chunk.end;
    EXPECT_LE(write->calls[k].json_body.size(), kMaxBodyBytes);
    EXPECT_GT(write->calls[k].json_body.size(), kMaxBodyBytes - 40 * 1024) << k;
    absl::StatusOr<MarketoCall> exact = PushLeadsCall(request, chunk.begin, chunk.end);
    ASSERT_THAT(exact, IsOk());
    EXPECT_EQ(exact->json_body, write->calls[k].json_body);
    EXPECT_EQ(write->calls[k].endpoint, "push_leads");
    if (k + 1 == write->chunks.size()) break;  // the last chunk may be short
  }
  EXPECT_EQ(next, 120);
}

// Small leads keep the 300-record ceiling.
TEST(LeadRequestsTest, SyncLeadsCallsOf300SmallLeads) {
  v1::UpsertLeadsRequest request;
  for (int i = 0; i < 700; ++i) request.add_leads()->set_email("a@b.c");
  absl::StatusOr<ChunkedWrite> write = SyncLeadsCalls(request);
  ASSERT_THAT(write, IsOk());
  ASSERT_EQ(write->chunks.size(), 3u);
  EXPECT_EQ(write->chunks[0].end, 300);
  EXPECT_EQ(write->chunks[1].end, 600);
  EXPECT_EQ(write->chunks[2].end, 700);
}

// A bad record fails the whole build, named by its request index, whichever chunk it is in.
TEST(LeadRequestsTest, SyncLeadsCallsRejectABadRecord) {
  v1::UpsertLeadsRequest request;
  for (int i = 0; i < 400; ++i) request.add_leads()->set_email("a@b.c");
  request.mutable_leads(350)->set_note("x");
  absl::Status status = SyncLeadsCalls(request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldOf(status), "leads[350].note");
}

TEST(LeadRequestsTest, DeleteLeadsSendsNumericIds) {
  v1::DeleteLeadsRequest request;
  request.add_ids("235");
  request.add_ids("766");
  absl::StatusOr<MarketoCall> call = DeleteLeadsCall(request, 0, 2);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->endpoint, "delete_leads");
  EXPECT_EQ(call->json_body, R"({"input":[{"id":235},{"id":766}]})");
  request.add_ids("99999999999999999999");  // 20 digits: over int64
  EXPECT_EQ(FieldOf(DeleteLeadsCall(request, 0, 3).status()), "ids[2]");
}

TEST(LeadRequestsTest, MergeUsesLeadIdOrLeadIds) {
  v1::MergeLeadsRequest request;
  request.set_winner_id("1324");
  request.add_loser_ids("1325");
  MarketoCall one = MergeLeadsCall(request);
  EXPECT_EQ(one.endpoint, "merge_leads");
  EXPECT_EQ(one.method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(one.path, "/rest/v1/leads/1324/merge.json");
  EXPECT_THAT(one.query, ElementsAre(Pair("leadId", "1325")));
  request.add_loser_ids("1326");
  request.set_merge_in_crm(true);
  EXPECT_THAT(MergeLeadsCall(request).query,
              ElementsAre(Pair("leadIds", "1325,1326"), Pair("mergeInCRM", "true")));
}

// The seed's submitForm example.
TEST(LeadRequestsTest, SubmitForm) {
  v1::SubmitFormRequest request;
  request.set_form_id(1029);
  (*request.mutable_form_fields())["email"].set_string_value("marge.simpson@fox.com");
  request.mutable_visitor_data()->set_page_url("https://na-sjst.marketo.com/lp/x.html");
  request.mutable_visitor_data()->set_lead_client_ip_address("192.150.22.5");
  request.set_cookie("id:063-GJP-217&token:_mch-marketo.com-1594662481190-60776");
  absl::StatusOr<MarketoCall> call = SubmitFormCall(request);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->endpoint, "submit_form");
  EXPECT_EQ(call->json_body,
            R"({"formId":1029,"input":[{"leadFormFields":{"email":"marge.simpson@fox.com"},)"
            R"("visitorData":{"pageURL":"https://na-sjst.marketo.com/lp/x.html",)"
            R"("leadClientIpAddress":"192.150.22.5"},)"
            R"("cookie":"id:063-GJP-217&token:_mch-marketo.com-1594662481190-60776"}]})");
  (*request.mutable_form_fields())["bad"];  // unset Value
  EXPECT_EQ(FieldOf(SubmitFormCall(request).status()), "form_fields[\"bad\"]");
}

TEST(LeadRequestsTest, AssociateKeepsTheCookieOneParameter) {
  v1::AssociateWebActivityRequest request;
  request.set_lead_id("318581");
  request.set_cookie("id:287-GTJ-838&token:_mch-marketo.com-1396310362214-46169");
  MarketoCall call = AssociateLeadCall(request);
  EXPECT_EQ(call.endpoint, "associate_lead");
  EXPECT_EQ(call.path, "/rest/v1/leads/318581/associate.json");
  EXPECT_THAT(
      call.query,
      ElementsAre(Pair("cookie", "id:287-GTJ-838&token:_mch-marketo.com-1396310362214-46169")));
}

TEST(LeadRequestsTest, Partitions) {
  EXPECT_EQ(ListPartitionsCall().endpoint, "get_partitions");
  v1::UpdateLeadPartitionsRequest request;
  v1::LeadPartitionAssignment* a = request.add_assignments();
  a->set_lead_id("318581");
  a->set_partition_name("Japan");
  absl::StatusOr<MarketoCall> call = UpdatePartitionsCall(request, 0, 1);
  ASSERT_THAT(call, IsOk());
  EXPECT_EQ(call->endpoint, "update_partitions");
  EXPECT_EQ(call->json_body, R"({"input":[{"id":318581,"partitionName":"Japan"}]})");
  request.mutable_assignments(0)->set_lead_id("x");
  EXPECT_EQ(FieldOf(UpdatePartitionsCall(request, 0, 1).status()), "assignments[0].lead_id");
}

TEST(LeadRequestsTest, ActionNames) {
  EXPECT_EQ(ActionName(v1::UPSERT_ACTION_UNSPECIFIED), "createOrUpdate");
  EXPECT_EQ(ActionName(v1::UPSERT_ACTION_CREATE_OR_UPDATE), "createOrUpdate");
  EXPECT_EQ(ActionName(v1::UPSERT_ACTION_CREATE_ONLY), "createOnly");
  EXPECT_EQ(ActionName(v1::UPSERT_ACTION_UPDATE_ONLY), "updateOnly");
  EXPECT_EQ(ActionName(v1::UPSERT_ACTION_CREATE_DUPLICATE), "createDuplicate");
  EXPECT_EQ(EffectiveLookupField(""), "email");
  EXPECT_EQ(EffectiveLookupField("id"), "id");
}

}  // namespace
}  // namespace leadgw::backends::marketo
