#include "emulators/hotprofile/list_query.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::hotprofile {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(ListQueryTest, DefaultsAreIdAscendingPageOneOfTwenty) {
  ListQuery query;
  EXPECT_THAT(ParseListQuery(ObjectKind::kLead, {}, &query), IsEmpty());
  EXPECT_EQ(query.sort_key, "id");
  EXPECT_FALSE(query.descending);
  EXPECT_EQ(query.page_number, 1);
  EXPECT_EQ(query.display_number, 20);
  EXPECT_THAT(query.conditions, IsEmpty());
}

TEST(ListQueryTest, ParsesConditionsAndIgnoresUnknownOrEmptyOnes) {
  ListQuery query;
  const Params params = {{"search[family_name_kana]", "ヤマ"},
                         {"search[ids]", "3, 1"},
                         {"search[multiple]", "Tokyo　部長"},
                         {"search[note]", ""},
                         {"search[nonsense]", "x"},
                         {"order[key]", "update_at"},
                         {"order[type]", "desc"},
                         {"page[display_number]", "100"}};
  ASSERT_THAT(ParseListQuery(ObjectKind::kLead, params, &query), IsEmpty());
  ASSERT_EQ(query.conditions.size(), 3u);
  EXPECT_EQ(query.sort_key, "updated_at");
  EXPECT_TRUE(query.descending);
  EXPECT_EQ(query.display_number, 100);
  for (const Condition& condition : query.conditions) {
    if (condition.op == SearchOp::kAnyOf) {
      EXPECT_THAT(condition.integers, ElementsAre(3, 1));
    }
    if (condition.op == SearchOp::kMultiple) {
      EXPECT_THAT(condition.words, ElementsAre("tokyo", "部長"));
    }
    if (condition.op == SearchOp::kPartial) {
      EXPECT_EQ(condition.target, "family_name_kana");
    }
  }
}

TEST(ListQueryTest, SortKeysDifferPerObject) {
  ListQuery query;
  EXPECT_THAT(ParseListQuery(ObjectKind::kBusinessCard, {{"order[key]", "trade_on"}}, &query),
              IsEmpty());
  EXPECT_EQ(query.sort_key, "trade_on");
  EXPECT_THAT(ParseListQuery(ObjectKind::kClient, {{"order[key]", "trade_on"}}, &query),
              SizeIs(1));
  EXPECT_THAT(ParseListQuery(ObjectKind::kLead, {{"order[key]", "create_at"}}, &query), IsEmpty());
  EXPECT_EQ(query.sort_key, "created_at");
}

TEST(ListQueryTest, RejectsMalformedValuesNamingTheParameter) {
  ListQuery query;
  const Params params = {{"search[from_id]", "one"},         {"search[from_trade_on]", "2024/1/1"},
                         {"search[from_latitude]", "north"}, {"page[number]", "0"},
                         {"page[display_number]", "101"},    {"order[type]", "up"}};
  std::vector<std::string> fields;
  for (const FieldError& error : ParseListQuery(ObjectKind::kLead, params, &query)) {
    fields.push_back(error.field);
  }
  EXPECT_THAT(fields,
              ElementsAre("search[from_id]", "search[from_trade_on]", "search[from_latitude]",
                          "page[number]", "page[display_number]", "order[type]"));
  EXPECT_EQ(MaxDisplayNumber(ObjectKind::kLead), 100);
  EXPECT_EQ(MaxDisplayNumber(ObjectKind::kClient), 1000);
}

}  // namespace
}  // namespace leadgw::emulators::hotprofile
