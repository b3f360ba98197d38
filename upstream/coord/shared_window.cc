#include "upstream/coord/shared_window.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace leadgw::upstream::coord {
namespace {

// The share of the window the fleet has learnt from rate-limit answers, in the hash at
// `key` {limit, decreased_at, blocked_until}: the limit set at the last decrease, regrown by
// max(1, configured / 20) per span after the first (the pause), as LearnedLimit does in
// one process. Returns the limit now, the last decrease (nil: none) and the hold-off end.
constexpr char kLearntLua[] = R"lua(
local function learnt(key, configured, span, now)
  local kept = redis.call('HMGET', key, 'limit', 'decreased_at', 'blocked_until')
  local blocked = tonumber(kept[3]) or 0
  if not kept[1] then return configured, nil, blocked end
  local limit = tonumber(kept[1])
  local at = tonumber(kept[2])
  local quiet = math.floor((now - at) / span) - 1
  if quiet > 0 then
    limit = math.min(configured, limit + quiet * math.max(1, math.floor(configured / 20)))
  end
  return limit, at, blocked
end
)lua";

// KEYS: open, ended, day, learnt. ARGV: window limit, span (µs), lease (µs), call id, max
// open, daily limit, day offset (s), unrecorded calls, day calls at least, configured
// window limit.
// Returns {admitted, wait µs, day calls, hold}: hold 0 when admitted, 1 window, 2
// concurrency, 3 daily; wait -1 when only open calls hold the slots. Times are µs of
// Redis's clock (exact in a double).
const RedisScript kOpenScript{absl::StrCat(kLearntLua, R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local max_open = tonumber(ARGV[5])
local daily = tonumber(ARGV[6])
local offset = tonumber(ARGV[7])
local day_calls = 0
if daily > 0 then
  local day = math.floor((math.floor(now / 1000000) + offset) / 86400)
  local kept = redis.call('HMGET', KEYS[3], 'day', 'calls')
  if tonumber(kept[1]) == day then day_calls = tonumber(kept[2]) end
  day_calls = math.max(day_calls + tonumber(ARGV[8]), tonumber(ARGV[9]))
  redis.call('HSET', KEYS[3], 'day', day, 'calls', day_calls)
  redis.call('PEXPIRE', KEYS[3], 172800000)
  if day_calls >= daily then
    return {0, ((day + 1) * 86400 - offset) * 1000000 - now, day_calls, 3}
  end
end
local shared, _, blocked = learnt(KEYS[4], tonumber(ARGV[10]), span, now)
if blocked > now then return {0, blocked - now, day_calls, 1} end
limit = math.min(limit, shared)
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES')
for i = 1, #lapsed, 2 do
  redis.call('ZADD', KEYS[2], lapsed[i + 1], lapsed[i])
  redis.call('ZREM', KEYS[1], lapsed[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - span)
local open = redis.call('ZCARD', KEYS[1])
local ended = redis.call('ZCARD', KEYS[2])
local ttl = math.ceil((span + lease) / 1000)
if open + ended >= limit then
  local leaving = open + ended - limit
  if leaving < ended then
    local entry = redis.call('ZRANGE', KEYS[2], leaving, leaving, 'WITHSCORES')
    return {0, tonumber(entry[2]) + span - now, day_calls, 1}
  end
  return {0, -1, day_calls, 1}
end
if max_open > 0 and open >= max_open then return {0, -1, day_calls, 2} end
redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
if daily > 0 then
  day_calls = redis.call('HINCRBY', KEYS[3], 'calls', 1)
end
return {1, 0, day_calls, 0}
)lua")};

// KEYS: learnt. ARGV: configured window limit, span (µs), pause (µs).
// Halves the fleet's limit (at most once per span) and holds every admission off for the
// pause. Returns {limit, hold-off µs}.
const RedisScript kRateLimitedScript{absl::StrCat(kLearntLua, R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local configured = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
local limit, at, blocked = learnt(KEYS[1], configured, span, now)
blocked = math.max(blocked, now + tonumber(ARGV[3]))
if not at or now - at >= span then
  limit = math.max(1, math.floor(limit / 2))
  redis.call('HSET', KEYS[1], 'limit', limit, 'decreased_at', now)
end
redis.call('HSET', KEYS[1], 'blocked_until', blocked)
local step = math.max(1, math.floor(configured / 20))
local regrown_in = (math.ceil((configured - limit) / step) + 2) * span
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(regrown_in, blocked - now) / 1000))
return {limit, blocked - now}
)lua")};

// KEYS: open, ended. ARGV: call id, span (µs), lease (µs).
const RedisScript kCloseScript{R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local ttl = math.ceil((tonumber(ARGV[2]) + tonumber(ARGV[3])) / 1000)
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], now, ARGV[1])
else
  redis.call('ZADD', KEYS[2], 'XX', 'GT', now, ARGV[1])
end
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
)lua"};

std::string Micros(absl::Duration d) { return absl::StrCat(absl::ToInt64Microseconds(d)); }

absl::Status Malformed() {
  return absl::InternalError("redis: unexpected answer of the shared-window script");
}

}  // namespace

SharedWindow::SharedWindow(std::shared_ptr<RedisClient> redis, SharedWindowOptions options)
    : redis_(std::move(redis)),
      options_(std::move(options)),
      open_key_(absl::StrCat(options_.key_prefix, ":{", options_.connection, "}:open")),
      ended_key_(absl::StrCat(options_.key_prefix, ":{", options_.connection, "}:ended")),
      day_key_(absl::StrCat(options_.key_prefix, ":{", options_.connection, "}:day")),
      learnt_key_(absl::StrCat(options_.key_prefix, ":{", options_.connection, "}:learnt")) {}

absl::StatusOr<Admission> SharedWindow::TryOpen(const FleetLimits& limits) {
  const std::string call_id = absl::StrCat(options_.replica_id, ":", next_call_++);
  absl::StatusOr<RedisReply> reply = redis_->Eval(
      kOpenScript, {open_key_, ended_key_, day_key_, learnt_key_},
      {absl::StrCat(limits.window_limit), Micros(options_.span), Micros(options_.lease), call_id,
       absl::StrCat(std::max(limits.max_open, 0)), absl::StrCat(std::max(limits.daily_limit, 0)),
       absl::StrCat(absl::ToInt64Seconds(options_.day_start_utc_offset)),
       absl::StrCat(std::max<int64_t>(limits.unrecorded_calls, 0)),
       absl::StrCat(std::max<int64_t>(limits.day_calls_at_least, 0)),
       absl::StrCat(std::max(limits.configured_window_limit, limits.window_limit))});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 4) return Malformed();
  Admission admission;
  admission.admitted = reply->elements[0].integer == 1;
  admission.day_calls = reply->elements[2].integer;
  if (admission.admitted) {
    admission.call_id = call_id;
    return admission;
  }
  switch (reply->elements[3].integer) {
    case 2:
      admission.held_by = FleetHold::kConcurrency;
      break;
    case 3:
      admission.held_by = FleetHold::kDaily;
      break;
    default:
      admission.held_by = FleetHold::kWindow;
      break;
  }
  const int64_t wait = reply->elements[1].integer;
  admission.retry_in =
      wait < 0 ? absl::InfiniteDuration() : absl::Microseconds(std::max<int64_t>(wait, 0));
  return admission;
}

absl::StatusOr<SharedWindow::Learnt> SharedWindow::NoteRateLimited(int configured_limit,
                                                                     absl::Duration pause) {
  absl::StatusOr<RedisReply> reply =
      redis_->Eval(kRateLimitedScript, {learnt_key_},
                   {absl::StrCat(configured_limit), Micros(options_.span), Micros(pause)});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 2) return Malformed();
  Learnt learnt;
  learnt.limit = static_cast<int>(reply->elements[0].integer);
  learnt.hold_off = absl::Microseconds(std::max<int64_t>(reply->elements[1].integer, 0));
  return learnt;
}

absl::Status SharedWindow::Close(const std::string& call_id) {
  return redis_
      ->Eval(kCloseScript, {open_key_, ended_key_},
             {call_id, Micros(options_.span), Micros(options_.lease)})
      .status();
}

}  // namespace leadgw::upstream::coord
