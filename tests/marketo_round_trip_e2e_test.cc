// Marketo round trip (issue 19): a lead is upserted with Japanese names and every typed
// field Marketo has a standard field for, queried, and upserted again exactly as the query
// answered it (updateOnly by id). The write must succeed (output-only fields such as the
// timestamps are ignored) and a second query must answer the same lead but for updated_at.
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "tests/marketo_e2e_fixture.h"
#include "tests/testing/lead_round_trip.h"

namespace leadgw::testing::marketo_e2e {
namespace {

using ::google::protobuf::util::MessageDifferencer;

constexpr char kEmail[] = "hanako.sato@round-trip.example.jp";

// Every Marketo field the typed Lead fields map to, plus one custom field.
constexpr const char* kFields[] = {
    "id",         "email",        "firstName", "lastName",    "company",   "externalCompanyId",
    "title",      "department",   "phone",     "mobilePhone", "fax",       "website",
    "leadSource", "leadStatus",   "address",   "city",        "state",     "postalCode",
    "country",    "unsubscribed", "doNotCall", "leadScore",   "createdAt", "updatedAt"};

v1::QueryLeadsRequest QueryByEmail() {
  auto query = Request<v1::QueryLeadsRequest>();
  query.set_filter_field("email");
  query.add_filter_values(kEmail);
  for (const char* field : kFields) query.add_fields(field);
  return query;
}

TEST_F(MarketoE2eTest, LeadQueriedThenUpsertedUnchangedRoundTrips) {
  auto create = Request<v1::UpsertLeadsRequest>();
  create.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
  v1::Lead* lead = create.add_leads();
  lead->set_email(kEmail);
  lead->set_first_name("花子");
  lead->set_last_name("佐藤");
  lead->set_company("株式会社往復");
  lead->set_external_company_id("ACME-東京/42 本社");  // a key: any text, not a decimal id
  lead->set_title("課長");
  lead->set_department("営業部");
  lead->set_phone("+81-3-1234-5678");
  lead->set_mobile_phone("+81-90-1234-5678");
  lead->set_fax("+81-3-1234-5679");
  lead->set_website("https://round-trip.example.jp");
  lead->set_lead_source("展示会");
  lead->set_lead_status("Open");
  lead->mutable_address()->set_street("丸の内1-1");
  lead->mutable_address()->set_city("千代田区");
  lead->mutable_address()->set_state("東京都");
  lead->mutable_address()->set_postal_code("100-0005");
  lead->mutable_address()->set_country("Japan");
  lead->set_email_opt_out(true);
  lead->set_phone_opt_out(false);
  (*lead->mutable_custom_fields())["leadScore"].set_number_value(42);
  v1::WriteResponse written;
  grpc::Status status = leads_->UpsertLeads(Context().get(), create, &written);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(written.results(0).status(), v1::RECORD_STATUS_CREATED)
      << written.results(0).ShortDebugString();

  v1::QueryLeadsResponse first;
  status = leads_->QueryLeads(Context().get(), QueryByEmail(), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(first.leads_size(), 1);
  const v1::Lead& found = first.leads(0);
  // Every field written comes back typed as written (Marketo has no full name: unset).
  v1::Lead expected = *lead;
  expected.set_id(written.results(0).id());
  v1::Lead answered = found;
  answered.clear_created_at();
  answered.clear_updated_at();
  std::string differences;
  MessageDifferencer as_written;
  as_written.ReportDifferencesToString(&differences);
  EXPECT_TRUE(as_written.Compare(expected, answered)) << differences;
  EXPECT_FALSE(found.has_full_name());
  EXPECT_GT(found.created_at().seconds(), 0);

  v1::UpsertLeadsRequest update =
      UpdateByIdOf(Request<v1::UpsertLeadsRequest>().connection(), found);
  ASSERT_NO_FATAL_FAILURE(
      ExpectUpdatedThenQueried(*leads_, &Context, update, QueryByEmail(), found));

  // A changed company key is written and answered as such; HotProfile's client id is not
  // Marketo's key and is refused, naming the field to use.
  update.mutable_leads(0)->set_external_company_id("ACME-大阪/43");
  v1::WriteResponse updated;
  status = leads_->UpsertLeads(Context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(updated.results(0).status(), v1::RECORD_STATUS_UPDATED);
  v1::QueryLeadsResponse third;
  ASSERT_TRUE(leads_->QueryLeads(Context().get(), QueryByEmail(), &third).ok());
  ASSERT_EQ(third.leads_size(), 1);
  EXPECT_EQ(third.leads(0).external_company_id(), "ACME-大阪/43");
  EXPECT_FALSE(third.leads(0).has_company_id());
  update.mutable_leads(0)->set_company_id("42");
  status = leads_->UpsertLeads(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("leads[0].company_id"));
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("use external_company_id"));
}

}  // namespace
}  // namespace leadgw::testing::marketo_e2e
