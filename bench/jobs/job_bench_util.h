// What bench/jobs' phases share: the emulator at Marketo's real limits and the gateway
// started from a config with a `jobs` block (both through tests/faults' helpers), lead
// batches with unique emails, the bench's environment knobs, latency summaries and
// printed ratios. Everything listens on loopback only.
#ifndef LEADGW_BENCH_JOBS_JOB_BENCH_UTIL_H_
#define LEADGW_BENCH_JOBS_JOB_BENCH_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "emulators/marketo/marketo_emulator.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::bench::job_bench {

// The gateway's one connection.
inline constexpr char kConnection[] = "mkto";
// Marketo's most records per call, and its physical ceiling: 300 x 100 calls per 20 s.
inline constexpr int kRecordsPerCall = 300;
inline constexpr double kCeilingRecordsPerSecond = 1500.0;

// A positive integer from the environment variable `name`, else `fallback`.
int EnvInt(const char* name, int fallback);

// The email of record `index` of the run's `prefix` (unique per prefix and index).
std::string EmailOf(absl::string_view prefix, int64_t index);

// A createOrUpdate of `count` new leads on kConnection: emails EmailOf(prefix, first) on.
::leadgateway::v1::UpsertLeadsRequest LeadBatch(absl::string_view prefix, int64_t first, int count);

// True for the record outcomes of a write that took effect (CREATED, UPDATED).
bool Written(::leadgateway::v1::RecordStatus status);

// A Marketo emulator at the real limits: 100 calls per 20 s, 10 concurrent. Null (with a
// message on stderr) when it cannot start.
std::unique_ptr<emulators::marketo::MarketoEmulator> StartLimitedMarketo();

// The gateway in front of `marketo` with the same limits on its connection and
// `jobs_block` (a JSON object) as the config's `jobs`.
absl::StatusOr<std::unique_ptr<testing::GatewayProcess>> StartJobsGateway(
    const emulators::marketo::MarketoEmulator& marketo, absl::string_view jobs_block);

// Stops `gateway` gracefully (SIGTERM, bounded wait) so that its journal is closed.
void StopGateway(testing::GatewayProcess& gateway);

// Latencies of successful calls, and how many calls failed (by gRPC code name).
struct LatencySample {
  std::vector<absl::Duration> ok;
  int64_t errors = 0;
  std::string first_error;  // code and start of the first failure's message

  void Merge(const LatencySample& from);
  absl::Duration P50() const;
  absl::Duration P99() const;
};

double Ms(absl::Duration duration);
// "value / base" with two decimals, or "n/a" when the base is not positive.
std::string Ratio(double value, double base);

}  // namespace leadgw::bench::job_bench

#endif  // LEADGW_BENCH_JOBS_JOB_BENCH_UTIL_H_
