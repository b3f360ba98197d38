// JobStack: what durable jobs add to a running gateway (docs/jobs.md): the journal (a
// local SQLite file, or the fleet's Redis), its metrics and the workers delivering jobs
// through the connections' backends.
#ifndef LEADGW_SERVICE_JOB_STACK_H_
#define LEADGW_SERVICE_JOB_STACK_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jobs/job_metrics.h"
#include "jobs/job_runner.h"
#include "jobs/journal.h"
#include "metrics/registry.h"
#include "service/config.h"
#include "service/connection_registry.h"

namespace leadgw::service {

class JobStack {
 public:
  // Opens the journal of `settings.jobs` (enabled) and starts the workers, which take
  // their backends from `registry`. `fleet_replica_id` names the workers in fleet mode.
  // All arguments must outlive the stack. UNAVAILABLE or FAILED_PRECONDITION when the
  // journal cannot be opened (the gateway does not start: it would acknowledge nothing).
  static absl::StatusOr<std::unique_ptr<JobStack>> Start(const GatewaySettings& settings,
                                                         const ConnectionRegistry& registry,
                                                         metrics::Registry& metrics,
                                                         const std::string& fleet_replica_id);
  // Stops the workers (their chunks in flight are cancelled and the jobs handed back).
  ~JobStack();

  jobs::JobJournal* journal() { return journal_.get(); }
  jobs::JobRunner* runner() { return runner_.get(); }
  jobs::JobMetrics* metrics() { return metrics_.get(); }

 private:
  JobStack() = default;

  std::unique_ptr<jobs::JobJournal> journal_;
  std::unique_ptr<jobs::JobMetrics> metrics_;
  std::unique_ptr<jobs::JobRunner> runner_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_JOB_STACK_H_
