#include "upstream/coord/shared_window.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"

namespace leadgw::upstream::coord {
namespace {

// The share of the window the fleet has learnt from rate-limit answers, in the hash at
// `key` {limit, decreased_at, blocked_until}: the limit set at the last decrease, regrown by
// max(1, configured / 20) per span after the first (the pause), as LearnedLimit does in
// one process. Returns the limit now, the last decrease (nil: none), the hold-off end and
// how many times rate-limit answers voided the tickets.
constexpr char kLearntLua[] = R"lua(
local function learnt(key, configured, span, now)
  local kept = redis.call('HMGET', key, 'limit', 'decreased_at', 'blocked_until', 'voided')
  local blocked = tonumber(kept[3]) or 0
  local voided = tonumber(kept[4]) or 0
  if not kept[1] then return configured, nil, blocked, voided end
  local limit = tonumber(kept[1])
  local at = tonumber(kept[2])
  local quiet = math.floor((now - at) / span) - 1
  if quiet > 0 then
    limit = math.min(configured, limit + quiet * math.max(1, math.floor(configured / 20)))
  end
  return limit, at, blocked, voided
end
)lua";

// KEYS: open, ended, day, learnt, reserved. ARGV: window limit, span (µs), lease (µs), call
// id, max open, daily limit, day offset (s), unrecorded calls, day calls at least,
// configured window limit, max wait (µs; -1: no ticket), ticket to claim ('' none),
// reserve only (1: a ticket even when a slot is free now), ticket grace (µs).
// Returns {admitted, wait µs, day calls, hold, id, voided}: hold 0 when admitted, 1 window, 2
// concurrency, 3 daily; a negative wait is a lower bound (an open call's or a ticket's
// departure frees the slot; -1: the concurrency cap, no bound known); id: the call opened,
// or the ticket
// held; voided: how often tickets were voided (-1: not read). Times are µs of Redis's clock
// (exact in a double).
const RedisScript kOpenScript{"window_admit", absl::StrCat(kLearntLua, R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local max_open = tonumber(ARGV[5])
local daily = tonumber(ARGV[6])
local offset = tonumber(ARGV[7])
local max_wait = tonumber(ARGV[11])
local claim = ARGV[12]
local day_calls = 0
if daily > 0 then
  local day = math.floor((math.floor(now / 1000000) + offset) / 86400)
  local kept = redis.call('HMGET', KEYS[3], 'day', 'calls')
  if tonumber(kept[1]) == day then day_calls = tonumber(kept[2]) end
  day_calls = math.max(day_calls + tonumber(ARGV[8]), tonumber(ARGV[9]))
  redis.call('HSET', KEYS[3], 'day', day, 'calls', day_calls)
  redis.call('PEXPIRE', KEYS[3], 172800000)
  if day_calls >= daily then
    return {0, ((day + 1) * 86400 - offset) * 1000000 - now, day_calls, 3, '', -1}
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - tonumber(ARGV[14]))
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES')
for i = 1, #lapsed, 2 do
  redis.call('ZADD', KEYS[2], lapsed[i + 1], lapsed[i])
  redis.call('ZREM', KEYS[1], lapsed[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - span)
local open = redis.call('ZCARD', KEYS[1])
local ended = redis.call('ZCARD', KEYS[2])
local reserved = redis.call('ZCARD', KEYS[5])
local ttl = math.ceil((span + lease) / 1000)
local function admit(id)
  redis.call('ZADD', KEYS[1], now + lease, id)
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  if daily > 0 then day_calls = redis.call('HINCRBY', KEYS[3], 'calls', 1) end
  return id
end
local shared, _, blocked, voided = learnt(KEYS[4], tonumber(ARGV[10]), span, now)
limit = math.min(limit, shared)
local function answer(admitted, wait, hold, id)
  return {admitted, wait, day_calls, hold, id, voided}
end
if claim ~= '' then
  local at = redis.call('ZSCORE', KEYS[5], claim)
  if at then
    -- The ticket's slot, unless a rate-limit answer paused the fleet since, or lowered the
    -- limit under the calls already in the window: then it moves on, keeping its place.
    local due = math.max(tonumber(at), blocked)
    if open + ended >= limit then
      if open < limit then
        local entry = redis.call('ZRANGE', KEYS[2], open + ended - limit, open + ended - limit,
                                 'WITHSCORES')
        due = math.max(due, tonumber(entry[2]) + span)
      else
        due = math.max(due, now + span)
      end
    end
    -- A little early by Redis's clock is the round trip, not a jump of the queue.
    if due > now + 5000 then
      redis.call('ZADD', KEYS[5], 'XX', due, claim)
      return answer(0, due - now, 1, claim)
    end
    if max_open > 0 and open >= max_open then return answer(0, -1, 2, claim) end
    redis.call('ZREM', KEYS[5], claim)
    return answer(1, 0, 0, admit(claim))
  end
end
-- Tickets hold their future slots: a newcomer queues behind them. Its slot frees a span
-- after the (occupied - limit + 1)-th departure: ended calls left at their end, open calls
-- and tickets no earlier than now or their slot (then the slot is a lower bound).
local occupied = open + ended + reserved
local slot = now
local exact = true
if occupied >= limit then
  local departures = {}
  local function add(at, known) departures[#departures + 1] = {at + span, known} end
  local kept = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  for i = 2, #kept, 2 do add(tonumber(kept[i]), true) end
  for _ = 1, open do add(now, false) end
  kept = redis.call('ZRANGE', KEYS[5], 0, -1, 'WITHSCORES')
  for i = 2, #kept, 2 do add(tonumber(kept[i]), false) end
  table.sort(departures, function(x, y) return x[1] < y[1] end)
  slot = departures[occupied - limit + 1][1]
  exact = departures[occupied - limit + 1][2]
end
if blocked > slot then
  slot = blocked
  exact = true
end
if slot <= now and ARGV[13] ~= '1' then
  if max_open > 0 and open >= max_open then return answer(0, -1, 2, '') end
  return answer(1, 0, 0, admit(ARGV[4]))
end
local wait = slot - now
if not exact then wait = -math.max(wait, 2) end
if max_wait >= 0 and slot - now <= max_wait then
  redis.call('ZADD', KEYS[5], slot, ARGV[4])
  redis.call('PEXPIRE', KEYS[5], math.ceil((slot - now + span + lease) / 1000))
  return answer(0, wait, 1, ARGV[4])
end
return answer(0, wait, 1, '')
)lua")};

// KEYS: learnt, reserved. ARGV: configured window limit, span (µs), pause (µs).
// Halves the fleet's limit (at most once per span) and holds every admission off for the
// pause. Tickets given before are void (counted in 'voided', which every admission
// answers, so each replica learns it): their holders ask again. Returns {limit, hold-off
// µs, voided}.
const RedisScript kRateLimitedScript{"window_rate_limited", absl::StrCat(kLearntLua, R"lua(
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
redis.call('DEL', KEYS[2])
local voided = redis.call('HINCRBY', KEYS[1], 'voided', 1)
local step = math.max(1, math.floor(configured / 20))
local regrown_in = (math.ceil((configured - limit) / step) + 2) * span
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(regrown_in, blocked - now) / 1000))
return {limit, blocked - now, voided}
)lua")};

// KEYS: open, ended. ARGV: call id, span (µs), lease (µs).
const RedisScript kCloseScript{"window_close", R"lua(
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
      learnt_key_(absl::StrCat(options_.key_prefix, ":{", options_.connection, "}:learnt")),
      reserved_key_(
          absl::StrCat(options_.key_prefix, ":{", options_.connection, "}:reserved")) {}

absl::StatusOr<Admission> SharedWindow::TryOpen(const FleetLimits& limits) {
  const std::string call_id = absl::StrCat(options_.replica_id, ":", next_call_++);
  const int64_t max_wait = limits.max_wait < absl::ZeroDuration()
                               ? -1
                               : absl::ToInt64Microseconds(
                                     std::min(limits.max_wait, absl::Hours(24)));
  absl::StatusOr<RedisReply> reply = redis_->Eval(
      kOpenScript, {open_key_, ended_key_, day_key_, learnt_key_, reserved_key_},
      {absl::StrCat(limits.window_limit), Micros(options_.span), Micros(options_.lease), call_id,
       absl::StrCat(std::max(limits.max_open, 0)), absl::StrCat(std::max(limits.daily_limit, 0)),
       absl::StrCat(absl::ToInt64Seconds(options_.day_start_utc_offset)),
       absl::StrCat(std::max<int64_t>(limits.unrecorded_calls, 0)),
       absl::StrCat(std::max<int64_t>(limits.day_calls_at_least, 0)),
       absl::StrCat(std::max(limits.configured_window_limit, limits.window_limit)),
       absl::StrCat(max_wait), limits.claim, limits.reserve_only ? "1" : "0",
       Micros(options_.ticket_grace)});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 6) return Malformed();
  Admission admission;
  admission.tickets_voided = reply->elements[5].integer;
  admission.admitted = reply->elements[0].integer == 1;
  admission.day_calls = reply->elements[2].integer;
  if (admission.admitted) {
    admission.call_id = std::move(reply->elements[4].text);
    return admission;
  }
  admission.ticket = std::move(reply->elements[4].text);
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
  admission.retry_in = wait == -1 ? absl::InfiniteDuration() : absl::Microseconds(std::abs(wait));
  admission.at_least = wait < 0;
  return admission;
}

void SharedWindow::Release(const std::string& ticket) {
  if (!ticket.empty()) (void)redis_->Command({"ZREM", reserved_key_, ticket});
}

absl::StatusOr<SharedWindow::Learnt> SharedWindow::NoteRateLimited(int configured_limit,
                                                                     absl::Duration pause) {
  absl::StatusOr<RedisReply> reply =
      redis_->Eval(kRateLimitedScript, {learnt_key_, reserved_key_},
                   {absl::StrCat(configured_limit), Micros(options_.span), Micros(pause)});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 3) return Malformed();
  Learnt learnt;
  learnt.tickets_voided = reply->elements[2].integer;
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
