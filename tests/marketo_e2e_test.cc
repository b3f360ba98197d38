// Marketo end to end: the real gateway binary in front of the in-process Marketo emulator,
// over loopback sockets. Every Lead, Field, Membership and Partition operation is called
// through gRPC; the emulator's counters prove how many upstream calls each RPC made
// (batching, chunked filters, POST _method=GET, one token refresh, the duplicate guard).
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/marketo_e2e_fixture.h"

namespace leadgw::testing::marketo_e2e {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kFirstDemoId = 318581;

TEST_F(MarketoE2eTest, DescribeIsCachedAndGetLeadReadsDemoData) {
  // describe2 first; describe.json only as its fallback (docs: either counts).
  auto describe_calls = [&] { return Calls("describe_leads2") + Calls("describe_leads"); };
  const int64_t describes = describe_calls();
  auto describe = Request<v1::DescribeLeadsRequest>();
  v1::DescribeLeadsResponse fields;
  ASSERT_TRUE(leads_->DescribeLeads(Context().get(), describe, &fields).ok());
  ASSERT_TRUE(leads_->DescribeLeads(Context().get(), describe, &fields).ok());
  EXPECT_GT(fields.fields_size(), 10);
  EXPECT_LE(describe_calls() - describes, 1);
  EXPECT_EQ(Calls("describe_leads"), 0) << "the emulator serves describe2: no fallback";

  auto get = Request<v1::GetLeadRequest>();
  get.set_id(absl::StrCat(kFirstDemoId));
  v1::Lead lead;
  grpc::Status status = leads_->GetLead(Context().get(), get, &lead);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(lead.id(), "318581");
  EXPECT_TRUE(lead.has_email());
  get.set_id("999999999");
  EXPECT_EQ(leads_->GetLead(Context().get(), get, &lead).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(MarketoE2eTest, SevenHundredLeadsThreeCallsThen450ValuesTwoCalls) {
  const std::vector<std::string> emails = Emails("bulk", 700);
  const int64_t syncs = Calls("sync_leads");
  v1::WriteResponse written = Upsert(emails);
  EXPECT_EQ(Calls("sync_leads") - syncs, 3);
  ASSERT_EQ(written.results_size(), 700);
  for (int i = 0; i < 700; ++i) {
    ASSERT_EQ(written.results(i).index(), i);
    ASSERT_EQ(written.results(i).status(), v1::RECORD_STATUS_CREATED) << i;
  }

  // 450 filter values: two upstream queries, pages merged in input order.
  auto query = Request<v1::QueryLeadsRequest>();
  query.set_filter_field("email");
  for (int i = 0; i < 450; ++i) query.add_filter_values(emails[i]);
  const int64_t filters = Calls("get_leads_by_filter");
  std::vector<std::string> ids;
  for (int page = 0; page < 5; ++page) {
    v1::QueryLeadsResponse response;
    grpc::Status status = leads_->QueryLeads(Context().get(), query, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::Lead& lead : response.leads()) ids.push_back(lead.id());
    if (response.next_page_token().empty()) break;
    query.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(Calls("get_leads_by_filter") - filters, 2);
  ASSERT_EQ(ids.size(), 450u);
  for (int i = 0; i < 450; ++i) ASSERT_EQ(ids[i], written.results(i).id()) << i;

  // StreamLeads walks the same pages for the caller.
  query.clear_page_token();
  auto context = Context();
  auto stream = leads_->StreamLeads(context.get(), query);
  v1::Lead lead;
  int streamed = 0;
  while (stream->Read(&lead)) ASSERT_EQ(lead.id(), ids[streamed++]);
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(streamed, 450);
}

TEST_F(MarketoE2eTest, FilterOverEightKilobytesIsSentAsPost) {
  auto query = Request<v1::QueryLeadsRequest>();
  query.set_filter_field("email");
  for (int i = 0; i < 300; ++i) {
    query.add_filter_values(absl::StrCat("a-rather-long-address-number-", i, "@example.com"));
  }
  const int64_t filters = Calls("get_leads_by_filter");
  v1::QueryLeadsResponse response;
  grpc::Status status = leads_->QueryLeads(Context().get(), query, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Calls("get_leads_by_filter") - filters, 1);
  EXPECT_EQ(emulator_->counters().OutcomesForCode("414"), 0);
}

TEST_F(MarketoE2eTest, TokenExpiringMidSequenceCostsOneIdentityCall) {
  auto get = Request<v1::GetLeadRequest>();
  get.set_id(absl::StrCat(kFirstDemoId));
  v1::Lead lead;
  ASSERT_TRUE(leads_->GetLead(Context().get(), get, &lead).ok());
  const int64_t identity = Calls("identity");
  emulator_->ExpireAllTokens();
  for (int i = 0; i < 3; ++i) {
    grpc::Status status = leads_->GetLead(Context().get(), get, &lead);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  Upsert({"after-expiry@example.com"});
  EXPECT_EQ(Calls("identity") - identity, 1);
  EXPECT_THAT(gateway_->Log(), Not(HasSubstr(kClientSecret)));
}

TEST_F(MarketoE2eTest, TooManyResultsIsFailedPreconditionWithErrorInfo) {
  for (int i = 0; i < 1001; ++i) emulator_->store().InsertLead({}, 2);
  auto query = Request<v1::QueryLeadsRequest>();
  query.set_filter_field("leadPartitionId");
  query.add_filter_values("2");
  v1::QueryLeadsResponse response;
  grpc::Status status = leads_->QueryLeads(Context().get(), query, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::ErrorInfo info = ErrorInfoOf(status);
  EXPECT_EQ(info.reason(), "1003");
  EXPECT_EQ(info.domain(), "marketo");
}

TEST_F(MarketoE2eTest, SkippedRecordsKeepTheirReasonsAndBadFieldsAreRejected) {
  Upsert({"exists@example.com"});
  v1::WriteResponse response =
      Upsert({"exists@example.com", "fresh@example.com"}, v1::UPSERT_ACTION_CREATE_ONLY);
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_EQ(response.results(0).status(), v1::RECORD_STATUS_SKIPPED);
  ASSERT_EQ(response.results(0).reasons_size(), 1);
  EXPECT_EQ(response.results(0).reasons(0).code(), "1005");
  EXPECT_EQ(response.results(1).status(), v1::RECORD_STATUS_CREATED);

  auto kana = Request<v1::UpsertLeadsRequest>();
  kana.add_leads()->set_email("kana@example.com");
  kana.mutable_leads(0)->set_last_name_kana("ヤマダ");
  grpc::Status status = leads_->UpsertLeads(Context().get(), kana, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("leads[0].last_name_kana"));
  EXPECT_THAT(status.error_message(), HasSubstr("custom_fields"));
}

// Consent is typed: email_opt_out is Marketo's unsubscribed, phone_opt_out doNotCall; the
// opt-outs Marketo cannot store are refused, naming the field.
TEST_F(MarketoE2eTest, ConsentTravelsTypedAndWhatMarketoLacksIsRefused) {
  auto upsert = Request<v1::UpsertLeadsRequest>();
  v1::Lead* written = upsert.add_leads();
  written->set_email("consent@example.com");
  written->set_email_opt_out(true);
  written->set_phone_opt_out(false);
  v1::WriteResponse response;
  ASSERT_TRUE(leads_->UpsertLeads(Context().get(), upsert, &response).ok());
  ASSERT_EQ(response.results(0).status(), v1::RECORD_STATUS_CREATED);
  auto get = Request<v1::GetLeadRequest>();
  get.set_id(response.results(0).id());
  for (const char* field : {"email", "unsubscribed", "doNotCall"}) get.add_fields(field);
  v1::Lead read;
  ASSERT_TRUE(leads_->GetLead(Context().get(), get, &read).ok());
  EXPECT_TRUE(read.email_opt_out());
  ASSERT_TRUE(read.has_phone_opt_out());
  EXPECT_FALSE(read.phone_opt_out());
  EXPECT_TRUE(read.custom_fields().empty());

  upsert.mutable_leads(0)->set_fax_opt_out(true);
  const grpc::Status refused = leads_->UpsertLeads(Context().get(), upsert, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("leads[0].fax_opt_out"));
}

TEST_F(MarketoE2eTest, MergeDeletePushFormAssociateAndPartitions) {
  v1::WriteResponse created = Upsert(Emails("ops", 4));
  ASSERT_EQ(created.results_size(), 4);
  auto merge = Request<v1::MergeLeadsRequest>();
  merge.set_winner_id(created.results(0).id());
  merge.add_loser_ids(created.results(1).id());
  merge.add_loser_ids(created.results(2).id());
  v1::MergeLeadsResponse merged;
  grpc::Status status = leads_->MergeLeads(Context().get(), merge, &merged);
  ASSERT_TRUE(status.ok()) << status.error_message();
  auto get = Request<v1::GetLeadRequest>();
  get.set_id(created.results(1).id());
  v1::Lead lead;
  EXPECT_EQ(leads_->GetLead(Context().get(), get, &lead).error_code(), grpc::StatusCode::NOT_FOUND);

  auto remove = Request<v1::DeleteLeadsRequest>();
  remove.add_ids(created.results(3).id());
  v1::WriteResponse deleted;
  ASSERT_TRUE(leads_->DeleteLeads(Context().get(), remove, &deleted).ok());
  EXPECT_EQ(deleted.results(0).status(), v1::RECORD_STATUS_DELETED);

  auto push = Request<v1::PushLeadsRequest>();
  push.set_program_name("Big Blue Thing Product Launch");
  push.set_source("Cool Sales Site");
  push.add_records()->mutable_lead()->set_email("pushed@example.com");
  v1::WriteResponse pushed;
  status = leads_->PushLeads(Context().get(), push, &pushed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(pushed.results(0).status(), v1::RECORD_STATUS_CREATED);

  auto form = Request<v1::SubmitFormRequest>();
  form.set_form_id(1029);
  (*form.mutable_form_fields())["email"].set_string_value("form@example.com");
  form.mutable_visitor_data()->set_page_url("https://example.com/contact");
  v1::SubmitFormResponse submitted;
  status = leads_->SubmitForm(Context().get(), form, &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.result().status(), v1::RECORD_STATUS_CREATED);

  auto associate = Request<v1::AssociateWebActivityRequest>();
  associate.set_lead_id(created.results(0).id());
  associate.set_cookie("id:287-GTJ-838&token:_mch-marketo.com-1396310362214-46169");
  v1::AssociateWebActivityResponse associated;
  status = leads_->AssociateWebActivity(Context().get(), associate, &associated);
  EXPECT_TRUE(status.ok()) << status.error_message();

  auto list = Request<v1::ListLeadPartitionsRequest>();
  v1::ListLeadPartitionsResponse partitions;
  ASSERT_TRUE(leads_->ListLeadPartitions(Context().get(), list, &partitions).ok());
  EXPECT_GE(partitions.partitions_size(), 2);
  auto move = Request<v1::UpdateLeadPartitionsRequest>();
  move.add_assignments()->set_lead_id(created.results(0).id());
  move.mutable_assignments(0)->set_partition_name("Japan");
  v1::WriteResponse moved;
  ASSERT_TRUE(leads_->UpdateLeadPartitions(Context().get(), move, &moved).ok());
  EXPECT_EQ(moved.results(0).status(), v1::RECORD_STATUS_UPDATED);
}

TEST_F(MarketoE2eTest, MembershipsAcrossPagesAndStreams) {
  auto list = Request<v1::ListStaticListMembersRequest>();
  list.set_list_id("1001");
  list.set_page_size(4);
  std::vector<std::string> paged;
  for (int page = 0; page < 30; ++page) {
    v1::ListStaticListMembersResponse response;
    grpc::Status status = memberships_->ListStaticListMembers(Context().get(), list, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::Lead& lead : response.leads()) paged.push_back(lead.id());
    if (response.next_page_token().empty()) break;
    list.set_page_token(response.next_page_token());
  }
  EXPECT_GT(paged.size(), 8u);
  list.clear_page_token();
  auto context = Context();
  auto stream = memberships_->StreamStaticListMembers(context.get(), list);
  std::vector<std::string> streamed;
  v1::Lead lead;
  while (stream->Read(&lead)) streamed.push_back(lead.id());
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(streamed, paged);

  auto program = Request<v1::ListProgramMembersRequest>();
  program.set_program_id("1127");
  program.set_page_size(3);
  auto program_context = Context();
  auto members = memberships_->StreamProgramMembers(program_context.get(), program);
  v1::ProgramMember member;
  int count = 0;
  while (members->Read(&member)) {
    EXPECT_EQ(member.membership().program_id(), "1127");
    ++count;
  }
  EXPECT_TRUE(members->Finish().ok());
  EXPECT_GT(count, 3);

  const std::string lead_id = absl::StrCat(kFirstDemoId);
  auto lists = Request<v1::ListLeadStaticListsRequest>();
  lists.set_lead_id(lead_id);
  v1::ListLeadStaticListsResponse list_answer;
  ASSERT_TRUE(memberships_->ListLeadStaticLists(Context().get(), lists, &list_answer).ok());
  EXPECT_GT(list_answer.memberships_size(), 0);
  auto programs = Request<v1::ListLeadProgramsRequest>();
  programs.set_lead_id(lead_id);
  v1::ListLeadProgramsResponse program_answer;
  ASSERT_TRUE(memberships_->ListLeadPrograms(Context().get(), programs, &program_answer).ok());
  auto campaigns = Request<v1::ListLeadSmartCampaignsRequest>();
  campaigns.set_lead_id(lead_id);
  v1::ListLeadSmartCampaignsResponse campaign_answer;
  ASSERT_TRUE(
      memberships_->ListLeadSmartCampaigns(Context().get(), campaigns, &campaign_answer).ok());
}

TEST_F(MarketoE2eTest, FieldSchema) {
  auto create = Request<v1::CreateLeadFieldsRequest>();
  v1::NewLeadField* field = create.add_fields();
  field->set_name("e2eAccessCode");
  field->set_display_name("E2E Access Code");
  field->set_data_type("string");
  v1::WriteResponse created;
  grpc::Status status = fields_->CreateLeadFields(Context().get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.results(0).status(), v1::RECORD_STATUS_CREATED);

  auto update = Request<v1::UpdateLeadFieldRequest>();
  update.set_name("e2eAccessCode");
  update.set_description("made by the e2e test");
  v1::RecordResult updated;
  ASSERT_TRUE(fields_->UpdateLeadField(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.status(), v1::RECORD_STATUS_UPDATED);

  auto get = Request<v1::GetLeadFieldRequest>();
  get.set_name("e2eAccessCode");
  v1::LeadField got;
  ASSERT_TRUE(fields_->GetLeadField(Context().get(), get, &got).ok());
  EXPECT_EQ(got.description(), "made by the e2e test");
  get.set_name("noSuchField");
  EXPECT_EQ(fields_->GetLeadField(Context().get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);

  auto list = Request<v1::ListLeadFieldsRequest>();
  list.set_page_size(50);
  v1::ListLeadFieldsResponse page;
  ASSERT_TRUE(fields_->ListLeadFields(Context().get(), list, &page).ok());
  EXPECT_EQ(page.fields_size(), 50);
  EXPECT_FALSE(page.next_page_token().empty());
}

TEST_F(MarketoE2eTest, TwentyConcurrentUpsertsOfOneEmailMakeOneLead) {
  const std::string email = "twenty@example.com";
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      v1::UpsertLeadsRequest request;
      request.set_connection("mkto-race");
      request.add_leads()->set_email(email);
      v1::WriteResponse response;
      auto context = Context();
      grpc::Status status = leads_->UpsertLeads(context.get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(race_emulator_->CountLeadsWithField("email", email), 1u);
  EXPECT_EQ(race_emulator_->counters().Requests("sync_leads"), 20);
  EXPECT_EQ(race_emulator_->peak_concurrency(), 1);  // the guard let one through at a time
}

}  // namespace
}  // namespace leadgw::testing::marketo_e2e
