// JobRunner: the workers that deliver durable jobs (docs/jobs.md).
//
// Each worker leases a runnable job from the journal, then sends its pending records in
// chunks through the connection's backend, the same path as the RPCs (quota gate,
// coalescing, duplicate guard, retries), at bulk priority so interactive calls go first.
// Before each chunk goes out its records are journaled as unanswered, and after the answer
// their results are journaled: a crash between the two leaves records whose answer was
// lost, which the next holder looks up before sending again when the write is not
// replay-safe (jobs/job_write.h). A heartbeat keeps the leases of running jobs alive while
// a chunk waits for capacity or for the upstream.
//
// Failures (jobs/attempt_verdict.h): a spent daily quota parks the job until the reset;
// transient failures make it wait with exponential backoff (or the upstream's hint), and
// it is retried until its delivery deadline; a request the upstream rejects as such gives
// its records a final FAILED result. Thread-safe.
//
// Start() and Stop() are called by one owner thread.
#ifndef LEADGW_JOBS_JOB_RUNNER_H_
#define LEADGW_JOBS_JOB_RUNNER_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "backends/lead_backend.h"
#include "jobs/journal.h"

namespace leadgw::jobs {

struct JobRunnerOptions {
  // Worker threads; each runs one job at a time.
  int workers = 2;
  // Names this process's workers in leases (the replica id in fleet mode).
  std::string worker_name = "gateway";
  // How long a lease lasts without a save; the heartbeat renews it every third of it.
  absl::Duration lease = absl::Seconds(30);
  // How often an idle worker looks for runnable jobs (a submit here wakes one at once).
  absl::Duration poll_interval = absl::Milliseconds(500);
  // Records per chunk: one upstream batch call where the upstream has them.
  int chunk_records = 300;
  // Deadline of one chunk: its wait for capacity, the call and the backend's retries.
  absl::Duration attempt_timeout = absl::Minutes(5);
  // Backoff after transient failures: doubles from `initial_backoff` up to `max_backoff`.
  absl::Duration initial_backoff = absl::Seconds(1);
  absl::Duration max_backoff = absl::Minutes(5);
  // How long final jobs and their results are kept, and how often the heartbeat purges
  // the final jobs past it (every replica of a fleet does; a purge is idempotent).
  absl::Duration result_ttl = absl::Hours(24 * 7);
  absl::Duration purge_interval = absl::Minutes(1);
  // Waits for the quota day without a reset hint from the upstream.
  absl::Duration park_without_hint = absl::Hours(1);
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // The fair share of upstream capacity (backends::CallContext::caller_share) a job's
  // calls wait in, from its JobRequest::caller; null: every job in share 0.
  std::function<int(absl::string_view caller)> caller_share;
};

// The backend serving a connection; NOT_FOUND when the connection is not configured.
using BackendResolver =
    std::function<absl::StatusOr<backends::LeadBackend*>(absl::string_view connection)>;

// What the runner tells metrics (jobs/job_metrics.h). Each may be empty.
struct JobHooks {
  // A record got its final result.
  std::function<void(const ::leadgateway::v1::Job& job, ::leadgateway::v1::RecordStatus)>
      on_record;
  // An attempt ended: "ok", "retry", "parked" or "rejected".
  std::function<void(const ::leadgateway::v1::Job& job, absl::string_view result)> on_attempt;
  // A job reached a final state.
  std::function<void(const ::leadgateway::v1::Job& job)> on_final;
};

class JobRunner {
 public:
  JobRunner(JobJournal* journal, BackendResolver backends, JobRunnerOptions options,
            JobHooks hooks = {});
  ~JobRunner();  // Stop()s
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void Start();
  // Stops taking jobs, cancels the chunks in flight (their records stay unanswered, to be
  // looked up or resent by the next holder) and hands running jobs back to the journal.
  void Stop();
  // A job was submitted: an idle worker looks at once.
  void Wake();

  const JobRunnerOptions& options() const { return options_; }

 private:
  class Execution;
  struct Running;

  void Work(int worker);
  void Heartbeat();
  void PurgeExpired();
  void RunJob(const std::string& worker, const Lease& lease);
  void IdleWait(absl::Duration wait);
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  JobJournal* const journal_;
  const BackendResolver backends_;
  const JobRunnerOptions options_;
  const JobHooks hooks_;

  std::atomic<bool> stopping_{false};
  // std::mutex rather than absl::Mutex: Debian's abseil is not built with TSan, which
  // would then report false races (tools/tsan_targets runs this component).
  std::mutex mu_;
  std::condition_variable changed_;           // woken_ or stopping_
  bool woken_ = false;                        // guarded by mu_
  std::vector<Running*> running_;             // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_JOB_RUNNER_H_
