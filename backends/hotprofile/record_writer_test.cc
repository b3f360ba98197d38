#include "backends/hotprofile/record_writer.h"

#include <string>

#include "backends/common/invalid_field.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/company_service.pb.h"
#include "leadgateway/v1/lead.pb.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::hotprofile {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

std::string Repeat(absl::string_view unit, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text.append(unit.data(), unit.size());
  return text;
}

v1::BusinessCard Card() {
  v1::BusinessCard card;
  card.set_company_id("3");
  card.set_last_name("山田");
  card.set_status(v1::CARD_STATUS_ACTIVE);
  card.set_visibility(v1::CARD_VISIBILITY_PRIVATE);
  return card;
}

absl::Status CardError(const v1::BusinessCard& card, WriteMode mode = WriteMode::kCreate) {
  return BuildWriteParams(ObjectKind::kBusinessCard, mode, card, "cards[2]").status();
}

TEST(RecordWriterTest, BuildsCardParametersInTableOrder) {
  v1::BusinessCard card = Card();
  card.set_first_name("太郎");
  card.set_phone_extension("0123");
  card.mutable_address()->set_postal_code("100-0005");
  card.mutable_address()->set_prefecture_code(13);
  card.set_exchange_date("2024-05-01");
  (*card.mutable_custom_fields())["latitude"].set_number_value(35.7150244);
  absl::StatusOr<Params> params =
      BuildWriteParams(ObjectKind::kBusinessCard, WriteMode::kCreate, card, "cards[0]");
  ASSERT_THAT(params, IsOk());
  EXPECT_THAT(*params, ElementsAre(Pair("client_id", "3"), Pair("family_name", "山田"),
                                   Pair("first_name", "太郎"), Pair("extension", "0123"),
                                   Pair("zip", "100-0005"), Pair("pref_id", "13"),
                                   Pair("latitude", "35.7150244"), Pair("status", "1"),
                                   Pair("open_status", "3"), Pair("trade_on", "2024/05/01")));
}

TEST(RecordWriterTest, LengthsCountCharactersNotBytes) {
  v1::BusinessCard card = Card();
  card.set_last_name(Repeat("山", 100));  // 300 bytes, 100 characters: allowed
  EXPECT_THAT(CardError(card), IsOk());
  card.set_last_name(Repeat("山", 101));
  absl::Status status = CardError(card);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(status.message(),
            "cards[2].last_name: at most 100 characters (HotProfile family_name)");
  EXPECT_EQ(status.GetPayload(common::kInvalidFieldPayloadUrl).value(), "cards[2].last_name");

  card = Card();
  card.set_email(Repeat("a", 195) + "@x.jp");  // 200
  EXPECT_THAT(CardError(card), IsOk());
  card.set_email(Repeat("a", 196) + "@x.jp");
  EXPECT_EQ(CardError(card).message(), "cards[2].email: at most 200 characters (HotProfile email)");
  card = Card();
  card.set_note(Repeat("メ", 3001));
  EXPECT_EQ(CardError(card).message(), "cards[2].note: at most 3000 characters (HotProfile note)");
  card = Card();
  card.mutable_address()->set_postal_code(Repeat("1", 51));
  EXPECT_EQ(CardError(card).message(),
            "cards[2].address.postal_code: at most 50 characters (HotProfile zip)");
  card = Card();
  card.set_other_owner(Repeat("o", 256));
  EXPECT_EQ(CardError(card).message(),
            "cards[2].other_owner: at most 255 characters (HotProfile owner_user)");
}

TEST(RecordWriterTest, TypedRules) {
  v1::BusinessCard card = Card();
  card.set_phone_extension("123456789");
  EXPECT_EQ(CardError(card).message(),
            "cards[2].phone_extension: digits only, at most 8 (HotProfile extension)");
  card = Card();
  card.set_exchange_date("2024/05/01");
  EXPECT_EQ(CardError(card).message(),
            "cards[2].exchange_date: a date YYYY-MM-DD (HotProfile trade_on)");
  card = Card();
  card.set_visibility(static_cast<v1::CardVisibility>(2));
  EXPECT_EQ(CardError(card).message(), "cards[2].visibility: one of 1, 3 (HotProfile open_status)");
  card = Card();
  card.set_status(static_cast<v1::CardStatus>(3));
  EXPECT_EQ(CardError(card).message(), "cards[2].status: one of 1, 2 (HotProfile status)");
  card = Card();
  (*card.mutable_custom_fields())["longitude"].set_string_value("1391.5");
  EXPECT_EQ(CardError(card).message(),
            "cards[2].custom_fields[\"longitude\"]: a decimal with at most 3 integer digits and "
            "14 decimals (HotProfile longitude)");
}

TEST(RecordWriterTest, RequiredOnCreateAndUpdate) {
  v1::BusinessCard card = Card();
  card.clear_last_name();
  EXPECT_EQ(CardError(card).message(),
            "cards[2].last_name: required to create a HotProfile business card (HotProfile "
            "family_name)");
  card = Card();
  card.set_status(v1::CARD_STATUS_UNSPECIFIED);
  EXPECT_EQ(CardError(card).message(),
            "cards[2].status: required to create a HotProfile business card (HotProfile status)");
  // Update: id and client_id, nothing else; a create-required field may not be blanked.
  v1::BusinessCard update;
  update.set_company_id("3");
  EXPECT_EQ(CardError(update, WriteMode::kUpdate).message(),
            "cards[2].id: required to update a HotProfile business card (HotProfile id)");
  update.set_id("9");
  EXPECT_THAT(CardError(update, WriteMode::kUpdate), IsOk());
  update.set_last_name("");
  EXPECT_EQ(CardError(update, WriteMode::kUpdate).message(),
            "cards[2].last_name: must not be empty: HotProfile requires family_name");
  // An id on create is refused (HotProfile assigns it).
  card = Card();
  card.set_id("5");
  EXPECT_EQ(CardError(card).message(),
            "cards[2].id: not accepted when creating a HotProfile business card (HotProfile id)");
}

TEST(RecordWriterTest, FieldsHotProfileDoesNotStoreOrOnlyOutputs) {
  v1::Lead lead;
  lead.set_company_id("1");
  lead.set_last_name("佐藤");
  lead.mutable_address()->set_country("Japan");
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kCreate, lead, "leads[0]").status().message(),
      "leads[0].address.country: not stored by HotProfile for a lead");
  lead.mutable_address()->clear_country();
  lead.set_external_company_id("ACME-1");  // Marketo's company key
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kCreate, lead, "leads[0]").status().message(),
      "leads[0].external_company_id: not stored by HotProfile for a lead");
}

// The status is written by id; its name is output only, so a name alone is refused (the
// caller meant to change the status) and a name beside the id is ignored (a record read).
TEST(RecordWriterTest, LeadStatusIsWrittenById) {
  v1::Lead lead;
  lead.set_id("7");
  lead.set_company_id("1");
  lead.set_lead_status("有効");
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kUpdate, lead, "leads[0]").status().message(),
      "leads[0].lead_status: HotProfile sets a lead's status by lead_status_id; the name is "
      "output only there");
  lead.set_lead_status_id("2");
  absl::StatusOr<Params> params =
      BuildWriteParams(ObjectKind::kLead, WriteMode::kUpdate, lead, "leads[0]");
  ASSERT_THAT(params, IsOk());
  EXPECT_THAT(*params,
              ElementsAre(Pair("id", "7"), Pair("client_id", "1"), Pair("lead_status", "2")));
  lead.clear_lead_status();
  lead.set_lead_status_id("active");
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kUpdate, lead, "leads[0]").status().message(),
      "leads[0].lead_status_id: a decimal id (HotProfile lead_status)");
}

TEST(RecordWriterTest, CustomFields) {
  v1::Lead lead;
  lead.set_company_id("1");
  lead.set_last_name("佐藤");
  // Re-fetch the map after each reflective read: a Map reference held across reflection
  // access would not mark the map modified again.
  auto custom = [&]() -> auto& { return *lead.mutable_custom_fields(); };
  custom()["error_mail_flg"].set_bool_value(true);
  custom()["competitor_flg"].set_string_value("0");
  custom()["customer_id"].set_number_value(1234);
  lead.set_email_opt_out(true);  // typed consent: not_mail_flg
  lead.set_fax_opt_out(false);   // not_fax_flg
  absl::StatusOr<Params> params =
      BuildWriteParams(ObjectKind::kLead, WriteMode::kCreate, lead, "leads[1]");
  ASSERT_THAT(params, IsOk());
  EXPECT_THAT(*params, ElementsAre(Pair("client_id", "1"), Pair("family_name", "佐藤"),
                                   Pair("error_mail_flg", "1"), Pair("not_mail_flg", "1"),
                                   Pair("not_fax_flg", "0"), Pair("competitor_flg", "0"),
                                   Pair("customer_id", "1234")));

  custom()["error_tel_flg"].set_string_value("maybe");
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kCreate, lead, "leads[1]").status().message(),
      "leads[1].custom_fields[\"error_tel_flg\"]: a boolean (true/false or 1/0) (HotProfile "
      "error_tel_flg)");
  custom().erase("error_tel_flg");
  custom()["not_mail_flg"].set_bool_value(true);
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kCreate, lead, "leads[1]").status().message(),
      "leads[1].custom_fields[\"not_mail_flg\"]: set the typed field email_opt_out instead "
      "(HotProfile not_mail_flg)");
  custom().erase("not_mail_flg");
  custom()["family_name"].set_string_value("x");
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kCreate, lead, "leads[1]").status().message(),
      "leads[1].custom_fields[\"family_name\"]: set the typed field last_name instead "
      "(HotProfile family_name)");
  custom().erase("family_name");
  custom()["brand_new_key"].set_string_value("x");
  EXPECT_EQ(
      BuildWriteParams(ObjectKind::kLead, WriteMode::kCreate, lead, "leads[1]").status().message(),
      "leads[1].custom_fields[\"brand_new_key\"]: not a writable HotProfile lead field");
}

TEST(RecordWriterTest, OutputOnlyFieldsAreIgnored) {
  // As a lead search answers it: the output-only fields are not sent (AIP-203).
  v1::Lead lead;
  lead.set_id("7");
  lead.set_company_id("1");
  lead.set_last_name("佐藤");
  lead.set_company("株式会社サンプル");
  lead.set_department("営業部");
  lead.set_full_name("佐藤 花子");
  lead.set_full_name_kana("サトウ ハナコ");
  lead.set_lead_status_name("有効");
  lead.set_owner_name("田中");
  lead.add_tags("重要");
  lead.add_interest_products("名刺管理");
  lead.mutable_address()->set_state("東京都");
  lead.mutable_created_at()->set_seconds(1);
  lead.mutable_updated_at()->set_seconds(2);
  (*lead.mutable_custom_fields())["address1"].set_string_value("千代田区");
  (*lead.mutable_custom_fields())["organization_hierarchy"].set_string_value("本社");
  absl::StatusOr<Params> params =
      BuildWriteParams(ObjectKind::kLead, WriteMode::kUpdate, lead, "leads[0]");
  ASSERT_THAT(params, IsOk());
  EXPECT_THAT(*params,
              ElementsAre(Pair("id", "7"), Pair("client_id", "1"), Pair("family_name", "佐藤")));

  v1::BusinessCard card;
  card.set_id("3");
  card.set_company_id("1");
  card.set_company_name("東京商事");
  card.set_title("課長");
  card.set_request_key("RQ-1");
  card.add_tag_ids("4");
  card.set_full_name("鈴木 一郎");
  params = BuildWriteParams(ObjectKind::kBusinessCard, WriteMode::kUpdate, card, "cards[0]");
  ASSERT_THAT(params, IsOk());
  EXPECT_THAT(*params, ElementsAre(Pair("id", "3"), Pair("client_id", "1")));
}

TEST(RecordWriterTest, CompaniesAndEmptyValuesClear) {
  v1::Company company;
  company.set_id("4");
  company.set_note("");  // "" clears the note
  company.set_owner_id("2");
  (*company.mutable_custom_fields())["capital_kbn"].set_number_value(3);
  absl::StatusOr<Params> params =
      BuildWriteParams(ObjectKind::kClient, WriteMode::kUpdate, company, "companies[0]");
  ASSERT_THAT(params, IsOk());
  EXPECT_THAT(*params, ElementsAre(Pair("id", "4"), Pair("capital_kbn", "3"), Pair("user_id", "2"),
                                   Pair("note", "")));
  company.set_display_name("");
  EXPECT_EQ(BuildWriteParams(ObjectKind::kClient, WriteMode::kUpdate, company, "companies[0]")
                .status()
                .message(),
            "companies[0].display_name: must not be empty: HotProfile requires name_disp");
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
