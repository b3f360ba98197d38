// The Lua scripts of RedisJournal (jobs/redis_journal.h, whose file comment describes the
// keys): one script per journal step, so each step is atomic between replicas. Internal to
// redis_journal; nothing else should run them.
//
// Calling convention of every script: KEYS[1..8] are the shared keys, in this order:
// runnable, waiting, leases, index, open, parked, expiry, stats (RedisJournal::SharedKeys);
// ARGV[1] is the job hash prefix ("<P>:job:") and ARGV[2] the consumer group. A script's own
// keys start at KEYS[9] and its own arguments at ARGV[3]; those are listed below. Times are
// Unix milliseconds. Each function builds its script (the shared Lua prelude, then its body)
// once and returns that on every call.
#ifndef LEADGW_JOBS_REDIS_JOURNAL_SCRIPTS_H_
#define LEADGW_JOBS_REDIS_JOURNAL_SCRIPTS_H_

#include "upstream/coord/redis_client.h"

namespace leadgw::jobs::redis_journal_internal {

// KEYS[9]: the job hash, KEYS[10]: its idempotency key's key. ARGV[3..]: id, request,
// progress, key, create, next attempt (ms), state, connection, pending.
// Returns {1} created, {0, progress, cancel, request} of the key's job, {2} id in use.
const upstream::coord::RedisScript& CreateScript();

// ARGV[3..]: worker, now (ms), lease_until (ms), token, how many waiting jobs to move.
// Returns {id} or {}.
const upstream::coord::RedisScript& AcquireScript();

// KEYS[9]: the job hash. ARGV[3..]: id, token, progress, lease_until (save) or next
// attempt (release) in ms, state, connection, pending, expire (ms), "save" or "release".
// Returns -1 when the token is not the job's, else the cancel flag (0 or 1).
const upstream::coord::RedisScript& StoreScript();

// KEYS[9]: the job hash. ARGV[3]: id. Returns {-1} unknown, {0, progress, cancel} final
// (unchanged), {1, progress, "1"}.
const upstream::coord::RedisScript& CancelScript();

// ARGV[3..]: now (ms), limit, the idempotency keys' prefix. Returns how many it deleted.
const upstream::coord::RedisScript& PurgeScript();

// Returns {open jobs, parked jobs, open records, {oldest open id, its create ms} or {}}.
// Costs O(log n) in Redis: two cardinalities, one counter and the first member of `open`,
// because it runs at every Prometheus scrape.
const upstream::coord::RedisScript& StatsScript();

// ARGV[3..]: "after" and a job id (the page starts after it; {-1} when it is gone) or
// "rank" and a rank, then the state filter ("0": any), the connection filter ("": any),
// page size, most jobs to examine. Returns {more (0/1), last examined id, its score,
// then progress and cancel flag of each matching job}.
const upstream::coord::RedisScript& ListScript();

}  // namespace leadgw::jobs::redis_journal_internal

#endif  // LEADGW_JOBS_REDIS_JOURNAL_SCRIPTS_H_
