// Prometheus metrics of durable jobs (docs/metrics.md, "Durable jobs"):
//   leadgw_jobs_submitted_total{connection,kind}          counter
//   leadgw_job_records_total{connection,kind,status}      counter: final record results
//   leadgw_job_attempts_total{connection,kind,result}     counter: ok, retry, parked, rejected
//   leadgw_jobs_finished_total{connection,state}          counter: done, cancelled, expired
//   leadgw_jobs_open, leadgw_jobs_parked, leadgw_job_records_pending,
//   leadgw_job_oldest_age_seconds, leadgw_job_journal_up  gauges, read from the journal at
//                                                         each scrape (fleet-wide in fleet
//                                                         mode: the same on every replica)
// The counters of every configured connection are created at zero, so the first event of
// each shows in increase(). Thread-safe.
#ifndef LEADGW_JOBS_JOB_METRICS_H_
#define LEADGW_JOBS_JOB_METRICS_H_

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "jobs/job_runner.h"
#include "jobs/journal.h"
#include "metrics/builder.h"
#include "metrics/registry.h"

namespace leadgw::jobs {

class JobMetrics {
 public:
  // `registry` and `journal` must outlive this object.
  JobMetrics(metrics::Registry& registry, JobJournal* journal,
             absl::Span<const std::string> connections);

  // Hooks for the JobRunner.
  JobHooks Hooks();
  void OnSubmitted(absl::string_view connection, ::leadgateway::v1::JobKind kind);

 private:
  void Collect();

  JobJournal* const journal_;
  metrics::Family<metrics::Counter>& submitted_;
  metrics::Family<metrics::Counter>& records_;
  metrics::Family<metrics::Counter>& attempts_;
  metrics::Family<metrics::Counter>& finished_;
  metrics::Gauge& open_;
  metrics::Gauge& parked_;
  metrics::Gauge& pending_records_;
  metrics::Gauge& oldest_age_;
  metrics::Gauge& journal_up_;
};

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_JOB_METRICS_H_
