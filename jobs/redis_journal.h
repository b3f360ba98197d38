// RedisJournal: the JobJournal of a fleet, on the Redis its replicas share (Redis >= 7.0).
//
// Runnable jobs are entries of a Redis stream read by one consumer group, so each entry is
// delivered to one replica, stays in the group's pending list while a worker holds its
// lease, and is claimed (XCLAIM) by another replica when that lease lapses: a replica that
// died leaves its jobs to the others. Every step is one Lua script, so it is atomic
// between replicas; fencing tokens are random 128-bit values made by the caller.
//
// Keys ("<P>" is "<key_prefix>:jobs"):
//   <P>:job:<id>    hash: request, progress (serialised protos), cancel "0"/"1", token and
//                   owner of the live lease, lease_until, entry (the stream entry id while
//                   the job is in the stream), and copies of what the indexes need: state,
//                   conn, create, key, pending (records without a result; 0 when final).
//   <P>:key:<key>   string: the job id of an idempotency key (SET inside Create).
//   <P>:runnable    stream of {job: <id>}, read by the consumer group `consumer_group`.
//   <P>:waiting     sorted set by next_attempt_time: jobs not runnable yet. Create puts
//                   new jobs here too (not straight into the stream), so that a job never
//                   runs before its next_attempt_time and jobs reach the stream in
//                   next_attempt_time order. RequestCancel sets a waiting job's score to 0.
//   <P>:leases      sorted set by lease_until: jobs held by a lease.
//   <P>:index       sorted set by create_time of every job (List, newest first).
//   <P>:open        sorted set by create_time of the jobs not final (Stats).
//   <P>:parked      set of the PARKED jobs (Stats).
//   <P>:expiry      sorted set by expire_time of the final jobs (PurgeExpired).
//   <P>:stats       hash: open_records, kept exact by every script that writes progress.
// Scripts touch job hashes whose names they compute: one Redis (or a replica set with one
// primary), not Redis Cluster.
//
// Clocks: every time decision uses the caller's clock, never Redis's. Acquire's `now`
// judges both whether a waiting job is due (its next_attempt_time) and whether a lease
// lapsed (its lease_until, stored in Unix milliseconds; a lease counts as lapsed from the
// millisecond of its expiry, as in SqliteJournal). The stream's idle times (Redis's clock)
// are not used: they cannot follow the times callers and tests pass, and replicas whose
// clocks agree (NTP) judge leases alike. Operators may still read them with XPENDING.
// Order of Acquire: a lapsed lease first (the one that lapsed earliest), then due waiting
// jobs move to the stream (at most 100 per call, in next_attempt_time order; cancelled
// ones first), then the oldest undelivered stream entry.
//
// Each worker name becomes a consumer of the group (XREADGROUP/XCLAIM name it) and stays
// one: workers should have stable names (a replica id and a thread index), not fresh ones.
//
// List scans the creation index newest first (ties: greater id first) and filters on the
// state and connection kept in the hash; it examines at most 10 x page_size jobs per page,
// so a filtered page may be shorter than page_size (even empty) while a next_page_token
// is still given. The token is "<create ms>:<id>" of the last job examined. Listed jobs
// carry no per-record results (ListJobs shows none, and they can be megabytes).
//
// Durability: a submit is acknowledged only after Redis answered the Create script, and
// that promise holds only if Redis does not lose what it answered: run it with
// `appendonly yes` and `appendfsync always` (with `everysec`, a crash of Redis loses the
// jobs acknowledged in its last second), and never evict these keys
// (`maxmemory-policy noeviction`, then a full Redis answers OOM: RESOURCE_EXHAUSTED).
//
// The RedisClient is the caller's: requests can be a few MB, so the gateway gives the
// journal its own client with a longer command timeout than the fleet's 200 ms.
//
// Errors: UNAVAILABLE when Redis cannot be reached, is too slow or refuses the password
// (coord::IsCoordinationOutage); RESOURCE_EXHAUSTED "job journal full" for Redis's OOM
// answer; INTERNAL for a corrupt record or an unexpected answer. A script that fails
// before its first write stores nothing; OOM is always judged there. Thread-safe.
#ifndef LEADGW_JOBS_REDIS_JOURNAL_H_
#define LEADGW_JOBS_REDIS_JOURNAL_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "jobs/journal.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::jobs {

struct RedisJournalOptions {
  std::string key_prefix = "leadgw";  // keys are "<key_prefix>:jobs:..."
  std::string consumer_group = "workers";
};

class RedisJournal : public JobJournal {
 public:
  // Creates nothing in Redis yet: the stream and its consumer group are made on first use.
  RedisJournal(std::shared_ptr<upstream::coord::RedisClient> redis,
               RedisJournalOptions options);

  absl::StatusOr<CreateOutcome> Create(const JobRequest& request,
                                       const JobProgress& progress) override;
  absl::StatusOr<std::optional<JobProgress>> Get(absl::string_view job_id) override;
  absl::StatusOr<JobRequest> GetRequest(absl::string_view job_id) override;
  absl::StatusOr<JobPage> List(const ListFilter& filter) override;
  absl::StatusOr<std::optional<Lease>> Acquire(absl::string_view worker, absl::Time now,
                                               absl::Duration lease_for) override;
  absl::StatusOr<bool> Save(const Lease& lease, const JobProgress& progress) override;
  absl::Status Release(const Lease& lease, const JobProgress& progress) override;
  absl::StatusOr<JobProgress> RequestCancel(absl::string_view job_id) override;
  absl::StatusOr<int> PurgeExpired(absl::Time now) override;
  absl::StatusOr<JournalStats> Stats() override;
  absl::Status PutState(absl::string_view scope,
                        const std::vector<StateRecord>& records) override;
  absl::StatusOr<std::vector<StateRecord>> GetState(absl::string_view scope) override;

 private:
  std::string Key(absl::string_view suffix) const;
  std::string JobKey(absl::string_view job_id) const;
  // The shared keys every script takes, in the order the scripts expect (after their own).
  std::vector<std::string> SharedKeys() const;

  // Eval / Command with the journal's error mapping (see the file comment).
  absl::StatusOr<upstream::coord::RedisReply> Eval(const upstream::coord::RedisScript& script,
                                                   std::vector<std::string> keys,
                                                   std::vector<std::string> args);
  absl::StatusOr<upstream::coord::RedisReply> Command(const std::vector<std::string>& argv);

  // Shared by Save and Release: the fenced write of a lease holder.
  absl::StatusOr<bool> StoreLeased(const Lease& lease, const JobProgress& progress,
                                   bool release);

  const std::shared_ptr<upstream::coord::RedisClient> redis_;
  const RedisJournalOptions options_;
  const std::string prefix_;  // "<key_prefix>:jobs:"
};

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_REDIS_JOURNAL_H_
