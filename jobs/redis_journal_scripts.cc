// Definitions of the scripts declared in jobs/redis_journal_scripts.h, in the same order;
// their KEYS, ARGV and replies are documented there.
#include "jobs/redis_journal_scripts.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace leadgw::jobs::redis_journal_internal {
namespace {

using ::leadgw::upstream::coord::RedisScript;

// Prepended to every script, so that they share the calling convention of the header (names
// for the shared keys, the job hash prefix and the group) and the helpers that keep the
// indexes and the open_records counter in step with a job's state.
constexpr absl::string_view kPrelude = R"lua(
local runnable, waiting, leases, index, open, parked, expiry, stats =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local job_prefix, group = ARGV[1], ARGV[2]
local function is_final(s) return s == '5' or s == '6' or s == '7' end
-- Keeps the job's state and its count of records without a result in the hash, the
-- index sets and the open_records counter.
local function set_state(h, id, state, pending, expire)
  local delta = tonumber(pending) - tonumber(redis.call('HGET', h, 'pending') or '0')
  redis.call('HSET', h, 'state', state, 'pending', pending)
  if delta ~= 0 then redis.call('HINCRBY', stats, 'open_records', delta) end
  if state == '4' then redis.call('SADD', parked, id) else redis.call('SREM', parked, id) end
  if is_final(state) then
    redis.call('ZREM', open, id)
    redis.call('ZADD', expiry, expire, id)
  else
    redis.call('ZADD', open, redis.call('HGET', h, 'create'), id)
    redis.call('ZREM', expiry, id)
  end
end
-- Takes the job's entry out of the stream and the group's pending list.
local function unstream(h)
  local entry = redis.call('HGET', h, 'entry')
  if entry then
    redis.call('XACK', runnable, group, entry)
    redis.call('XDEL', runnable, entry)
    redis.call('HDEL', h, 'entry')
  end
end
)lua";

RedisScript MakeScript(absl::string_view name, absl::string_view body) {
  return RedisScript{std::string(name), absl::StrCat(kPrelude, body)};
}

}  // namespace

const RedisScript& CreateScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_create", R"lua(
local h, id, key = KEYS[9], ARGV[3], ARGV[6]
if key ~= '' then
  local existing = redis.call('GET', KEYS[10])
  if existing then
    local f = redis.call('HMGET', job_prefix .. existing, 'progress', 'cancel', 'request')
    -- A key naming no job cannot come from these scripts; it is then taken over.
    if f[1] then return {0, f[1], f[2] or '0', f[3] or ''} end
  end
end
if redis.call('EXISTS', h) == 1 then return {2} end
redis.call('HSET', h, 'request', ARGV[4], 'progress', ARGV[5], 'cancel', '0', 'key', key,
           'conn', ARGV[10], 'create', ARGV[7], 'state', ARGV[9], 'pending', '0')
if key ~= '' then redis.call('SET', KEYS[10], id) end
redis.call('ZADD', index, ARGV[7], id)
redis.call('ZADD', waiting, ARGV[8], id)
set_state(h, id, ARGV[9], ARGV[11], '0')
return {1}
)lua"));
  return *script;
}

const RedisScript& AcquireScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_acquire", R"lua(
local worker, now, lease_until, token = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local has_group = false
if redis.call('EXISTS', runnable) == 1 then
  for _, g in ipairs(redis.call('XINFO', 'GROUPS', runnable)) do
    if g[2] == group then has_group = true end
  end
end
if not has_group then redis.call('XGROUP', 'CREATE', runnable, group, '0', 'MKSTREAM') end
local function grant(h, id, entry)
  redis.call('HSET', h, 'token', token, 'owner', worker, 'lease_until', lease_until,
             'entry', entry)
  redis.call('ZADD', leases, lease_until, id)
  return {id}
end
-- 1. A lapsed lease (lease_until at or before now): its entry moves to this worker.
for _ = 1, 10 do
  local lapsed = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 1)
  if #lapsed == 0 then break end
  local id = lapsed[1]
  local h = job_prefix .. id
  local state = redis.call('HGET', h, 'state')
  local entry = redis.call('HGET', h, 'entry')
  if state and not is_final(state) and entry and
     #redis.call('XCLAIM', runnable, group, worker, 0, entry, 'JUSTID') == 1 then
    return grant(h, id, entry)
  end
  -- Purged, saved final by a holder that then died, or an entry the stream lost: the
  -- lease ends, and an open job becomes runnable again.
  redis.call('ZREM', leases, id)
  if state then
    redis.call('HDEL', h, 'token', 'owner', 'lease_until')
    unstream(h)
    if not is_final(state) then redis.call('ZADD', waiting, 0, id) end
  end
end
-- 2. Due waiting jobs join the stream, in next_attempt_time order.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', waiting, '-inf', now, 'LIMIT', 0, ARGV[7])) do
  redis.call('ZREM', waiting, id)
  local h = job_prefix .. id
  local state = redis.call('HGET', h, 'state')
  if state and not is_final(state) then
    redis.call('HSET', h, 'entry', redis.call('XADD', runnable, '*', 'job', id))
  end
end
-- 3. The oldest entry not delivered yet.
for _ = 1, 10 do
  local read = redis.call('XREADGROUP', 'GROUP', group, worker, 'COUNT', 1,
                          'STREAMS', runnable, '>')
  if not read then return {} end
  local entry = read[1][2][1][1]
  local id = read[1][2][1][2][2]
  local h = job_prefix .. id
  local state = redis.call('HGET', h, 'state')
  if state and not is_final(state) and redis.call('HGET', h, 'entry') == entry then
    return grant(h, id, entry)
  end
  redis.call('XACK', runnable, group, entry)
  redis.call('XDEL', runnable, entry)
end
return {}
)lua"));
  return *script;
}

const RedisScript& StoreScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_store", R"lua(
local h, id = KEYS[9], ARGV[3]
if redis.call('HGET', h, 'token') ~= ARGV[4] then return -1 end
redis.call('HSET', h, 'progress', ARGV[5], 'conn', ARGV[8])
set_state(h, id, ARGV[7], ARGV[9], ARGV[10])
local cancel = redis.call('HGET', h, 'cancel') == '1'
if ARGV[11] == 'save' then
  redis.call('HSET', h, 'lease_until', ARGV[6])
  redis.call('ZADD', leases, ARGV[6], id)
else
  unstream(h)
  redis.call('HDEL', h, 'token', 'owner', 'lease_until')
  redis.call('ZREM', leases, id)
  -- A cancelled job runs at once: a worker finalises it.
  if not is_final(ARGV[7]) then
    redis.call('ZADD', waiting, cancel and '0' or ARGV[6], id)
  end
end
if cancel then return 1 end
return 0
)lua"));
  return *script;
}

const RedisScript& CancelScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_cancel", R"lua(
local h, id = KEYS[9], ARGV[3]
local f = redis.call('HMGET', h, 'progress', 'state', 'cancel')
if not f[1] then return {-1} end
if is_final(f[2]) then return {0, f[1], f[3] or '0'} end
redis.call('HSET', h, 'cancel', '1')
if redis.call('ZSCORE', waiting, id) then redis.call('ZADD', waiting, 0, id) end
return {1, f[1], '1'}
)lua"));
  return *script;
}

const RedisScript& PurgeScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_purge", R"lua(
local ids = redis.call('ZRANGEBYSCORE', expiry, '-inf', '(' .. ARGV[3], 'LIMIT', 0, ARGV[4])
for _, id in ipairs(ids) do
  local h = job_prefix .. id
  local key = redis.call('HGET', h, 'key')
  if key and key ~= '' and redis.call('GET', ARGV[5] .. key) == id then
    redis.call('DEL', ARGV[5] .. key)
  end
  unstream(h)
  set_state(h, id, '5', '0', '0')
  redis.call('DEL', h)
  for _, z in ipairs({index, open, expiry, waiting, leases}) do redis.call('ZREM', z, id) end
end
return #ids
)lua"));
  return *script;
}

const RedisScript& StatsScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_stats", R"lua(
return {redis.call('ZCARD', open), redis.call('SCARD', parked),
        redis.call('HGET', stats, 'open_records') or '0',
        redis.call('ZRANGE', open, 0, 0, 'WITHSCORES')}
)lua"));
  return *script;
}

const RedisScript& ListScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_list", R"lua(
local start
if ARGV[3] == 'after' then
  local rank = redis.call('ZREVRANK', index, ARGV[4])
  if not rank then return {-1} end
  start = rank + 1
else
  start = tonumber(ARGV[4])
end
local state, conn = ARGV[5], ARGV[6]
local page, most = tonumber(ARGV[7]), tonumber(ARGV[8])
local out = {0, '', ''}
local found, examined = 0, 0
while examined < most and found < page do
  local n = math.min(100, most - examined)
  local ids = redis.call('ZREVRANGE', index, start, start + n - 1, 'WITHSCORES')
  for i = 1, #ids, 2 do
    examined = examined + 1
    start = start + 1
    out[2], out[3] = ids[i], ids[i + 1]
    local f = redis.call('HMGET', job_prefix .. ids[i], 'state', 'conn', 'progress', 'cancel')
    if f[3] and (state == '0' or f[1] == state) and (conn == '' or f[2] == conn) then
      out[#out + 1] = f[3]
      out[#out + 1] = f[4] or '0'
      found = found + 1
      if found == page then break end
    end
  end
  if #ids < 2 * n then break end
end
if redis.call('ZCARD', index) > start then out[1] = 1 end
return out
)lua"));
  return *script;
}

}  // namespace leadgw::jobs::redis_journal_internal
