// JobJournal: where durable write jobs live between their submission and their purge.
//
// Two implementations behind this one interface (docs/jobs.md):
// - SqliteJournal (jobs/sqlite_journal.h): one process, a file on a volume, every change
//   committed with synchronous=FULL before it is acknowledged;
// - RedisJournal (jobs/redis_journal.h): a fleet, on the coordination Redis; runnable jobs
//   are entries of a Redis stream read by a consumer group, so any replica resumes the jobs
//   of a replica that died (it claims their idle entries).
//
// A job is two records: its request (written once by Create) and its progress (rewritten
// by Save under a lease). A worker runs a job only while it holds the job's lease; a lease
// lapses when its holder stops saving (a crash), and another worker may then acquire the
// job. Every write of a lease holder is fenced by its token, so a worker that lost its
// lease (it paused past the lease, another took over) cannot overwrite the new holder's
// progress.
//
// Errors: UNAVAILABLE when the store cannot be reached or is busy; RESOURCE_EXHAUSTED when
// it is full (disk full, a size limit); INTERNAL for a corrupt record. A failed call
// stored nothing it did not say it stored. Thread-safe.
#ifndef LEADGW_JOBS_JOURNAL_H_
#define LEADGW_JOBS_JOURNAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "leadgateway/jobs/v1/job_record.pb.h"
#include "leadgateway/v1/job_service.pb.h"

namespace leadgw::jobs {

using JobRequest = ::leadgateway::jobs::v1::JobRequest;
using JobProgress = ::leadgateway::jobs::v1::JobProgress;
using JobState = ::leadgateway::v1::JobState;

// DONE, CANCELLED and EXPIRED.
inline bool IsFinal(JobState state) {
  return state == ::leadgateway::v1::JOB_STATE_DONE ||
         state == ::leadgateway::v1::JOB_STATE_CANCELLED ||
         state == ::leadgateway::v1::JOB_STATE_EXPIRED;
}

// Outcome of Create.
struct CreateOutcome {
  // True: the job was stored. False: `progress.job().idempotency_key()` already named a
  // job, and nothing was stored; `existing` is that job and `existing_digest` its
  // request's digest (the caller decides between a replay and a conflict).
  bool created = false;
  JobProgress existing;
  std::string existing_digest;
};

// The right to run one job until `expires` (or a later Save).
struct Lease {
  std::string job_id;
  std::string token;  // unique per acquisition; fences every write of the holder
  absl::Time expires;
};

struct ListFilter {
  JobState state = ::leadgateway::v1::JOB_STATE_UNSPECIFIED;  // UNSPECIFIED: any
  std::string connection;                                      // empty: any
  int page_size = 100;
  std::string page_token;  // from JobPage::next_page_token; empty: the newest job first
};

struct JobPage {
  std::vector<JobProgress> jobs;  // newest first
  std::string next_page_token;    // empty: no more
};

// One record of another durable feature, kept beside the jobs (JobJournal::PutState).
struct StateRecord {
  std::string key;
  std::string value;  // bytes
};

// For metrics (jobs/job_metrics.h).
struct JournalStats {
  int64_t open_jobs = 0;      // not final
  int64_t parked_jobs = 0;    // state PARKED
  int64_t open_records = 0;   // records of open jobs without a result
  absl::Time oldest_open_create_time = absl::InfiniteFuture();  // none open: InfiniteFuture
};

class JobJournal {
 public:
  virtual ~JobJournal() = default;

  // Stores a new job durably: `progress.job()` carries its id (unique, from NewJobId),
  // connection, state QUEUED, create_time, next_attempt_time (= create_time) and
  // idempotency_key (may be empty). Returns only once both records are durable. With a
  // non-empty key already in use, stores nothing (CreateOutcome::created false).
  virtual absl::StatusOr<CreateOutcome> Create(const JobRequest& request,
                                               const JobProgress& progress) = 0;

  // The job's progress, with `job.cancel_requested` as stored; nullopt when unknown or
  // purged.
  virtual absl::StatusOr<std::optional<JobProgress>> Get(absl::string_view job_id) = 0;
  // The job's request; NOT_FOUND when unknown or purged.
  virtual absl::StatusOr<JobRequest> GetRequest(absl::string_view job_id) = 0;

  virtual absl::StatusOr<JobPage> List(const ListFilter& filter) = 0;

  // Leases one runnable job to `worker` until now + `lease_for`: a job that is not final,
  // whose next_attempt_time is at or before `now` (or whose cancellation was requested),
  // and that no live lease holds. Jobs whose lease lapsed come first; then the others, in
  // next_attempt_time order. nullopt when none is runnable.
  virtual absl::StatusOr<std::optional<Lease>> Acquire(absl::string_view worker,
                                                       absl::Time now,
                                                       absl::Duration lease_for) = 0;

  // Stores `progress` (of lease.job_id) and extends the lease to `lease->expires` (the
  // caller sets it). FAILED_PRECONDITION "lease lost" when another worker acquired the job
  // since (nothing stored). Returns whether cancellation was requested (the caller stops).
  // `progress.job().cancel_requested` is ignored: the journal keeps its own flag.
  virtual absl::StatusOr<bool> Save(const Lease& lease, const JobProgress& progress) = 0;

  // Stores `progress` and ends the lease: the job is final, or waits until its
  // next_attempt_time (RETRYING, PARKED), when any worker may acquire it again.
  // FAILED_PRECONDITION "lease lost" as Save.
  virtual absl::Status Release(const Lease& lease, const JobProgress& progress) = 0;

  // Records that cancellation was requested and makes the job runnable now (a worker
  // finishes it: jobs are finalised only by lease holders). No effect on a final job.
  // Returns the job as stored after the request; NOT_FOUND when unknown.
  virtual absl::StatusOr<JobProgress> RequestCancel(absl::string_view job_id) = 0;

  // Deletes final jobs whose expire_time is before `now`, and frees their idempotency
  // keys. Returns how many were deleted.
  virtual absl::StatusOr<int> PurgeExpired(absl::Time now) = 0;

  virtual absl::StatusOr<JournalStats> Stats() = 0;

  // Small named records of other durable features that must live where the jobs live (a
  // process's file, or a fleet's Redis): the card sync's links and cursor. `scope` groups
  // them (1 to 200 bytes); keys are unique within a scope (1 to 1000 bytes).
  // Writes every record of `records` atomically, replacing records with the same keys:
  // all are stored or none. INVALID_ARGUMENT for an empty or over-long scope or key.
  virtual absl::Status PutState(absl::string_view scope,
                                const std::vector<StateRecord>& records) = 0;
  // Every record of `scope`, in byte order of the keys; empty when none.
  virtual absl::StatusOr<std::vector<StateRecord>> GetState(absl::string_view scope) = 0;
};

// INVALID_ARGUMENT unless `scope` and every key of `records` have the lengths PutState
// allows. Shared by the stores.
absl::Status CheckStateRecords(absl::string_view scope, const std::vector<StateRecord>& records);

// A new job id: "job-", 12 hex digits of the Unix time in milliseconds, then 20 random hex
// digits, so ids sort by submission time and never collide across replicas.
std::string NewJobId(absl::Time now);

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_JOURNAL_H_
