// Single-threaded semantics of IdempotencyCache: replay, conflict, TTL, bounds, claims.
// Waiting and concurrency are in idempotency_cache_concurrency_test.cc.
#include "service/idempotency/idempotency_cache.h"

#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::service::idempotency {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

using Outcome = IdempotencyCache::Outcome;
using BeginResult = IdempotencyCache::BeginResult;

constexpr char kScope[] = "/leadgateway.v1.LeadService/UpsertLeads/mkto";

// A cache whose TTL clock the test moves by hand.
struct FakeClock {
  absl::Time now = absl::FromUnixSeconds(1700000000);
  CacheOptions Options() {
    CacheOptions options;
    options.now = [this] { return now; };
    return options;
  }
};

// Begins without waiting: no test here has a duplicate in flight unless it says so.
BeginResult MustBegin(IdempotencyCache& cache, absl::string_view key, uint64_t fingerprint,
                      absl::string_view scope = kScope) {
  absl::StatusOr<BeginResult> result = cache.Begin(scope, key, fingerprint, absl::Now());
  EXPECT_THAT(result, IsOk());
  return result.ok() ? *std::move(result) : BeginResult{};
}

StoredResult Ok(std::string response) {
  return StoredResult{absl::OkStatus(), std::move(response)};
}

// Runs the owner path for `key` and completes it with `result`.
void Store(IdempotencyCache& cache, absl::string_view key, uint64_t fingerprint,
           StoredResult result) {
  BeginResult begin = MustBegin(cache, key, fingerprint);
  ASSERT_EQ(begin.outcome, Outcome::kOwner);
  cache.Complete(std::move(begin.claim), std::move(result));
}

TEST(IdempotencyCacheTest, OwnerCompletesThenDuplicateReplays) {
  FakeClock clock;
  IdempotencyCache cache(clock.Options());
  BeginResult first = MustBegin(cache, "key-1", 7);
  ASSERT_EQ(first.outcome, Outcome::kOwner);
  EXPECT_TRUE(first.claim.active());
  EXPECT_EQ(cache.size(), 0u);  // in flight: nothing stored yet
  EXPECT_EQ(cache.stats().in_flight, 1u);
  cache.Complete(std::move(first.claim), Ok("response"));
  EXPECT_FALSE(first.claim.active());
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), ChargeOf(kScope, "key-1", Ok("response")));
  EXPECT_EQ(cache.stats().in_flight, 0u);

  for (int i = 0; i < 2; ++i) {
    BeginResult again = MustBegin(cache, "key-1", 7);
    EXPECT_EQ(again.outcome, Outcome::kReplay);
    EXPECT_FALSE(again.claim.active());
    EXPECT_THAT(again.stored.status, IsOk());
    EXPECT_EQ(again.stored.response_bytes, "response");
  }
  const CacheStats stats = cache.stats();
  EXPECT_EQ(stats.owners, 1u);
  EXPECT_EQ(stats.replays, 2u);
}

TEST(IdempotencyCacheTest, ScopesAndKeysAreSeparateKeySpaces) {
  IdempotencyCache cache(CacheOptions{});
  Store(cache, "k", 1, Ok("a"));
  EXPECT_EQ(MustBegin(cache, "k", 1, "other-method/mkto").outcome, Outcome::kOwner);
  EXPECT_EQ(MustBegin(cache, "k2", 1).outcome, Outcome::kOwner);
  // The length prefix keeps ("ab", "c") and ("a", "bc") apart.
  IdempotencyCache split(CacheOptions{});
  BeginResult ab = MustBegin(split, "c", 1, "ab");
  split.Complete(std::move(ab.claim), Ok("ab/c"));
  EXPECT_EQ(MustBegin(split, "bc", 1, "a").outcome, Outcome::kOwner);
}

TEST(IdempotencyCacheTest, DifferentFingerprintConflicts) {
  IdempotencyCache cache(CacheOptions{});
  Store(cache, "key", 1, Ok("first"));
  BeginResult other = MustBegin(cache, "key", 2);
  EXPECT_EQ(other.outcome, Outcome::kConflict);
  EXPECT_FALSE(other.claim.active());
  EXPECT_TRUE(other.stored.response_bytes.empty());  // nothing of the first result leaks
  EXPECT_EQ(cache.stats().conflicts, 1u);
  // The stored result is untouched by the conflict.
  EXPECT_EQ(MustBegin(cache, "key", 1).stored.response_bytes, "first");

  const absl::Status error = KeyReusedError();
  EXPECT_THAT(error, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(error.message(), "idempotency-key reused with a different request");
}

TEST(IdempotencyCacheTest, FingerprintOfDependsOnTheBytes) {
  EXPECT_EQ(FingerprintOf("request"), FingerprintOf(std::string("request")));
  EXPECT_NE(FingerprintOf("request-a"), FingerprintOf("request-b"));
}

TEST(IdempotencyCacheTest, ResultsExpireAfterTheTtl) {
  FakeClock clock;
  CacheOptions options = clock.Options();
  options.ttl = absl::Minutes(10);
  IdempotencyCache cache(options);
  Store(cache, "key", 1, Ok("first"));
  Store(cache, "later", 1, Ok("second"));  // completed 1 minute later
  clock.now += absl::Minutes(1);
  Store(cache, "latest", 1, Ok("third"));

  clock.now += absl::Minutes(9) - absl::Nanoseconds(1);
  EXPECT_EQ(MustBegin(cache, "key", 1).outcome, Outcome::kReplay);
  EXPECT_EQ(MustBegin(cache, "key", 2).outcome, Outcome::kConflict);
  EXPECT_EQ(cache.size(), 3u);

  clock.now += absl::Nanoseconds(1);  // exactly ttl after the first two
  // Expired results are purged on any Begin, not only on their own key's.
  EXPECT_EQ(MustBegin(cache, "unrelated", 1).outcome, Outcome::kOwner);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), ChargeOf(kScope, "latest", Ok("third")));
  EXPECT_EQ(cache.stats().expirations, 2u);
  // After expiry the key is free, even for a different request.
  BeginResult reused = MustBegin(cache, "key", 2);
  EXPECT_EQ(reused.outcome, Outcome::kOwner);
  cache.Complete(std::move(reused.claim), Ok("new"));
  EXPECT_EQ(MustBegin(cache, "key", 2).stored.response_bytes, "new");
  EXPECT_EQ(MustBegin(cache, "latest", 1).outcome, Outcome::kReplay);
}

TEST(IdempotencyCacheTest, ExpiredResultIsIgnoredEvenIfTheClockWentBackwards) {
  FakeClock clock;
  IdempotencyCache cache(clock.Options());
  Store(cache, "a", 1, Ok("a"));
  clock.now -= absl::Hours(1);
  Store(cache, "b", 1, Ok("b"));  // expires an hour before "a": out of expiry order
  clock.now += absl::Hours(1) + absl::Minutes(10);
  EXPECT_EQ(MustBegin(cache, "b", 1).outcome, Outcome::kOwner);
  EXPECT_EQ(MustBegin(cache, "a", 1).outcome, Outcome::kOwner);
}

TEST(IdempotencyCacheTest, EvictsLeastRecentlyUsedBeyondMaxEntries) {
  CacheOptions options;
  options.max_entries = 2;
  IdempotencyCache cache(options);
  Store(cache, "a", 1, Ok("a"));
  Store(cache, "b", 1, Ok("b"));
  EXPECT_EQ(MustBegin(cache, "a", 1).outcome, Outcome::kReplay);  // "a" is now the newest
  Store(cache, "c", 1, Ok("c"));                                  // evicts "b"
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_EQ(cache.bytes(), ChargeOf(kScope, "a", Ok("a")) + ChargeOf(kScope, "c", Ok("c")));
  EXPECT_EQ(MustBegin(cache, "a", 1).outcome, Outcome::kReplay);
  EXPECT_EQ(MustBegin(cache, "c", 1).outcome, Outcome::kReplay);
  EXPECT_EQ(MustBegin(cache, "b", 1).outcome, Outcome::kOwner);
}

TEST(IdempotencyCacheTest, EvictsLeastRecentlyUsedBeyondMaxBytes) {
  const StoredResult big = Ok(std::string(400, 'x'));
  const size_t charge = ChargeOf(kScope, "a", big);
  CacheOptions options;
  options.max_bytes = 2 * charge + 10;  // room for two, not three
  IdempotencyCache cache(options);
  Store(cache, "a", 1, big);
  Store(cache, "b", 1, big);
  EXPECT_EQ(cache.bytes(), 2 * charge);
  EXPECT_EQ(MustBegin(cache, "a", 1).outcome, Outcome::kReplay);
  Store(cache, "c", 1, big);  // evicts "b", the least recently used
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.bytes(), 2 * charge);
  EXPECT_EQ(MustBegin(cache, "b", 1).outcome, Outcome::kOwner);
  EXPECT_EQ(MustBegin(cache, "a", 1).outcome, Outcome::kReplay);

  // Even a small result needs room: the least recently used big one makes way.
  Store(cache, "d", 1, Ok(std::string(20, 'y')));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_LE(cache.bytes(), options.max_bytes);
  EXPECT_EQ(MustBegin(cache, "c", 1).outcome, Outcome::kOwner);  // was least recently used
}

TEST(IdempotencyCacheTest, ResultLargerThanMaxBytesIsNotRetained) {
  CacheOptions options;
  options.max_bytes = 100;
  IdempotencyCache cache(options);
  Store(cache, "small", 1, Ok("s"));
  Store(cache, "huge", 1, Ok(std::string(101, 'x')));
  EXPECT_EQ(cache.stats().not_retained, 1u);
  EXPECT_EQ(cache.stats().evictions, 0u);  // the results already held stay
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(MustBegin(cache, "small", 1).outcome, Outcome::kReplay);
  EXPECT_EQ(MustBegin(cache, "huge", 1).outcome, Outcome::kOwner);  // runs again
}

TEST(IdempotencyCacheTest, InFlightClaimsAreNeverEvicted) {
  CacheOptions options;
  options.max_entries = 1;
  IdempotencyCache cache(options);
  BeginResult running = MustBegin(cache, "running", 1);
  ASSERT_EQ(running.outcome, Outcome::kOwner);
  Store(cache, "b", 1, Ok("b"));
  Store(cache, "c", 1, Ok("c"));
  EXPECT_EQ(cache.size(), 1u);
  // Still owned: a duplicate with no time to wait is told so.
  absl::StatusOr<BeginResult> duplicate = cache.Begin(kScope, "running", 1, absl::Now());
  EXPECT_THAT(duplicate, StatusIs(absl::StatusCode::kDeadlineExceeded));
  cache.Complete(std::move(running.claim), Ok("done"));
  EXPECT_EQ(MustBegin(cache, "running", 1).stored.response_bytes, "done");
  EXPECT_EQ(MustBegin(cache, "c", 1).outcome, Outcome::kOwner);  // evicted for "running"
}

TEST(IdempotencyCacheTest, AbandonFreesTheKey) {
  IdempotencyCache cache(CacheOptions{});
  BeginResult first = MustBegin(cache, "key", 1);
  cache.Abandon(std::move(first.claim));
  EXPECT_FALSE(first.claim.active());
  // Nothing was stored, so even a different request may now own the key.
  BeginResult second = MustBegin(cache, "key", 2);
  EXPECT_EQ(second.outcome, Outcome::kOwner);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(IdempotencyCacheTest, DestroyingOrOverwritingAClaimAbandonsIt) {
  IdempotencyCache cache(CacheOptions{});
  { BeginResult dropped = MustBegin(cache, "key", 1); }
  EXPECT_EQ(cache.stats().in_flight, 0u);
  BeginResult owner = MustBegin(cache, "key", 1);
  EXPECT_EQ(owner.outcome, Outcome::kOwner);

  // A moved-from claim is inactive and abandons nothing; assigning over an active claim
  // abandons the one it held.
  IdempotencyCache::Claim moved = std::move(owner.claim);
  EXPECT_FALSE(owner.claim.active());
  EXPECT_TRUE(moved.active());
  BeginResult other = MustBegin(cache, "other", 1);
  moved = std::move(other.claim);  // abandons "key", now owns "other"
  EXPECT_EQ(MustBegin(cache, "key", 1).outcome, Outcome::kOwner);  // (and abandons again)
  cache.Complete(std::move(moved), Ok("other"));
  EXPECT_EQ(MustBegin(cache, "other", 1).stored.response_bytes, "other");
  // Completing an inactive claim is a no-op.
  cache.Complete(IdempotencyCache::Claim(), Ok("ignored"));
  cache.Abandon(IdempotencyCache::Claim());
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.stats().in_flight, 0u);

  // A claim handed to the wrong cache still finishes its own key.
  IdempotencyCache elsewhere(CacheOptions{});
  BeginResult foreign = MustBegin(elsewhere, "key", 1);
  cache.Complete(std::move(foreign.claim), Ok("foreign"));
  EXPECT_EQ(MustBegin(elsewhere, "key", 1).stored.response_bytes, "foreign");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(IdempotencyCacheTest, ErrorStatusIsReplayedWithMessageAndPayloads) {
  IdempotencyCache cache(CacheOptions{});
  absl::Status error = absl::FailedPreconditionError("partition does not exist");
  error.SetPayload("type.googleapis.com/google.rpc.ErrorInfo", absl::Cord("reason-bytes"));
  Store(cache, "key", 1, StoredResult{error, ""});
  EXPECT_EQ(cache.bytes(), ChargeOf(kScope, "key", StoredResult{error, ""}));
  EXPECT_EQ(cache.bytes(), std::string(kScope).size() + 3 + 24 + 40 + 12);

  BeginResult replay = MustBegin(cache, "key", 1);
  ASSERT_EQ(replay.outcome, Outcome::kReplay);
  EXPECT_EQ(replay.stored.status, error);  // operator== compares payloads too
  EXPECT_THAT(replay.stored.status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(replay.stored.status.message(), "partition does not exist");
  absl::optional<absl::Cord> payload =
      replay.stored.status.GetPayload("type.googleapis.com/google.rpc.ErrorInfo");
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(std::string(*payload), "reason-bytes");
}

TEST(IdempotencyCacheTest, ZeroTtlOrZeroEntriesRetainNothing) {
  CacheOptions no_ttl;
  no_ttl.ttl = absl::ZeroDuration();
  CacheOptions no_entries;
  no_entries.max_entries = 0;
  for (const CacheOptions& options : {no_ttl, no_entries}) {
    IdempotencyCache cache(options);
    Store(cache, "key", 1, Ok("r"));
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
    EXPECT_EQ(MustBegin(cache, "key", 1).outcome, Outcome::kOwner);
  }
}

}  // namespace
}  // namespace leadgw::service::idempotency
