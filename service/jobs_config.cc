#include "service/jobs_config.h"

#include "absl/strings/str_cat.h"
#include "common/config_values.h"
#include "common/status_macros.h"

namespace leadgw::service {
namespace {

constexpr char kKey[] = "jobs";

// A duration key with its bounds, named in the error.
absl::StatusOr<absl::Duration> Bounded(bool present, const google::protobuf::Duration& value,
                                       absl::Duration fallback, absl::Duration floor,
                                       absl::Duration ceiling, absl::string_view name) {
  const std::string key = absl::StrCat(kKey, ".", name);
  LEADGW_ASSIGN_OR_RETURN(absl::Duration duration,
                          PositiveDuration(present, value, fallback, ceiling, key));
  if (duration < floor) {
    return ConfigKeyError(key, absl::StrCat("must be at least ", absl::FormatDuration(floor)));
  }
  return duration;
}

}  // namespace

absl::StatusOr<JobsSettings> ResolveJobs(bool present,
                                         const ::leadgateway::config::v1::JobsConfig& config,
                                         bool fleet) {
  JobsSettings jobs;
  if (!present) return jobs;
  jobs.enabled = true;
  if (fleet && !config.journal_path().empty()) {
    return ConfigKeyError(absl::StrCat(kKey, ".journal_path"),
                          "not allowed in fleet mode: the replicas share jobs through Redis");
  }
  if (!fleet && config.journal_path().empty()) {
    return ConfigKeyError(absl::StrCat(kKey, ".journal_path"),
                          "required outside fleet mode: a file on a persistent volume");
  }
  jobs.journal_path = config.journal_path();
  if (config.has_journal_max_bytes()) {
    if (fleet) {
      return ConfigKeyError(absl::StrCat(kKey, ".journal_max_bytes"),
                            "not allowed in fleet mode (bound Redis with maxmemory)");
    }
    if (config.journal_max_bytes() < (1 << 20)) {
      return ConfigKeyError(absl::StrCat(kKey, ".journal_max_bytes"), "must be at least 1 MiB");
    }
    jobs.journal_max_bytes = static_cast<int64_t>(config.journal_max_bytes());
  }
  jobs::JobRunnerOptions& runner = jobs.runner;
  if (config.has_workers()) {
    if (config.workers() < 1 || config.workers() > 64) {
      return ConfigKeyError(absl::StrCat(kKey, ".workers"), "must be 1-64");
    }
    runner.workers = static_cast<int>(config.workers());
  }
  if (config.has_chunk_records()) {
    if (config.chunk_records() < 1 || config.chunk_records() > 300) {
      return ConfigKeyError(absl::StrCat(kKey, ".chunk_records"), "must be 1-300");
    }
    runner.chunk_records = static_cast<int>(config.chunk_records());
  }
  LEADGW_ASSIGN_OR_RETURN(jobs.delivery_ttl,
                          Bounded(config.has_delivery_ttl(), config.delivery_ttl(),
                                  jobs.delivery_ttl, absl::Minutes(1), absl::Hours(24 * 30),
                                  "delivery_ttl"));
  LEADGW_ASSIGN_OR_RETURN(runner.result_ttl,
                          Bounded(config.has_result_ttl(), config.result_ttl(), runner.result_ttl,
                                  absl::Minutes(1), absl::Hours(24 * 90), "result_ttl"));
  LEADGW_ASSIGN_OR_RETURN(runner.lease, Bounded(config.has_lease(), config.lease(), runner.lease,
                                                absl::Seconds(3), absl::Minutes(10), "lease"));
  LEADGW_ASSIGN_OR_RETURN(
      runner.attempt_timeout,
      Bounded(config.has_attempt_timeout(), config.attempt_timeout(), runner.attempt_timeout,
              absl::Seconds(1), absl::Hours(1), "attempt_timeout"));
  LEADGW_ASSIGN_OR_RETURN(
      runner.initial_backoff,
      Bounded(config.has_initial_backoff(), config.initial_backoff(), runner.initial_backoff,
              absl::Milliseconds(10), absl::Hours(1), "initial_backoff"));
  LEADGW_ASSIGN_OR_RETURN(runner.max_backoff,
                          Bounded(config.has_max_backoff(), config.max_backoff(),
                                  runner.max_backoff, runner.initial_backoff, absl::Hours(1),
                                  "max_backoff"));
  return jobs;
}

}  // namespace leadgw::service
