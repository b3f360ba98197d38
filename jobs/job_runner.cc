#include "jobs/job_runner.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "jobs/job_execution.h"

namespace leadgw::jobs {

struct JobRunner::Running {
  LeaseHolder* holder;
};

JobRunner::JobRunner(JobJournal* journal, BackendResolver backends, JobRunnerOptions options,
                     JobHooks hooks)
    : journal_(journal),
      backends_(std::move(backends)),
      options_(std::move(options)),
      hooks_(std::move(hooks)) {}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Start() {
  for (int i = 0; i < std::max(options_.workers, 1); ++i) {
    threads_.emplace_back([this, i] { Work(i); });
  }
  threads_.emplace_back([this] { Heartbeat(); });
}

void JobRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_.exchange(true)) return;
    woken_ = true;
  }
  changed_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void JobRunner::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  changed_.notify_one();
}

void JobRunner::IdleWait(absl::Duration wait) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait_for(lock, absl::ToChronoNanoseconds(wait), [this] { return woken_; });
  if (!stopping()) woken_ = false;
}

void JobRunner::Work(int worker) {
  const std::string name = absl::StrCat(options_.worker_name, "/", worker);
  absl::Time last_complaint = absl::InfinitePast();
  while (!stopping()) {
    absl::StatusOr<std::optional<Lease>> lease =
        journal_->Acquire(name, options_.now(), options_.lease);
    if (!lease.ok()) {
      // Once a minute per worker: a journal outage must not flood the log.
      if (absl::Now() - last_complaint > absl::Minutes(1)) {
        last_complaint = absl::Now();
        Log(LogLevel::kWarning, "job journal unavailable",
            {{"worker", name}, {"error", std::string(lease.status().message())}});
      }
      IdleWait(options_.poll_interval);
      continue;
    }
    if (!lease->has_value()) {
      IdleWait(options_.poll_interval);
      continue;
    }
    RunJob(name, **lease);
  }
}

void JobRunner::PurgeExpired() {
  absl::StatusOr<int> purged = journal_->PurgeExpired(options_.now());
  if (!purged.ok()) {
    Log(LogLevel::kWarning, "expired jobs not purged",
        {{"error", std::string(purged.status().message())}});
  } else if (*purged > 0) {
    Log(LogLevel::kInfo, "expired jobs purged", {{"jobs", absl::StrCat(*purged)}});
  }
}

void JobRunner::RunJob(const std::string& worker, const Lease& lease) {
  absl::StatusOr<std::optional<JobProgress>> progress = journal_->Get(lease.job_id);
  absl::StatusOr<JobRequest> request = journal_->GetRequest(lease.job_id);
  if (!progress.ok() || !progress->has_value() || !request.ok()) {
    // The lease lapses and the job is tried again: a journal that failed now may answer
    // later. A job purged meanwhile is simply gone.
    Log(LogLevel::kWarning, "job unreadable",
        {{"job", lease.job_id},
         {"worker", worker},
         {"error", std::string(!progress.ok() ? progress.status().message()
                                              : request.status().message())}});
    return;
  }
  absl::StatusOr<backends::LeadBackend*> backend =
      backends_((*progress)->job().connection());
  LeaseHolder holder(journal_, lease, options_);
  Running running{&holder};
  {
    std::lock_guard<std::mutex> lock(mu_);
    running_.push_back(&running);
  }
  JobExecution execution(holder, *request, **std::move(progress),
                         backend.ok() ? *backend : nullptr, options_, hooks_, stopping_);
  execution.Run();
  std::lock_guard<std::mutex> lock(mu_);
  running_.erase(std::find(running_.begin(), running_.end(), &running));
}

void JobRunner::Heartbeat() {
  const absl::Duration period = options_.lease / 3;
  absl::Time next_purge = absl::InfinitePast();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping()) {
    changed_.wait_for(lock, absl::ToChronoNanoseconds(period), [this] { return stopping(); });
    if (stopping()) return;
    // Renewed under mu_: a job's worker removes it from running_ under mu_ before its
    // holder goes away.
    for (Running* running : running_) running->holder->Renew();
    if (options_.now() >= next_purge) {
      next_purge = options_.now() + options_.purge_interval;
      lock.unlock();
      PurgeExpired();
      lock.lock();
    }
  }
}

}  // namespace leadgw::jobs
