#include "backends/common/keyed_serializer.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::common {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::Not;

TEST(KeyedSerializerTest, OneHolderPerKeyAndEntriesAreRemoved) {
  KeyedSerializer serializer;
  {
    absl::StatusOr<KeyedSerializer::Lease> a = serializer.Acquire("a", absl::InfiniteFuture());
    ASSERT_THAT(a, IsOk());
    absl::StatusOr<KeyedSerializer::Lease> b = serializer.Acquire("b", absl::InfiniteFuture());
    ASSERT_THAT(b, IsOk());  // other keys are independent
    EXPECT_EQ(serializer.ActiveKeys(), 2u);
    // A second holder of "a" cannot get in before its deadline.
    absl::StatusOr<KeyedSerializer::Lease> again =
        serializer.Acquire("a", absl::Now() + absl::Milliseconds(20));
    EXPECT_THAT(again, StatusIs(absl::StatusCode::kDeadlineExceeded));
    EXPECT_EQ(serializer.ActiveKeys(), 2u);
  }
  EXPECT_EQ(serializer.ActiveKeys(), 0u);
  EXPECT_THAT(serializer.Acquire("a", absl::Now()), IsOk());  // free again; no wait needed
  EXPECT_EQ(serializer.ActiveKeys(), 0u);
}

TEST(KeyedSerializerTest, MovedLeasesReleaseOnce) {
  KeyedSerializer serializer;
  absl::StatusOr<KeyedSerializer::Lease> lease = serializer.Acquire("k", absl::InfiniteFuture());
  ASSERT_THAT(lease, IsOk());
  KeyedSerializer::Lease moved = *std::move(lease);
  EXPECT_EQ(serializer.ActiveKeys(), 1u);
  KeyedSerializer::Lease other = *serializer.Acquire("j", absl::InfiniteFuture());
  other = std::move(moved);  // releases "j", now holds "k"
  EXPECT_EQ(serializer.ActiveKeys(), 1u);
  EXPECT_THAT(serializer.Acquire("k", absl::Now()), Not(IsOk()));
}

TEST(KeyedSerializerTest, AcquireAllHoldsEveryKeyOnce) {
  KeyedSerializer serializer;
  {
    absl::StatusOr<std::vector<KeyedSerializer::Lease>> leases =
        serializer.AcquireAll({"b", "a", "b", "c"}, absl::InfiniteFuture());
    ASSERT_THAT(leases, IsOk());
    EXPECT_EQ(leases->size(), 3u);  // the repeated "b" once
    EXPECT_EQ(serializer.ActiveKeys(), 3u);
    EXPECT_THAT(serializer.Acquire("c", absl::Now() + absl::Milliseconds(20)),
                StatusIs(absl::StatusCode::kDeadlineExceeded));
  }
  EXPECT_EQ(serializer.ActiveKeys(), 0u);
  EXPECT_THAT(serializer.AcquireAll({}, absl::Now()), IsOk());
}

// All or nothing: a key held elsewhere fails the batch at its deadline, and the keys the
// batch had taken before it are free again.
TEST(KeyedSerializerTest, AcquireAllReleasesWhatItTookOnTimeout) {
  KeyedSerializer serializer;
  absl::StatusOr<KeyedSerializer::Lease> held = serializer.Acquire("b", absl::InfiniteFuture());
  ASSERT_THAT(held, IsOk());
  EXPECT_THAT(serializer.AcquireAll({"c", "a", "b"}, absl::Now() + absl::Milliseconds(20)),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(serializer.ActiveKeys(), 1u);  // only "b", still held by its first holder
  EXPECT_THAT(serializer.Acquire("a", absl::Now()), IsOk());
}

// Two batches sharing keys listed in opposite orders both finish (sorted acquisition
// cannot deadlock), one after the other.
TEST(KeyedSerializerTest, AcquireAllBatchesWithSharedKeysDoNotDeadlock) {
  KeyedSerializer serializer;
  std::atomic<int> done{0};
  auto run = [&](std::vector<std::string> keys) {
    for (int i = 0; i < 200; ++i) {
      absl::StatusOr<std::vector<KeyedSerializer::Lease>> leases =
          serializer.AcquireAll(keys, absl::InfiniteFuture());
      EXPECT_THAT(leases, IsOk());
    }
    ++done;
  };
  std::thread forward(run, std::vector<std::string>{"a", "b", "c", "d"});
  std::thread backward(run, std::vector<std::string>{"d", "c", "b", "a"});
  forward.join();
  backward.join();
  EXPECT_EQ(done.load(), 2);
  EXPECT_EQ(serializer.ActiveKeys(), 0u);
}

// Many threads increment a plain counter per key under the lease: no update is lost and
// no two holders of one key ever overlap, while different keys run side by side.
TEST(KeyedSerializerTest, SerialisesConcurrentHoldersOfOneKey) {
  KeyedSerializer serializer;
  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  int counters[2] = {0, 0};
  std::atomic<int> inside[2] = {0, 0};
  std::atomic<bool> overlap{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const int key = t % 2;
      for (int round = 0; round < kRounds; ++round) {
        absl::StatusOr<KeyedSerializer::Lease> lease =
            serializer.Acquire(key == 0 ? "even" : "odd", absl::InfiniteFuture());
        if (!lease.ok()) return;
        if (inside[key].fetch_add(1) != 0) overlap = true;
        ++counters[key];
        inside[key].fetch_sub(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_EQ(counters[0], kThreads / 2 * kRounds);
  EXPECT_EQ(counters[1], kThreads / 2 * kRounds);
  EXPECT_EQ(serializer.ActiveKeys(), 0u);
}

TEST(KeyedSerializerTest, WaiterProceedsWhenTheHolderReleases) {
  KeyedSerializer serializer;
  auto lease =
      std::make_unique<KeyedSerializer::Lease>(*serializer.Acquire("k", absl::InfiniteFuture()));
  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    absl::StatusOr<KeyedSerializer::Lease> second =
        serializer.Acquire("k", absl::Now() + absl::Seconds(10));
    acquired = second.ok();
  });
  // Give the waiter a moment to block; it must not get in while the lease is held.
  absl::SleepFor(absl::Milliseconds(10));
  EXPECT_FALSE(acquired.load());
  lease.reset();
  waiter.join();
  EXPECT_TRUE(acquired.load());
  EXPECT_EQ(serializer.ActiveKeys(), 0u);
}

TEST(KeyedSerializerTest, KeysAreUnambiguousAndNormalised) {
  EXPECT_NE(MakeSerializationKey({"a:b", "c"}), MakeSerializationKey({"a", "b:c"}));
  EXPECT_EQ(MakeSerializationKey({"hp", "email", NormalizeLookupValue(" Alice@Example.com ")}),
            MakeSerializationKey({"hp", "email", "alice@example.com"}));
}

TEST(KeyedSerializerTest, LookupKeysEqualTheGeneralForm) {
  const std::string prefix = MakeSerializationKey({"mkto", "email"});
  for (const char* value : {" Alice@Example.COM\t", "", "  ", "ÄB é", "x;1:y", "plain"}) {
    EXPECT_EQ(MakeLookupKey(prefix, value),
              MakeSerializationKey({"mkto", "email", NormalizeLookupValue(value)}))
        << value;
  }
}

}  // namespace
}  // namespace leadgw::backends::common
