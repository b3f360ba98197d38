// The drain phase's two deliveries of the same number of records at Marketo's real
// limits: jobs drained by the gateway's workers, and the synchronous UpsertLeads RPC
// driven by callers with 300-record batches (the baseline). Both are bounded.
#ifndef LEADGW_BENCH_JOBS_DRAIN_PHASE_H_
#define LEADGW_BENCH_JOBS_DRAIN_PHASE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/time/time.h"
#include "emulators/marketo/marketo_emulator.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::bench::job_bench {

struct DeliveryResult {
  int64_t records_written = 0;  // CREATED or UPDATED
  int64_t records_failed = 0;   // any other final result, or never answered
  absl::Duration measured;      // the first send to the last record's result
  bool complete = false;        // every record has a result within the bound
  int64_t rpc_retries = 0;      // sync: refused RPCs sent again
  int64_t submit_errors = 0;    // jobs: failed SubmitJob calls (their records are lost)
  absl::Duration submitted;     // jobs: time until the last job was acknowledged
  std::map<std::string, int64_t> final_states;  // jobs: by state name
  std::string first_error;

  double RecordsPerSecond() const;
};

// `callers` threads send UpsertLeads of kRecordsPerCall new leads (emails under `prefix`,
// indexes 0 to records - 1) until every batch is answered; a refused batch (RESOURCE_
// EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED: a createOrUpdate is safe to replay) is sent
// again after the RetryInfo hint or 1 s. Stops at `bound`.
DeliveryResult RunSyncUpserts(const testing::GatewayProcess& gateway, int callers, int64_t records,
                              const std::string& prefix, absl::Duration bound);

// `submitters` threads submit jobs of kRecordsPerCall new leads (as above); then ListJobs
// is polled until every job is final or `bound` passes. `measured` ends at the latest
// update_time of the jobs (the gateway's clock, on this host), so the polling period does
// not count. Records are judged by GetJob's per-record results.
DeliveryResult RunJobDrain(const testing::GatewayProcess& gateway, int submitters, int64_t records,
                           const std::string& prefix, absl::Duration bound);

// Emails under `prefix` (indexes 0 to records - 1) that the emulator does not hold
// exactly once.
int64_t CountWrongEmails(const emulators::marketo::MarketoEmulator& marketo,
                         const std::string& prefix, int64_t records);

}  // namespace leadgw::bench::job_bench

#endif  // LEADGW_BENCH_JOBS_DRAIN_PHASE_H_
