#include "emulators/hotprofile/validation.h"

#include <string>

#include "emulators/hotprofile/field_rules.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::hotprofile {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> fields;
  for (const FieldError& error : errors) fields.push_back(error.field);
  return fields;
}

std::string Repeat(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

TEST(FieldRulesTest, TablesMatchTheSeed) {
  const FieldRule* family = FindFieldRule(ObjectKind::kLead, "family_name");
  ASSERT_NE(family, nullptr);
  EXPECT_EQ(family->max_chars, 100);
  EXPECT_EQ(family->on_create, Need::kRequired);
  EXPECT_EQ(family->on_update, Need::kOptional);
  EXPECT_EQ(FindFieldRule(ObjectKind::kLead, "email")->max_chars, 200);
  EXPECT_EQ(FindFieldRule(ObjectKind::kLead, "zip")->max_chars, 50);
  EXPECT_EQ(FindFieldRule(ObjectKind::kClient, "zip")->max_chars, 100);
  EXPECT_EQ(FindFieldRule(ObjectKind::kBusinessCard, "direct_note")->max_chars, 3000);
  EXPECT_EQ(FindFieldRule(ObjectKind::kBusinessCard, "status")->on_create, Need::kRequired);
  EXPECT_EQ(FindFieldRule(ObjectKind::kClient, "id")->on_create, Need::kNo);
  EXPECT_EQ(FindFieldRule(ObjectKind::kClient, "client_id"), nullptr);
}

TEST(ValidationTest, AcceptsAndCanonicalisesAValidLead) {
  Params canonical;
  const Params params = {{"client_id", "3"},
                         {"family_name", Repeat("山", 100)},
                         {"competitor_flg", "true"},
                         {"store_flg", "0"},
                         {"pref_id", "13"},
                         {"extension", "00123"},
                         {"email", ""},
                         {"unknown", "ignored"},
                         {"api_key", "k"}};
  EXPECT_THAT(ValidateWrite(ObjectKind::kLead, WriteMode::kCreate, params, &canonical), IsEmpty());
  EXPECT_THAT(canonical,
              UnorderedElementsAre(Pair("client_id", "3"), Pair("family_name", Repeat("山", 100)),
                                   Pair("competitor_flg", "1"), Pair("store_flg", "0"),
                                   Pair("pref_id", "13"), Pair("extension", "00123")));
}

TEST(ValidationTest, ReportsEveryViolationInTableOrder) {
  Params canonical;
  const Params params = {{"family_name", Repeat("山", 101)},
                         {"tel", Repeat("1", 101)},
                         {"pref_id", "0"},
                         {"lead_status", "3"},
                         {"latitude", "1234.5"},
                         {"owner_user_id", "999"},
                         {"email", "\xFF"}};
  EXPECT_THAT(Fields(ValidateWrite(ObjectKind::kLead, WriteMode::kCreate, params, &canonical)),
              ElementsAre("client_id", "family_name", "tel", "email", "pref_id", "lead_status",
                          "latitude", "owner_user_id"));
}

TEST(ValidationTest, UpdateNeedsIdsAndClearsOptionalFields) {
  Params canonical;
  EXPECT_THAT(Fields(ValidateWrite(ObjectKind::kBusinessCard, WriteMode::kUpdate, {}, &canonical)),
              ElementsAre("id", "client_id"));
  EXPECT_THAT(ValidateWrite(ObjectKind::kClient, WriteMode::kUpdate, {{"id", "4"}, {"note", ""}},
                            &canonical),
              IsEmpty());
  EXPECT_THAT(canonical, UnorderedElementsAre(Pair("id", "4"), Pair("note", "")));
  EXPECT_THAT(Fields(ValidateWrite(ObjectKind::kClient, WriteMode::kUpdate,
                                   {{"id", "4"}, {"name_disp", ""}}, &canonical)),
              ElementsAre("name_disp"));
}

TEST(ValidationTest, BusinessCardEnumsAndDates) {
  Params canonical;
  const Params ok = {{"client_id", "1"},
                     {"family_name", "x"},
                     {"status", "2"},
                     {"open_status", "3"},
                     {"trade_on", "2026/12/31"}};
  EXPECT_THAT(ValidateWrite(ObjectKind::kBusinessCard, WriteMode::kCreate, ok, &canonical),
              IsEmpty());
  const Params bad = {{"client_id", "1"},
                      {"family_name", "x"},
                      {"status", "0"},
                      {"open_status", "2"},
                      {"trade_on", "2026/13/01"}};
  EXPECT_THAT(Fields(ValidateWrite(ObjectKind::kBusinessCard, WriteMode::kCreate, bad, &canonical)),
              ElementsAre("status", "open_status", "trade_on"));
}

}  // namespace
}  // namespace leadgw::emulators::hotprofile
