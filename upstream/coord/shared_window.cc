#include "upstream/coord/shared_window.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace leadgw::upstream::coord {
namespace {

// KEYS: open, ended. ARGV: limit, span (µs), lease (µs), call id.
// Returns {1, 0} when admitted, {0, wait µs} when a slot frees after `wait`, {0, -1} when
// only open calls fill the window. Times are µs of Redis's clock (exact in a double).
const RedisScript kOpenScript{R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES')
for i = 1, #lapsed, 2 do
  redis.call('ZADD', KEYS[2], lapsed[i + 1], lapsed[i])
  redis.call('ZREM', KEYS[1], lapsed[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - span)
local open = redis.call('ZCARD', KEYS[1])
local ended = redis.call('ZCARD', KEYS[2])
local ttl = math.ceil((span + lease) / 1000)
if open + ended < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  return {1, 0}
end
local leaving = open + ended - limit
if leaving < ended then
  local entry = redis.call('ZRANGE', KEYS[2], leaving, leaving, 'WITHSCORES')
  return {0, tonumber(entry[2]) + span - now}
end
return {0, -1}
)lua"};

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
      ended_key_(absl::StrCat(options_.key_prefix, ":{", options_.connection, "}:ended")) {}

absl::StatusOr<Admission> SharedWindow::TryOpen(int limit) {
  const std::string call_id = absl::StrCat(options_.replica_id, ":", next_call_++);
  absl::StatusOr<RedisReply> reply =
      redis_->Eval(kOpenScript, {open_key_, ended_key_},
                   {absl::StrCat(limit), Micros(options_.span), Micros(options_.lease), call_id});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 2) return Malformed();
  Admission admission;
  admission.admitted = reply->elements[0].integer == 1;
  if (admission.admitted) {
    admission.call_id = call_id;
  } else {
    const int64_t wait = reply->elements[1].integer;
    admission.retry_in =
        wait < 0 ? absl::InfiniteDuration() : absl::Microseconds(std::max<int64_t>(wait, 0));
  }
  return admission;
}

absl::Status SharedWindow::Close(const std::string& call_id) {
  return redis_
      ->Eval(kCloseScript, {open_key_, ended_key_},
             {call_id, Micros(options_.span), Micros(options_.lease)})
      .status();
}

}  // namespace leadgw::upstream::coord
