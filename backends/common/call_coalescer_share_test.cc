// Share::sole, as Coalesced's `take` sees it: true exactly when the call carried the
// member's request and no other.
#include <atomic>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "backends/common/call_coalescer.h"
#include "backends/common/call_coalescer_test_fixture.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::common {
namespace {

using ::leadgw::testing_util::IsOk;
using coalescer_testing::AwaitWaiting;
using coalescer_testing::Paced;
using coalescer_testing::Within;

// What a member took: how many requests its call carried, where its item was, and
// whether the call was its own.
struct Taken {
  int requests = 0;
  int offset = -1;
  bool sole = false;
};

// Joins with a request of one item. A request here is the number of requests it carries
// (a merged one counts its parts), and the call answers it back.
absl::StatusOr<Taken> JoinOne(CallCoalescer& coalescer, const CallContext& ctx) {
  const int alone = 1;
  return Coalesced<int, int, Taken>(
      coalescer, "lookup/id", "GetLead", ctx, alone, 1, {},
      [](const std::vector<const int*>& requests) { return static_cast<int>(requests.size()); },
      [](const CallContext&, const int& requests) -> absl::StatusOr<int> { return requests; },
      [](int& requests, int offset, bool sole) -> absl::StatusOr<Taken> {
        return Taken{requests, offset, sole};
      });
}

void ExpectSole(const absl::StatusOr<Taken>& taken) {
  ASSERT_THAT(taken, IsOk());
  EXPECT_TRUE(taken->sole);
  EXPECT_EQ(taken->requests, 1);
  EXPECT_EQ(taken->offset, 0);
}

TEST(CallCoalescerShareTest, ARequestThatDoesNotCoalesceIsSole) {
  CallCoalescerOptions off = Paced(absl::Seconds(5));
  off.max_wait = absl::ZeroDuration();
  CallCoalescer coalescer_off(off);
  ASSERT_FALSE(coalescer_off.Coalesces(1));
  ExpectSole(JoinOne(coalescer_off, Within(absl::Seconds(30))));

  CallCoalescer unpaced(Paced(absl::ZeroDuration()));
  ASSERT_FALSE(unpaced.Coalesces(1));
  ExpectSole(JoinOne(unpaced, Within(absl::Seconds(30))));
}

// The first request goes at once in a batch of its own; the second waits its turn alone.
TEST(CallCoalescerShareTest, TheOneMemberOfABatchIsSole) {
  CallCoalescer coalescer(Paced(absl::Milliseconds(300)));
  ASSERT_TRUE(coalescer.Coalesces(1));
  ExpectSole(JoinOne(coalescer, Within(absl::Seconds(30))));
  ExpectSole(JoinOne(coalescer, Within(absl::Seconds(30))));
}

TEST(CallCoalescerShareTest, MembersOfASharedCallAreNotSole) {
  CallCoalescer coalescer(Paced(absl::Seconds(2)));
  ExpectSole(JoinOne(coalescer, Within(absl::Seconds(30))));
  constexpr int kMembers = 3;
  std::vector<absl::StatusOr<Taken>> taken(kMembers, absl::UnknownError(""));
  std::vector<std::thread> threads;
  for (int i = 0; i < kMembers; ++i) {
    threads.emplace_back([&, i] { taken[i] = JoinOne(coalescer, Within(absl::Seconds(30))); });
    AwaitWaiting(coalescer, i + 1);  // arrival order = index order
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kMembers; ++i) {
    ASSERT_THAT(taken[i], IsOk());
    EXPECT_FALSE(taken[i]->sole) << i;
    EXPECT_EQ(taken[i]->requests, kMembers);
    EXPECT_EQ(taken[i]->offset, i);
  }
}

// Members that withdraw before their batch leaves are not in its call: the one left is
// sent alone, unmerged, and is sole. Both ways of withdrawing: the batch's first member
// (who would have sent it) and a later one.
TEST(CallCoalescerShareTest, AMemberWhoseCoMembersWithdrewIsSole) {
  std::atomic<int> withdrawn{0};
  CallCoalescerOptions options = Paced(absl::Seconds(2));
  options.hooks.on_withdraw = [&] { ++withdrawn; };
  CallCoalescer coalescer(options);
  ExpectSole(JoinOne(coalescer, Within(absl::Seconds(30))));
  std::atomic<bool> gone{false};
  CallContext leaving = Within(absl::Seconds(30));
  leaving.cancellation = Cancellation([&] { return gone.load(); });
  absl::StatusOr<Taken> first = absl::UnknownError("");
  absl::StatusOr<Taken> staying = absl::UnknownError("");
  absl::StatusOr<Taken> last = absl::UnknownError("");
  std::thread first_thread([&] { first = JoinOne(coalescer, leaving); });
  AwaitWaiting(coalescer, 1);
  std::thread staying_thread([&] { staying = JoinOne(coalescer, Within(absl::Seconds(30))); });
  AwaitWaiting(coalescer, 2);
  std::thread last_thread([&] { last = JoinOne(coalescer, leaving); });
  AwaitWaiting(coalescer, 3);
  gone = true;
  first_thread.join();
  staying_thread.join();
  last_thread.join();
  EXPECT_EQ(withdrawn.load(), 2);
  EXPECT_EQ(first.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(last.status().code(), absl::StatusCode::kCancelled);
  ExpectSole(staying);
}

// An item that remembers whether it was moved from, so a test sees which TakeOrCopy did.
struct MoveProbe {
  MoveProbe() = default;
  MoveProbe(const MoveProbe&) = default;
  MoveProbe(MoveProbe&& other) noexcept { other.moved_from = true; }
  bool moved_from = false;
};

TEST(CallCoalescerShareTest, TakeOrCopyMovesOnlyForASoleMember) {
  MoveProbe shared_item;
  std::vector<MoveProbe> shared_result;
  TakeOrCopy(shared_item, /*sole=*/false, shared_result);
  EXPECT_FALSE(shared_item.moved_from) << "another member may still read the answer";
  EXPECT_EQ(shared_result.size(), 1u);

  MoveProbe own_item;
  std::vector<MoveProbe> own_result;
  TakeOrCopy(own_item, /*sole=*/true, own_result);
  EXPECT_TRUE(own_item.moved_from);
  EXPECT_EQ(own_result.size(), 1u);
}

}  // namespace
}  // namespace leadgw::backends::common
