// The JobJournal conformance cases for state records (PutState / GetState).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "jobs/journal_conformance.h"
#include "testing/status_matchers.h"

namespace leadgw::jobs {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::IsEmpty;

std::vector<std::pair<std::string, std::string>> Pairs(const std::vector<StateRecord>& records) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const StateRecord& record : records) pairs.emplace_back(record.key, record.value);
  return pairs;
}

TEST_P(JobJournalConformanceTest, StateRecordsAreKeptPerScopeInKeyOrder) {
  ASSERT_THAT(journal_->PutState("sync/a", {{"link/2", "two"}, {"cursor", "c1"}}), IsOk());
  ASSERT_THAT(journal_->PutState("sync/b", {{"link/1", "other scope"}}), IsOk());
  // A second write replaces the value of a key and keeps the others.
  std::string binary("x\0y", 3);
  ASSERT_THAT(journal_->PutState("sync/a", {{"cursor", "c2"}, {"link/1", binary}}), IsOk());

  auto a = journal_->GetState("sync/a");
  ASSERT_THAT(a, IsOk());
  EXPECT_THAT(Pairs(*a), ::testing::ElementsAre(std::make_pair("cursor", "c2"),
                                                std::make_pair("link/1", binary),
                                                std::make_pair("link/2", "two")));
  auto none = journal_->GetState("sync/none");
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(*none, IsEmpty());
}

TEST_P(JobJournalConformanceTest, StateRecordsWithBadNamesStoreNothing) {
  EXPECT_THAT(journal_->PutState("", {{"k", "v"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(journal_->PutState("s", {{"k", "v"}, {"", "v"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(journal_->PutState(std::string(201, 's'), {{"k", "v"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  auto stored = journal_->GetState("s");
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(*stored, IsEmpty());
  EXPECT_THAT(journal_->PutState("s", {}), IsOk());
}

}  // namespace
}  // namespace leadgw::jobs
