// MarketoBackend's coalesced pushes and deletes against the in-process emulator: callers
// arriving within one pace share a call and each gets its own results. (Upserts and
// lookups are covered end to end by tests/faults/coalescing_e2e_test.)
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/marketo/testing/emulated_backend.h"
#include "testing/test_context.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::TestContext;

// Sends every attempt directly, like DirectCalls, but reports a rate limit's spacing so
// that the backend coalesces: a first call goes at once, the next batch 2 s later, which
// leaves the test ample time to start its callers on a busy machine.
class PacedDirectCalls final : public upstream::CallGuard {
 public:
  absl::Status Run(const upstream::CallSpec& spec,
                   absl::FunctionRef<absl::Status(const upstream::Attempt&)> attempt) override {
    upstream::Attempt first;
    first.cancellation = spec.cancellation;
    return attempt(first);
  }
  absl::Duration CallSpacing() const override { return absl::Seconds(2); }
};

class MarketoCoalescingTest : public testing::EmulatedBackendTest {
 protected:
  void SetUp() override {
    MarketoBackendOptions options;
    options.guard = std::make_shared<PacedDirectCalls>();
    Start({}, options);
  }

  // Runs write(i) for i in [0, callers) at once (after the test's first call took the turn,
  // they all fall in the next batch).
  template <typename Write>
  void AtOnce(int callers, Write write) {
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i) threads.emplace_back([&, i] { write(i); });
    for (std::thread& thread : threads) thread.join();
  }
};

v1::PushLeadsRequest Push(const std::string& email) {
  v1::PushLeadsRequest push;
  push.set_program_name("Big Blue Thing Product Launch");
  push.set_source("Cool Sales Site");
  push.add_records()->mutable_lead()->set_email(email);
  return push;
}

TEST_F(MarketoCoalescingTest, ConcurrentPushesShareACallAndGetTheirOwnResults) {
  ASSERT_THAT(backend().PushLeads(TestContext(), Push("first@push.example.com")), IsOk());
  constexpr int kCallers = 4;
  std::vector<absl::StatusOr<v1::WriteResponse>> results(kCallers, absl::UnknownError(""));
  AtOnce(kCallers, [&](int i) {
    results[i] =
        backend().PushLeads(TestContext(), Push(absl::StrCat("push-", i, "@push.example.com")));
  });
  EXPECT_EQ(Calls("push_leads"), 2);
  for (int i = 0; i < kCallers; ++i) {
    ASSERT_THAT(results[i], IsOk());
    ASSERT_EQ(results[i]->results_size(), 1);
    EXPECT_EQ(results[i]->results(0).index(), 0);
    EXPECT_EQ(results[i]->results(0).status(), v1::RECORD_STATUS_CREATED);
    EXPECT_EQ(emulator().CountLeadsWithField("email", absl::StrCat("push-", i, "@push.example.com")),
              1u);
  }
}

TEST_F(MarketoCoalescingTest, ConcurrentDeletesShareACallAndGetTheirOwnResults) {
  v1::DeleteLeadsRequest first;
  first.add_ids("318581");
  ASSERT_THAT(backend().DeleteLeads(TestContext(), first), IsOk());
  constexpr int kCallers = 4;  // the last asks for a lead that does not exist
  std::vector<absl::StatusOr<v1::WriteResponse>> results(kCallers, absl::UnknownError(""));
  AtOnce(kCallers, [&](int i) {
    v1::DeleteLeadsRequest request;
    request.add_ids(absl::StrCat(i + 1 < kCallers ? 318582 + i : 999999999));
    results[i] = backend().DeleteLeads(TestContext(), request);
  });
  EXPECT_EQ(Calls("delete_leads"), 2);
  for (int i = 0; i < kCallers; ++i) {
    ASSERT_THAT(results[i], IsOk());
    ASSERT_EQ(results[i]->results_size(), 1);
    EXPECT_EQ(results[i]->results(0).status(), i + 1 < kCallers ? v1::RECORD_STATUS_DELETED
                                                                : v1::RECORD_STATUS_SKIPPED)
        << results[i]->ShortDebugString();
  }
}

// An async upsert answers without ids: it never shares a call with a synchronous one,
// whose callers expect theirs.
TEST_F(MarketoCoalescingTest, AsyncAndSyncUpsertsNeverShareACall) {
  v1::UpsertLeadsRequest first;
  first.add_leads()->set_email("first@upsert.example.com");
  ASSERT_THAT(backend().UpsertLeads(TestContext(), first), IsOk());
  constexpr int kCallers = 4;  // even: async, odd: sync
  std::vector<absl::StatusOr<v1::WriteResponse>> results(kCallers, absl::UnknownError(""));
  AtOnce(kCallers, [&](int i) {
    v1::UpsertLeadsRequest request;
    request.set_async_processing(i % 2 == 0);
    request.add_leads()->set_email(absl::StrCat("mixed-", i, "@upsert.example.com"));
    results[i] = backend().UpsertLeads(TestContext(), request);
  });
  EXPECT_EQ(Calls("sync_leads"), 3);  // the first, then one async and one sync call
  for (int i = 0; i < kCallers; ++i) {
    ASSERT_THAT(results[i], IsOk());
    ASSERT_EQ(results[i]->results_size(), 1);
    EXPECT_EQ(results[i]->results(0).status(), v1::RECORD_STATUS_CREATED);
    EXPECT_EQ(results[i]->results(0).id().empty(), i % 2 == 0) << results[i]->ShortDebugString();
  }
}

}  // namespace
}  // namespace leadgw::backends::marketo
