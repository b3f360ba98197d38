#include "emulators/hotprofile/store.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "emulators/hotprofile/demo_data.h"
#include "emulators/hotprofile/list_query.h"
#include "emulators/hotprofile/text_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::hotprofile {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;

absl::Time Noon(int year, int month, int day) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, 12, 0, 0), JapanTimeZone());
}

std::vector<int64_t> Ids(const ListResult& result) {
  std::vector<int64_t> ids;
  for (const ListedRecord& listed : result.records) ids.push_back(listed.record.id);
  return ids;
}

class StoreTest : public ::testing::Test {
 protected:
  absl::Time now_ = Noon(2025, 1, 1) + absl::Milliseconds(750);
  HotProfileStore store_{[this] { return now_; }};
};

TEST_F(StoreTest, CreateStampsWholeSecondsAndChecksTheClient) {
  EXPECT_THAT(store_.Create(ObjectKind::kLead, {{"client_id", "1"}, {"family_name", "x"}}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_EQ(*store_.Create(ObjectKind::kClient, {{"name", "A"}, {"name_disp", "A"}}), 1);
  ASSERT_EQ(*store_.Create(ObjectKind::kLead, {{"client_id", "1"}, {"family_name", "x"}}), 1);
  const ListResult leads = store_.List(ObjectKind::kLead, ListQuery());
  ASSERT_EQ(leads.records.size(), 1u);
  EXPECT_EQ(leads.records[0].record.created_at, Noon(2025, 1, 1));
  ASSERT_TRUE(leads.records[0].client.has_value());
  EXPECT_EQ(leads.records[0].client->Value("name"), "A");
}

TEST_F(StoreTest, UpdateReportsMissingIdBeforeMissingClient) {
  ASSERT_EQ(*store_.Create(ObjectKind::kClient, {{"name", "A"}, {"name_disp", "A"}}), 1);
  EXPECT_THAT(store_.Update(ObjectKind::kBusinessCard, {{"id", "1"}, {"client_id", "9"}}),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(store_.Update(ObjectKind::kClient, {{"id", "1"}, {"note", "memo"}}).value(), 1);
  now_ += absl::Hours(1);
  EXPECT_THAT(store_.Update(ObjectKind::kClient, {{"id", "1"}, {"note", ""}}), IsOk());
  const ListResult clients = store_.List(ObjectKind::kClient, ListQuery());
  EXPECT_FALSE(clients.records[0].record.values.contains("note"));
  EXPECT_GT(clients.records[0].record.updated_at, clients.records[0].record.created_at);
}

TEST_F(StoreTest, ResetLoadsSeedsInOrderAndRejectsDanglingClients) {
  ASSERT_THAT(store_.Reset(DemoRecords()), IsOk());
  EXPECT_EQ(store_.Size(ObjectKind::kClient), kDemoClientCount);
  EXPECT_EQ(store_.Size(ObjectKind::kBusinessCard), kDemoBusinessCardCount);
  EXPECT_EQ(store_.Size(ObjectKind::kLead), kDemoLeadCount);

  Record orphan;
  orphan.values = {{"client_id", "1"}, {"family_name", "x"}};
  std::vector<SeedRecord> seeds;
  seeds.push_back({ObjectKind::kLead, orphan});
  EXPECT_THAT(store_.Reset(std::move(seeds)), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(store_.Size(ObjectKind::kClient), 0);
}

TEST_F(StoreTest, ListFiltersSortsAndPages) {
  ASSERT_THAT(store_.Reset(DemoRecords()), IsOk());
  ListQuery query;
  ASSERT_TRUE(ParseListQuery(ObjectKind::kBusinessCard,
                             {{"search[from_trade_on]", "2025/01/01"},
                              {"search[to_trade_on]", "2025/12/31"},
                              {"order[key]", "trade_on"},
                              {"order[type]", "desc"},
                              {"page[display_number]", "3"},
                              {"page[number]", "2"}},
                             &query)
                  .empty());
  const ListResult result = store_.List(ObjectKind::kBusinessCard, query);
  // Demo cards are exchanged every 36 days from 2024/01/10: cards 11-21 fall in 2025.
  EXPECT_EQ(result.page.total_count, 11);
  EXPECT_EQ(result.page.total_number, 4);
  EXPECT_THAT(Ids(result), ElementsAre(18, 17, 16));
}

TEST_F(StoreTest, ConcurrentCreatesGetDistinctIds) {
  ASSERT_EQ(*store_.Create(ObjectKind::kClient, {{"name", "A"}, {"name_disp", "A"}}), 1);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, &failures] {
      for (int i = 0; i < 50; ++i) {
        if (!store_.Create(ObjectKind::kLead, {{"client_id", "1"}, {"family_name", "x"}}).ok()) {
          ++failures;
        }
        store_.List(ObjectKind::kLead, ListQuery());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  ListQuery all;
  all.display_number = 1000;
  const ListResult result = store_.List(ObjectKind::kLead, all);
  ASSERT_EQ(result.records.size(), 200u);
  EXPECT_EQ(result.records.back().record.id, 200);
}

}  // namespace
}  // namespace leadgw::emulators::hotprofile
