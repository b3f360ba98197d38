// One worker's turn at one leased job: the chunk loop of JobRunner (job_runner.h), and the
// lease it holds meanwhile. Internal to the runner.
#ifndef LEADGW_JOBS_JOB_EXECUTION_H_
#define LEADGW_JOBS_JOB_EXECUTION_H_

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "backends/lead_backend.h"
#include "jobs/job_runner.h"
#include "jobs/journal.h"

namespace leadgw::jobs {

// A lease and the last progress saved under it, shared by the worker and the heartbeat.
// Thread-safe.
class LeaseHolder {
 public:
  LeaseHolder(JobJournal* journal, Lease lease, const JobRunnerOptions& options);

  // Saves `progress` and extends the lease. FAILED_PRECONDITION once the lease is lost;
  // the journal's error when it could not store it.
  absl::Status Save(const JobProgress& progress);
  // Saves `progress` and ends the lease.
  absl::Status Release(const JobProgress& progress);
  // Saves the last progress again, to extend the lease (the heartbeat).
  void Renew();

  bool cancel_requested() const { return cancel_requested_.load(std::memory_order_acquire); }
  bool lost() const { return lost_.load(std::memory_order_acquire); }
  const std::string& job_id() const { return lease_.job_id; }

 private:
  absl::Status SaveLocked(const JobProgress& progress);  // mu_ held

  JobJournal* const journal_;
  const JobRunnerOptions& options_;
  std::mutex mu_;  // not absl::Mutex: see JobRunner::mu_
  Lease lease_;              // guarded by mu_
  JobProgress last_;         // guarded by mu_
  bool saved_once_ = false;  // guarded by mu_
  bool released_ = false;    // guarded by mu_
  std::atomic<bool> cancel_requested_{false};
  std::atomic<bool> lost_{false};
};

class JobExecution {
 public:
  // `backend` null: the connection is no longer configured (its records fail).
  JobExecution(LeaseHolder& holder, const JobRequest& request, JobProgress progress,
               backends::LeadBackend* backend, const JobRunnerOptions& options,
               const JobHooks& hooks, const std::atomic<bool>& stopping);

  // Runs the job until it is final, must wait (RETRYING, PARKED), the lease is lost, the
  // journal fails, or the runner stops.
  void Run();

 private:
  // Indexes of the first `limit` records without a final result.
  std::vector<int> Pending(int limit) const;
  bool IsUnanswered(int index) const;
  void SetUnanswered(const std::vector<int>& indexes, bool unanswered);
  void SetResult(v1::RecordResult result);
  // Copies the results and the unanswered marks into the progress.
  void SyncProgress();
  // SyncProgress, then saves it.
  absl::Status Save();
  // SyncProgress, then hands the job back to the journal.
  void Release();
  // Looks up the unanswered records of `chunk` (a write that is not replay-safe): those
  // found, or without a key, become OUTCOME_UNKNOWN; the others may go again. True when
  // some got a result (the chunk must be taken again); an error when the turn ended.
  absl::StatusOr<bool> ResolveUnanswered(const std::vector<int>& chunk);
  // Sends one chunk and records its answer. OK to continue; otherwise the job has been
  // released (waiting) or must stop.
  absl::Status SendChunk(const std::vector<int>& chunk);
  // Ends the turn after a failed attempt (park, backoff, or cancelled), or fails the
  // chunk for good (then OK: the job goes on).
  absl::Status OnFailure(const std::vector<int>& chunk, const absl::Status& status);
  // Hands the job back until now + `wait` (RETRYING: at least the backoff).
  void Wait(v1::JobState state, absl::Duration wait, const absl::Status& why);
  void Finish(v1::JobState state);
  backends::CallContext NewCallContext() const;
  absl::Time Now() const { return options_.now(); }

  LeaseHolder& holder_;
  const JobRequest& request_;
  JobProgress progress_;
  backends::LeadBackend* const backend_;
  const JobRunnerOptions& options_;
  const JobHooks& hooks_;
  const std::atomic<bool>& stopping_;
  const int record_count_;
  // One slot per record: its final result, or UNSPECIFIED while pending.
  std::vector<v1::RecordResult> results_;
  std::vector<bool> unanswered_;
};

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_JOB_EXECUTION_H_
