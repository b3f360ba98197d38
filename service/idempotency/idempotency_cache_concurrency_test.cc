// IdempotencyCache with several threads: duplicates waiting for a running owner, hand-over
// on abandon, deadlines, and stress runs meant for --config=tsan.
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/idempotency/idempotency_cache.h"
#include "testing/status_matchers.h"

namespace leadgw::service::idempotency {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

using Outcome = IdempotencyCache::Outcome;
using BeginResult = IdempotencyCache::BeginResult;
using AsyncBegin = std::future<absl::StatusOr<BeginResult>>;

constexpr char kScope[] = "/leadgateway.v1.LeadService/DeleteLeads/mkto";
// Upper bound for anything a test waits for; reached only when the code under test is broken.
constexpr absl::Duration kPatience = absl::Seconds(5);

AsyncBegin StartBegin(IdempotencyCache& cache, std::string key, uint64_t fingerprint,
                      absl::Time deadline = absl::Now() + kPatience) {
  return std::async(std::launch::async, [&cache, key = std::move(key), fingerprint, deadline] {
    return cache.Begin(kScope, key, fingerprint, deadline);
  });
}

bool IsReady(const AsyncBegin& future) {
  return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// Polls `done` (a few milliseconds apart) until it holds or kPatience passes.
template <typename Predicate>
bool Eventually(Predicate done) {
  const absl::Time give_up = absl::Now() + kPatience;
  while (!done()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

BeginResult MustBegin(IdempotencyCache& cache, absl::string_view key, uint64_t fingerprint) {
  absl::StatusOr<BeginResult> result = cache.Begin(kScope, key, fingerprint, absl::Now());
  EXPECT_THAT(result, IsOk());
  return result.ok() ? *std::move(result) : BeginResult{};
}

StoredResult Ok(std::string response) {
  return StoredResult{absl::OkStatus(), std::move(response)};
}

TEST(IdempotencyCacheConcurrencyTest, DuplicatesWaitForTheOwnerThenReplayOrConflict) {
  IdempotencyCache cache(CacheOptions{});
  BeginResult owner = MustBegin(cache, "key", 1);
  ASSERT_EQ(owner.outcome, Outcome::kOwner);
  std::vector<AsyncBegin> same;
  for (int i = 0; i < 2; ++i) same.push_back(StartBegin(cache, "key", 1));
  AsyncBegin different = StartBegin(cache, "key", 2);
  ASSERT_TRUE(Eventually([&] { return cache.stats().waiting == 3; }));
  for (const AsyncBegin& future : same) EXPECT_FALSE(IsReady(future));

  cache.Complete(std::move(owner.claim), Ok("written once"));
  for (AsyncBegin& future : same) {
    absl::StatusOr<BeginResult> result = future.get();
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->outcome, Outcome::kReplay);
    EXPECT_EQ(result->stored.response_bytes, "written once");
  }
  absl::StatusOr<BeginResult> conflict = different.get();
  ASSERT_THAT(conflict, IsOk());
  EXPECT_EQ(conflict->outcome, Outcome::kConflict);
  EXPECT_EQ(cache.stats().waiting, 0u);
  EXPECT_EQ(cache.stats().owners, 1u);
}

TEST(IdempotencyCacheConcurrencyTest, AbandonHandsOwnershipToExactlyOneWaiter) {
  IdempotencyCache cache(CacheOptions{});
  BeginResult owner = MustBegin(cache, "key", 1);
  std::vector<AsyncBegin> waiters;
  for (int i = 0; i < 3; ++i) waiters.push_back(StartBegin(cache, "key", 1));
  ASSERT_TRUE(Eventually([&] { return cache.stats().waiting == 3; }));

  cache.Abandon(std::move(owner.claim));
  int next = -1;
  ASSERT_TRUE(Eventually([&] {
    for (int i = 0; i < 3; ++i) {
      if (IsReady(waiters[i])) next = i;
    }
    return next >= 0;
  }));
  absl::StatusOr<BeginResult> next_owner = waiters[next].get();
  ASSERT_THAT(next_owner, IsOk());
  ASSERT_EQ(next_owner->outcome, Outcome::kOwner);
  EXPECT_TRUE(next_owner->claim.active());
  // The other two keep waiting for the new owner.
  EXPECT_EQ(cache.stats().waiting, 2u);
  absl::SleepFor(absl::Milliseconds(20));
  for (int i = 0; i < 3; ++i) {
    if (i != next) {
      EXPECT_FALSE(IsReady(waiters[i]));
    }
  }

  cache.Complete(std::move(next_owner->claim), Ok("second try"));
  for (int i = 0; i < 3; ++i) {
    if (i == next) continue;
    absl::StatusOr<BeginResult> result = waiters[i].get();
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->outcome, Outcome::kReplay);
    EXPECT_EQ(result->stored.response_bytes, "second try");
  }
  EXPECT_EQ(cache.stats().owners, 2u);
}

TEST(IdempotencyCacheConcurrencyTest, DestroyedClaimHandsOwnershipToAWaiter) {
  IdempotencyCache cache(CacheOptions{});
  auto owner = std::make_unique<BeginResult>(MustBegin(cache, "key", 1));
  AsyncBegin waiter = StartBegin(cache, "key", 1);
  ASSERT_TRUE(Eventually([&] { return cache.stats().waiting == 1; }));
  owner.reset();  // e.g. the handler returned early without Complete()
  absl::StatusOr<BeginResult> result = waiter.get();
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome, Outcome::kOwner);
}

TEST(IdempotencyCacheConcurrencyTest, WaiterGivesUpAtItsDeadline) {
  IdempotencyCache cache(CacheOptions{});
  BeginResult owner = MustBegin(cache, "key", 1);
  const absl::Time start = absl::Now();
  absl::StatusOr<BeginResult> waited =
      cache.Begin(kScope, "key", 1, start + absl::Milliseconds(50));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(50));
  EXPECT_THAT(waited, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(waited.status().message(),
            "an earlier request with this idempotency-key is still running");
  EXPECT_EQ(cache.stats().deadline_exceeded, 1u);
  EXPECT_EQ(cache.stats().waiting, 0u);
  // The owner is unaffected and its result is replayed afterwards.
  cache.Complete(std::move(owner.claim), Ok("done"));
  EXPECT_EQ(MustBegin(cache, "key", 1).stored.response_bytes, "done");
}

TEST(IdempotencyCacheConcurrencyTest, WaitersGetAResultTooLargeToRetain) {
  CacheOptions options;
  options.max_bytes = 100;
  IdempotencyCache cache(options);
  BeginResult owner = MustBegin(cache, "key", 1);
  AsyncBegin waiter = StartBegin(cache, "key", 1);
  ASSERT_TRUE(Eventually([&] { return cache.stats().waiting == 1; }));
  const std::string huge(1000, 'x');
  cache.Complete(std::move(owner.claim), Ok(huge));
  absl::StatusOr<BeginResult> result = waiter.get();
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome, Outcome::kReplay);
  EXPECT_EQ(result->stored.response_bytes, huge);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(MustBegin(cache, "key", 1).outcome, Outcome::kOwner);  // not kept for later
}

// Threads hammer a few keys with mostly the same request and sometimes a different one;
// every owner completes. Each key must have had exactly one owner, and every replay must
// carry the result of a request with the caller's own fingerprint.
TEST(IdempotencyCacheConcurrencyTest, StressEveryKeyRunsOnceWhenOwnersComplete) {
  constexpr int kThreads = 16;
  constexpr int kIterations = 150;
  constexpr int kKeys = 24;
  IdempotencyCache cache(CacheOptions{});
  std::vector<std::atomic<int>> runs(kKeys);
  std::atomic<int> errors{0};
  std::atomic<int> wrong_replays{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int i = 0; i < kIterations; ++i) {
        const int key = static_cast<int>(rng() % kKeys);
        const uint64_t fingerprint = rng() % 10 == 0 ? 2 : 1;
        absl::StatusOr<BeginResult> begin =
            cache.Begin(kScope, absl::StrCat("k", key), fingerprint, absl::Now() + kPatience);
        if (!begin.ok()) {
          ++errors;
          continue;
        }
        const std::string expected = absl::StrCat("r", key, "/", fingerprint);
        switch (begin->outcome) {
          case Outcome::kOwner:
            ++runs[key];
            absl::SleepFor(absl::Milliseconds(2));  // let duplicates pile up behind the owner
            cache.Complete(std::move(begin->claim), Ok(expected));
            break;
          case Outcome::kReplay:
            if (begin->stored.response_bytes != expected) ++wrong_replays;
            break;
          case Outcome::kConflict:
            break;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wrong_replays.load(), 0);
  for (int key = 0; key < kKeys; ++key) EXPECT_EQ(runs[key].load(), 1) << "key " << key;
  const CacheStats stats = cache.stats();
  EXPECT_EQ(stats.owners, static_cast<uint64_t>(kKeys));
  EXPECT_EQ(stats.owners + stats.replays + stats.conflicts,
            static_cast<uint64_t>(kThreads * kIterations));
  EXPECT_GT(stats.waits, 0u);  // 16 threads on 24 keys: some met a running owner
  EXPECT_EQ(stats.waiting, 0u);
  EXPECT_EQ(stats.in_flight, 0u);
  EXPECT_EQ(cache.size(), static_cast<size_t>(kKeys));
}

// Owners abandon at random, results are evicted (tiny max_entries) and expire (a clock that
// ticks on every call): no two owners of one key ever overlap, nothing deadlocks, and the
// bounds hold at the end.
TEST(IdempotencyCacheConcurrencyTest, StressWithAbandonsEvictionAndExpiry) {
  constexpr int kThreads = 16;
  constexpr int kIterations = 150;
  constexpr int kKeys = 12;
  std::atomic<int64_t> ticks{0};
  CacheOptions options;
  options.max_entries = 4;
  options.max_bytes = 160;               // about three results of ~55 bytes
  options.ttl = absl::Milliseconds(30);  // of ticks: one tick per clock call
  options.now = [&ticks] { return absl::UnixEpoch() + absl::Milliseconds(ticks++); };
  IdempotencyCache cache(options);
  std::vector<std::atomic<int>> inside(kKeys);
  std::atomic<bool> overlap{false};
  std::atomic<int> errors{0};
  std::atomic<int> wrong_replays{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(100 + t);
      for (int i = 0; i < kIterations; ++i) {
        const int key = static_cast<int>(rng() % kKeys);
        const uint64_t fingerprint = rng() % 4 == 0 ? 2 : 1;
        absl::StatusOr<BeginResult> begin =
            cache.Begin(kScope, absl::StrCat("k", key), fingerprint, absl::Now() + kPatience);
        if (!begin.ok()) {
          ++errors;
          continue;
        }
        const std::string expected = absl::StrCat("r", key, "/", fingerprint);
        if (begin->outcome == Outcome::kReplay && begin->stored.response_bytes != expected) {
          ++wrong_replays;
        }
        if (begin->outcome != Outcome::kOwner) continue;
        if (inside[key].fetch_add(1) != 0) overlap = true;
        std::this_thread::yield();
        inside[key].fetch_sub(1);
        if (rng() % 3 == 0) {
          cache.Abandon(std::move(begin->claim));
        } else if (rng() % 3 == 0) {
          begin->claim = IdempotencyCache::Claim();  // dropped: abandons
        } else {
          cache.Complete(std::move(begin->claim), Ok(expected));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wrong_replays.load(), 0);
  const CacheStats stats = cache.stats();
  EXPECT_EQ(stats.waiting, 0u);
  EXPECT_EQ(stats.in_flight, 0u);
  EXPECT_GT(stats.evictions, 0u);
  EXPECT_GT(stats.expirations, 0u);
  EXPECT_LE(cache.size(), options.max_entries);
  EXPECT_LE(cache.bytes(), options.max_bytes);
}

}  // namespace
}  // namespace leadgw::service::idempotency
