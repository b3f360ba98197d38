#include "emulators/marketo/lead_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::marketo {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

FieldMap Fields(std::initializer_list<std::pair<const char*, const char*>> kv) {
  FieldMap m;
  for (const auto& [k, v] : kv) m[k] = FieldValue::String(v);
  return m;
}

TEST(LeadStoreTest, LookupIsCaseInsensitiveForEmailOnly) {
  LeadStore store;
  const int64_t id = store.InsertLead(Fields({{"email", "Ann@X.com"}, {"city", "Oslo"}}), 1);
  EXPECT_EQ(store.LookupIds("email", "ann@x.com"), std::vector<int64_t>{id});
  EXPECT_TRUE(store.LookupIds("city", "oslo").empty());
  EXPECT_EQ(store.LookupIds("id", std::to_string(id)).size(), 1u);
  EXPECT_EQ(store.LookupIds("leadPartitionId", "1").size(), 1u);
  EXPECT_EQ(store.CountLeadsWithField("email", "ANN@x.com"), 1u);
}

// The email index follows every change: an update, a merge that fills the winner's email
// from a loser, a delete.
TEST(LeadStoreTest, LookupsByEmailFollowUpdatesMergesAndDeletes) {
  LeadStore store;
  const int64_t a = store.InsertLead(Fields({{"email", "old@x.com"}}), 1);
  ASSERT_TRUE(store.UpdateLead(a, Fields({{"email", "New@x.com"}})));
  EXPECT_TRUE(store.LookupIds("email", "old@x.com").empty());
  EXPECT_EQ(store.LookupIds("email", "new@X.com"), std::vector<int64_t>{a});

  const int64_t winner = store.InsertLead(Fields({{"city", "Oslo"}}), 1);
  ASSERT_TRUE(store.MergeLeads(winner, {a}).ok());
  EXPECT_EQ(store.LookupIds("email", "new@x.com"), std::vector<int64_t>{winner});
  EXPECT_EQ(store.FindLeads("email", {"nobody@x.com", "NEW@x.com"}).size(), 1u);

  ASSERT_TRUE(store.DeleteLead(winner));
  EXPECT_TRUE(store.LookupIds("email", "new@x.com").empty());
}

TEST(LeadStoreTest, PushActivitiesAreKeptPerLeadInOrder) {
  LeadStore store;
  store.RecordPush({7, 1044, "trade show", "first"});
  store.RecordPush({8, 1044, "web", "other lead"});
  store.RecordPush({7, 1044, "trade show", "second"});
  const std::vector<PushActivity> pushes = store.PushesOfLead(7);
  ASSERT_EQ(pushes.size(), 2u);
  EXPECT_EQ(pushes[0].reason, "first");
  EXPECT_EQ(pushes[1].reason, "second");
  EXPECT_EQ(pushes[1].source, "trade show");
  EXPECT_TRUE(store.PushesOfLead(9).empty());
}

TEST(LeadStoreTest, InsertIfAbsentIsAtomicPerKey) {
  LeadStore store;
  std::vector<int64_t> existing;
  const int64_t id = store.InsertIfAbsent("email", "a@b.c", Fields({{"email", "a@b.c"}}), 1,
                                          &existing);
  EXPECT_GT(id, 0);
  EXPECT_EQ(store.InsertIfAbsent("email", "A@B.C", Fields({{"email", "A@B.C"}}), 1, &existing),
            0);
  EXPECT_EQ(existing, std::vector<int64_t>{id});
}

TEST(LeadStoreTest, MergeFillsEmptyWinnerFieldsAndMovesMemberships) {
  LeadStore store;
  const int64_t w = store.InsertLead(Fields({{"email", "w@x"}, {"city", ""}}), 1);
  const int64_t l = store.InsertLead(
      Fields({{"email", "l@x"}, {"city", "Kobe"}, {"title", "CEO"}}), 1);
  store.AddList(StaticList{7, "L", {}});
  ASSERT_TRUE(store.AddToList(7, l));
  store.SetMktToken("tok", l);
  store.AssociateCookie(l, "cookie-1");
  ASSERT_THAT(store.MergeLeads(w, {l}), IsOk());
  auto lead = store.GetLead(w);
  ASSERT_TRUE(lead.has_value());
  EXPECT_EQ(lead->fields["email"].s, "w@x");
  EXPECT_EQ(lead->fields["city"].s, "Kobe");
  EXPECT_EQ(lead->fields["title"].s, "CEO");
  EXPECT_FALSE(store.GetLead(l).has_value());
  EXPECT_EQ(*store.ListMembers(7), std::vector<int64_t>{w});
  EXPECT_EQ(store.LeadForMktToken("tok"), w);
  EXPECT_EQ(store.LookupIds("cookies", "cookie-1"), std::vector<int64_t>{w});
  EXPECT_THAT(store.MergeLeads(w, {12345}), StatusIs(absl::StatusCode::kNotFound));
}

TEST(LeadStoreTest, DeleteRemovesMembershipsAndFieldSchemaRules) {
  LeadStore store;
  const int64_t id = store.InsertLead(Fields({{"email", "a@b"}}), 1);
  store.AddProgram(Program{1, "P", true, {}});
  ASSERT_TRUE(store.UpsertProgramMember(1, id, "Engaged"));
  EXPECT_EQ(store.ProgramsOfLead(id).size(), 1u);
  EXPECT_EQ(store.ProgramsOfLead(id)[0].member.stream, "Default Stream");
  EXPECT_TRUE(store.DeleteLead(id));
  EXPECT_FALSE(store.DeleteLead(id));
  EXPECT_TRUE(store.ProgramMembers(1)->empty());

  FieldDef f;
  f.name = "Email";  // case-insensitive clash with the standard field
  f.display_name = "Other";
  EXPECT_THAT(store.AddField(f), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(store.Partitions().size(), 1u);
  EXPECT_EQ(store.PartitionByName("Default")->id, 1);
}

}  // namespace
}  // namespace leadgw::emulators::marketo
