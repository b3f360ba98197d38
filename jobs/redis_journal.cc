#include "jobs/redis_journal.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace leadgw::jobs {
namespace {

using ::leadgw::upstream::coord::RedisReply;
using ::leadgw::upstream::coord::RedisScript;

// Waiting jobs one Acquire moves into the stream, and final jobs one PurgeExpired script
// deletes: bounds on how long one script holds Redis.
constexpr int kMovePerAcquire = 100;
constexpr int kPurgePerScript = 200;
// List examines at most this many jobs per job of the page size.
constexpr int kListExamineFactor = 10;

// Prepended to every script. KEYS[1..8] are the shared keys (SharedKeys()), ARGV[1] the
// job hash prefix and ARGV[2] the consumer group; a script's own keys and arguments follow.
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

// KEYS[9]: the job hash, KEYS[10]: its idempotency key's key. ARGV[3..]: id, request,
// progress, key, create, next attempt (ms), state, connection, pending.
// Returns {1} created, {0, progress, cancel, request} of the key's job, {2} id in use.
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

// ARGV[3..]: worker, now (ms), lease_until (ms), token, how many waiting jobs to move.
// Returns {id} or {}.
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

// KEYS[9]: the job hash. ARGV[3..]: id, token, progress, lease_until (save) or next
// attempt (release) in ms, state, connection, pending, expire (ms), "save" or "release".
// Returns -1 when the token is not the job's, else the cancel flag (0 or 1).
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

// KEYS[9]: the job hash. ARGV[3]: id. Returns {-1} unknown, {0, progress, cancel} final
// (unchanged), {1, progress, "1"}.
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

// ARGV[3..]: now (ms), limit, the idempotency keys' prefix. Returns how many it deleted.
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

// Returns {open jobs, parked jobs, open records, {oldest open id, its create ms} or {}}.
const RedisScript& StatsScript() {
  static const RedisScript* script = new RedisScript(MakeScript("jobs_stats", R"lua(
return {redis.call('ZCARD', open), redis.call('SCARD', parked),
        redis.call('HGET', stats, 'open_records') or '0',
        redis.call('ZRANGE', open, 0, 0, 'WITHSCORES')}
)lua"));
  return *script;
}

// ARGV[3..]: "after" and a job id (the page starts after it; {-1} when it is gone) or
// "rank" and a rank, then the state filter ("0": any), the connection filter ("": any),
// page size, most jobs to examine. Returns {more (0/1), last examined id, its score,
// then progress and cancel flag of each matching job}.
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

absl::Status Malformed(absl::string_view what) {
  return absl::InternalError(absl::StrCat("job journal: unexpected answer of Redis to ", what));
}

absl::Status Corrupt(absl::string_view what, absl::string_view job_id) {
  return absl::InternalError(absl::StrCat("job journal: corrupt ", what, " of job ", job_id));
}

bool IsString(const RedisReply& reply) { return reply.type == RedisReply::Type::kString; }

absl::Time FromProto(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

std::string Millis(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }
std::string Millis(const google::protobuf::Timestamp& ts) { return Millis(FromProto(ts)); }

std::string StateArg(JobState state) { return absl::StrCat(static_cast<int>(state)); }

// Records of the job without a result, counted in JournalStats::open_records while open.
std::string PendingArg(const JobProgress& progress) {
  if (IsFinal(progress.job().state())) return "0";
  return absl::StrCat(std::max(0, progress.job().record_count() - progress.job().records_done()));
}

absl::StatusOr<JobProgress> ParseProgress(const std::string& bytes, absl::string_view cancel,
                                          absl::string_view job_id) {
  JobProgress progress;
  if (!progress.ParseFromString(bytes)) return Corrupt("progress", job_id);
  progress.mutable_job()->set_cancel_requested(cancel == "1");
  return progress;
}

std::string NewToken() {
  thread_local absl::BitGen bitgen;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(bitgen),
                         absl::Uniform<uint64_t>(bitgen));
}

}  // namespace

RedisJournal::RedisJournal(std::shared_ptr<upstream::coord::RedisClient> redis,
                           RedisJournalOptions options)
    : redis_(std::move(redis)),
      options_(std::move(options)),
      prefix_(absl::StrCat(options_.key_prefix, ":jobs:")) {}

std::string RedisJournal::Key(absl::string_view suffix) const {
  return absl::StrCat(prefix_, suffix);
}

std::string RedisJournal::JobKey(absl::string_view job_id) const {
  return absl::StrCat(prefix_, "job:", job_id);
}

std::vector<std::string> RedisJournal::SharedKeys() const {
  return {Key("runnable"), Key("waiting"), Key("leases"), Key("index"),
          Key("open"),     Key("parked"),  Key("expiry"), Key("stats")};
}

namespace {
absl::Status MapError(const absl::Status& status) {
  if (upstream::coord::IsCoordinationOutage(status)) {
    return absl::UnavailableError(absl::StrCat("job journal: ", status.message()));
  }
  if (absl::StrContains(status.message(), "OOM command not allowed")) {
    return absl::ResourceExhaustedError(absl::StrCat("job journal full: ", status.message()));
  }
  return status;
}
}  // namespace

absl::StatusOr<RedisReply> RedisJournal::Eval(const RedisScript& script,
                                              std::vector<std::string> keys,
                                              std::vector<std::string> args) {
  std::vector<std::string> all_keys = SharedKeys();
  all_keys.insert(all_keys.end(), keys.begin(), keys.end());
  args.insert(args.begin(), {Key("job:"), options_.consumer_group});
  absl::StatusOr<RedisReply> reply = redis_->Eval(script, all_keys, args);
  if (!reply.ok()) return MapError(reply.status());
  return reply;
}

absl::StatusOr<RedisReply> RedisJournal::Command(const std::vector<std::string>& argv) {
  absl::StatusOr<RedisReply> reply = redis_->Command(argv);
  if (!reply.ok()) return MapError(reply.status());
  return reply;
}

absl::StatusOr<CreateOutcome> RedisJournal::Create(const JobRequest& request,
                                                   const JobProgress& progress) {
  const leadgateway::v1::Job& job = progress.job();
  JobProgress stored = progress;
  stored.mutable_job()->set_cancel_requested(false);  // the journal's flag starts clear
  LEADGW_ASSIGN_OR_RETURN(
      RedisReply reply,
      Eval(CreateScript(), {JobKey(job.id()), Key(absl::StrCat("key:", job.idempotency_key()))},
           {job.id(), request.SerializeAsString(), stored.SerializeAsString(),
            job.idempotency_key(), Millis(job.create_time()), Millis(job.next_attempt_time()),
            StateArg(job.state()), job.connection(), PendingArg(progress)}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.empty() ||
      reply.elements[0].type != RedisReply::Type::kInteger) {
    return Malformed("create");
  }
  CreateOutcome outcome;
  switch (reply.elements[0].integer) {
    case 1:
      outcome.created = true;
      return outcome;
    case 2:
      return absl::AlreadyExistsError(absl::StrCat("job journal: job id ", job.id(), " in use"));
    case 0:
      break;
    default:
      return Malformed("create");
  }
  if (reply.elements.size() != 4 || !IsString(reply.elements[1]) ||
      !IsString(reply.elements[2]) || !IsString(reply.elements[3])) {
    return Malformed("create");
  }
  const std::string key = absl::StrCat("key ", job.idempotency_key());
  LEADGW_ASSIGN_OR_RETURN(outcome.existing, ParseProgress(reply.elements[1].text,
                                                          reply.elements[2].text, key));
  JobRequest existing_request;
  if (!existing_request.ParseFromString(reply.elements[3].text)) {
    return Corrupt("request", outcome.existing.job().id());
  }
  outcome.existing_digest = existing_request.digest();
  return outcome;
}

absl::StatusOr<std::optional<JobProgress>> RedisJournal::Get(absl::string_view job_id) {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply,
                          Command({"HMGET", JobKey(job_id), "progress", "cancel"}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() != 2) {
    return Malformed("get");
  }
  if (!IsString(reply.elements[0])) return std::nullopt;
  LEADGW_ASSIGN_OR_RETURN(JobProgress progress,
                          ParseProgress(reply.elements[0].text, reply.elements[1].text, job_id));
  return progress;
}

absl::StatusOr<JobRequest> RedisJournal::GetRequest(absl::string_view job_id) {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply, Command({"HGET", JobKey(job_id), "request"}));
  if (!IsString(reply)) return absl::NotFoundError(absl::StrCat("job ", job_id, " not found"));
  JobRequest request;
  if (!request.ParseFromString(reply.text)) return Corrupt("request", job_id);
  return request;
}

absl::StatusOr<JobPage> RedisJournal::List(const ListFilter& filter) {
  const int page_size = filter.page_size <= 0 ? 100 : std::min(filter.page_size, 1000);
  std::vector<std::string> start = {"rank", "0"};
  std::pair<std::string, std::string> token;  // score, id
  if (!filter.page_token.empty()) {
    token = absl::StrSplit(filter.page_token, absl::MaxSplits(':', 1));
    double score;
    if (token.second.empty() || !absl::SimpleAtod(token.first, &score)) {
      return absl::InvalidArgumentError("job journal: malformed page token");
    }
    start = {"after", token.second};
  }
  const std::string filters[] = {StateArg(filter.state), filter.connection,
                                 absl::StrCat(page_size),
                                 absl::StrCat(kListExamineFactor * page_size)};
  for (int round = 0; round < 2; ++round) {
    std::vector<std::string> args = start;
    args.insert(args.end(), std::begin(filters), std::end(filters));
    LEADGW_ASSIGN_OR_RETURN(RedisReply reply, Eval(ListScript(), {}, std::move(args)));
    if (reply.type != RedisReply::Type::kArray || reply.elements.empty() ||
        reply.elements[0].type != RedisReply::Type::kInteger) {
      return Malformed("list");
    }
    if (reply.elements[0].integer == -1) {
      // The token's job was purged since: start after the jobs that sorted before it (a
      // greater create time, or the same one and a greater id).
      LEADGW_ASSIGN_OR_RETURN(
          RedisReply greater,
          Command({"ZCOUNT", Key("index"), absl::StrCat("(", token.first), "+inf"}));
      LEADGW_ASSIGN_OR_RETURN(
          RedisReply ties,
          Command({"ZRANGEBYSCORE", Key("index"), token.first, token.first}));
      int64_t rank = greater.integer;
      for (const RedisReply& tie : ties.elements) rank += tie.text > token.second ? 1 : 0;
      start = {"rank", absl::StrCat(rank)};
      continue;
    }
    if (reply.elements.size() < 3 || reply.elements.size() % 2 != 1) return Malformed("list");
    JobPage page;
    for (size_t i = 3; i + 1 < reply.elements.size(); i += 2) {
      if (!IsString(reply.elements[i]) || !IsString(reply.elements[i + 1])) {
        return Malformed("list");
      }
      LEADGW_ASSIGN_OR_RETURN(JobProgress progress,
                              ParseProgress(reply.elements[i].text,
                                            reply.elements[i + 1].text, "in a list"));
      progress.mutable_job()->clear_results();  // ListJobs shows none
      page.jobs.push_back(std::move(progress));
    }
    if (reply.elements[0].integer == 1) {
      page.next_page_token =
          absl::StrCat(reply.elements[2].text, ":", reply.elements[1].text);
    }
    return page;
  }
  return absl::UnavailableError("job journal: the list moved under the page token; retry");
}

absl::StatusOr<std::optional<Lease>> RedisJournal::Acquire(absl::string_view worker,
                                                           absl::Time now,
                                                           absl::Duration lease_for) {
  Lease lease;
  lease.token = NewToken();
  lease.expires = now + lease_for;
  LEADGW_ASSIGN_OR_RETURN(
      RedisReply reply,
      Eval(AcquireScript(), {},
           {worker.empty() ? std::string("worker") : std::string(worker), Millis(now),
            Millis(lease.expires), lease.token, absl::StrCat(kMovePerAcquire)}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() > 1) {
    return Malformed("acquire");
  }
  if (reply.elements.empty()) return std::nullopt;
  if (!IsString(reply.elements[0])) return Malformed("acquire");
  lease.job_id = std::move(reply.elements[0].text);
  return lease;
}

absl::StatusOr<bool> RedisJournal::StoreLeased(const Lease& lease, const JobProgress& progress,
                                               bool release) {
  const leadgateway::v1::Job& job = progress.job();
  JobProgress stored = progress;
  stored.mutable_job()->set_cancel_requested(false);  // the hash's cancel field owns it
  const std::string when =
      release ? Millis(job.next_attempt_time()) : Millis(lease.expires);
  LEADGW_ASSIGN_OR_RETURN(
      RedisReply reply,
      Eval(StoreScript(), {JobKey(lease.job_id)},
           {lease.job_id, lease.token, stored.SerializeAsString(), when, StateArg(job.state()),
            job.connection(), PendingArg(progress), Millis(job.expire_time()),
            release ? "release" : "save"}));
  if (reply.type != RedisReply::Type::kInteger) return Malformed("save");
  if (reply.integer == -1) {
    return absl::FailedPreconditionError(
        absl::StrCat("lease lost: job ", lease.job_id, " was acquired by another worker"));
  }
  return reply.integer == 1;
}

absl::StatusOr<bool> RedisJournal::Save(const Lease& lease, const JobProgress& progress) {
  return StoreLeased(lease, progress, /*release=*/false);
}

absl::Status RedisJournal::Release(const Lease& lease, const JobProgress& progress) {
  return StoreLeased(lease, progress, /*release=*/true).status();
}

absl::StatusOr<JobProgress> RedisJournal::RequestCancel(absl::string_view job_id) {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply,
                          Eval(CancelScript(), {JobKey(job_id)}, {std::string(job_id)}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.empty() ||
      reply.elements[0].type != RedisReply::Type::kInteger) {
    return Malformed("cancel");
  }
  if (reply.elements[0].integer == -1) {
    return absl::NotFoundError(absl::StrCat("job ", job_id, " not found"));
  }
  if (reply.elements.size() != 3 || !IsString(reply.elements[1]) ||
      !IsString(reply.elements[2])) {
    return Malformed("cancel");
  }
  return ParseProgress(reply.elements[1].text, reply.elements[2].text, job_id);
}

absl::StatusOr<int> RedisJournal::PurgeExpired(absl::Time now) {
  int purged = 0;
  for (;;) {
    LEADGW_ASSIGN_OR_RETURN(RedisReply reply,
                            Eval(PurgeScript(), {},
                                 {Millis(now), absl::StrCat(kPurgePerScript), Key("key:")}));
    if (reply.type != RedisReply::Type::kInteger) return Malformed("purge");
    purged += static_cast<int>(reply.integer);
    if (reply.integer < kPurgePerScript) return purged;
  }
}

absl::StatusOr<JournalStats> RedisJournal::Stats() {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply, Eval(StatsScript(), {}, {}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() != 4 ||
      reply.elements[0].type != RedisReply::Type::kInteger ||
      reply.elements[1].type != RedisReply::Type::kInteger ||
      reply.elements[3].type != RedisReply::Type::kArray) {
    return Malformed("stats");
  }
  JournalStats stats;
  stats.open_jobs = reply.elements[0].integer;
  stats.parked_jobs = reply.elements[1].integer;
  if (!absl::SimpleAtoi(reply.elements[2].text, &stats.open_records)) return Malformed("stats");
  const std::vector<RedisReply>& oldest = reply.elements[3].elements;
  if (oldest.size() == 2) {
    double millis;
    if (!absl::SimpleAtod(oldest[1].text, &millis)) return Malformed("stats");
    stats.oldest_open_create_time = absl::FromUnixMillis(static_cast<int64_t>(millis));
  }
  return stats;
}

}  // namespace leadgw::jobs
