// Reading `jobs` (durable write jobs) of the gateway config.
#ifndef LEADGW_SERVICE_JOBS_CONFIG_H_
#define LEADGW_SERVICE_JOBS_CONFIG_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "jobs/job_runner.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw::service {

struct JobsSettings {
  bool enabled = false;
  // The local journal's file; empty in fleet mode (jobs live in Redis).
  std::string journal_path;
  int64_t journal_max_bytes = 0;
  absl::Duration delivery_ttl = absl::Hours(72);
  // Workers, leases, chunks and backoff (worker_name and now are set at start).
  jobs::JobRunnerOptions runner;
};

// Jobs' settings; disabled when `present` is false. `fleet` says whether fleet mode is
// on (then the journal is Redis and journal_path must be empty). INVALID_ARGUMENT naming
// the key ("jobs.journal_path: required outside fleet mode").
absl::StatusOr<JobsSettings> ResolveJobs(bool present,
                                         const ::leadgateway::config::v1::JobsConfig& config,
                                         bool fleet);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_JOBS_CONFIG_H_
