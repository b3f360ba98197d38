#include "upstream/coord/idempotency_records.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace leadgw::upstream::coord {
namespace {

// Answers of kBeginScript (its first element).
constexpr int64_t kBeganOwner = 0;
constexpr int64_t kBeganReplay = 1;
constexpr int64_t kBeganConflict = 2;
constexpr int64_t kBeganRunning = 3;

// KEYS: the record. ARGV: fingerprint, token, hold (ms).
// Returns {0} (created, ours), {1, result}, {2} (done, other fingerprint), {3} (running).
const RedisScript kBeginScript{"idempotency_begin", R"lua(
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  redis.call('HSET', KEYS[1], 'state', 'running', 'fp', ARGV[1], 'token', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {0}
end
if state == 'done' then
  if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] then
    return {1, redis.call('HGET', KEYS[1], 'result')}
  end
  return {2}
end
return {3}
)lua"};

// KEYS: the record. ARGV: token, fingerprint, result, ttl (ms).
// Writes only while the record is absent or ours: a record holding another token belongs
// to whoever took the key over after our marker expired.
const RedisScript kCompleteScript{"idempotency_complete", R"lua(
local token = redis.call('HGET', KEYS[1], 'token')
if token and token ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'done', 'fp', ARGV[2], 'token', ARGV[1], 'result', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
)lua"};

// KEYS: the record. ARGV: token. Compare-and-delete.
const RedisScript kAbandonScript{"idempotency_abandon", R"lua(
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua"};

absl::Status Malformed() {
  return absl::InternalError("redis: unexpected answer of the idempotency-record script");
}

int64_t PositiveMillis(absl::Duration d) {
  return std::max<int64_t>(absl::ToInt64Milliseconds(d), 1);
}

}  // namespace

IdempotencyRecords::IdempotencyRecords(std::shared_ptr<RedisClient> redis,
                                       IdempotencyRecordsOptions options)
    : redis_(std::move(redis)), options_(std::move(options)) {}

std::string IdempotencyRecords::RedisKey(absl::string_view key) const {
  // Keys may hold any byte; hex keeps redis-cli output readable (as key_locks does).
  return absl::StrCat(options_.key_prefix, ":idem:", absl::BytesToHexString(key));
}

absl::StatusOr<IdempotencyRecords::BeginResult> IdempotencyRecords::Begin(
    absl::string_view key, absl::string_view fingerprint, absl::Time deadline,
    absl::Time hold_until) {
  const std::string redis_key = RedisKey(key);
  const std::string token = absl::StrCat(options_.replica_id, ":", next_token_++);
  for (;;) {
    const std::string hold_ms = absl::StrCat(PositiveMillis(hold_until - absl::Now()));
    absl::StatusOr<RedisReply> reply =
        redis_->Eval(kBeginScript, {redis_key}, {std::string(fingerprint), token, hold_ms});
    if (!reply.ok()) return reply.status();
    if (reply->type != RedisReply::Type::kArray || reply->elements.empty() ||
        reply->elements[0].type != RedisReply::Type::kInteger) {
      return Malformed();
    }
    BeginResult result;
    switch (reply->elements[0].integer) {
      case kBeganOwner:
        result.outcome = Outcome::kOwner;
        result.token = token;
        return result;
      case kBeganReplay:
        if (reply->elements.size() < 2 || reply->elements[1].type != RedisReply::Type::kString) {
          return Malformed();
        }
        result.outcome = Outcome::kReplay;
        result.result = std::move(reply->elements[1].text);
        return result;
      case kBeganConflict:
        result.outcome = Outcome::kConflict;
        return result;
      case kBeganRunning:
        break;
      default:
        return Malformed();
    }
    // Another caller runs the request: ask again shortly, one last time at the deadline.
    const absl::Time now = absl::Now();
    if (now >= deadline) {
      return absl::DeadlineExceededError(
          "an earlier request with this idempotency-key is still running");
    }
    absl::SleepFor(std::min(options_.poll, deadline - now));
  }
}

absl::Status IdempotencyRecords::Complete(absl::string_view key, const std::string& token,
                                          absl::string_view fingerprint,
                                          absl::string_view result, absl::Duration ttl) {
  absl::StatusOr<RedisReply> reply =
      redis_->Eval(kCompleteScript, {RedisKey(key)},
                   {token, std::string(fingerprint), std::string(result),
                    absl::StrCat(PositiveMillis(ttl))});
  return reply.status();
}

void IdempotencyRecords::Abandon(absl::string_view key, const std::string& token) {
  (void)redis_->Eval(kAbandonScript, {RedisKey(key)}, {token});
}

}  // namespace leadgw::upstream::coord
