// The machinery bench/coalescing's workloads share: a fresh Marketo emulator at Marketo's
// real limits (100 calls per 20 s, 10 concurrent) and a fresh gateway per mode, 400
// closed-loop callers for the mode's duration, latency statistics, the gateway's
// coalescing metrics at the end of a mode, and the printed lines, table and goals.
// A workload supplies only how one caller's RPC is sent and judged (SendOne), what the
// emulator holds before the gateway starts (Seed) and its labels and goals (WorkloadSpec).
// Everything listens on loopback only.
#ifndef LEADGW_BENCH_COALESCING_BENCH_HARNESS_H_
#define LEADGW_BENCH_COALESCING_BENCH_HARNESS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "emulators/marketo/marketo_emulator.h"
#include "grpcpp/grpcpp.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"

namespace leadgw::bench {

inline constexpr int kCallerThreads = 400;
inline constexpr absl::Duration kRpcDeadline = absl::Seconds(10);
// 300 items (records, or filter values) per call x 100 calls per 20 s.
inline constexpr double kPhysicalLimitPerSecond = 1500.0;

// One configuration of the gateway's connection.
struct Mode {
  const char* name;
  // The connection's coalescing.maxWait, in protobuf JSON's Duration syntax: seconds with
  // an "s" suffix only, so 50 ms is "0.05s" ("50ms" fails the config).
  const char* max_wait;
};

// What one RPC achieved. `units` (records written, lookups answered) and `wrong` count
// only when the status is OK.
struct CallOutcome {
  grpc::Status status;
  int64_t units = 0;
  bool wrong = false;  // OK, but not the answer the caller needed
};

// Sends caller `thread`'s `sequence`th RPC under `context` (its deadline already set).
using SendOne = std::function<CallOutcome(::leadgateway::v1::LeadService::Stub& stub,
                                          grpc::ClientContext& context, int thread,
                                          int64_t sequence)>;

// Prepares a fresh emulator before its gateway starts (e.g. seeds leads); may be empty.
using Seed = std::function<void(emulators::marketo::MarketoEmulator& emulator)>;

// How a workload names its numbers, and its goals for the paced mode.
struct WorkloadSpec {
  std::string name;               // "writes", "lookups": prefixes lines and headings
  std::string unit;               // "records", "lookups": what units count
  std::string upstream_endpoint;  // the emulator's counter: "sync_leads", ...
  std::string per_call;           // "records/call", "values/call"
  double goal_per_second = 1400.0;
  absl::Duration goal_p99 = absl::Seconds(1);
  absl::Duration goal_p50 = absl::Milliseconds(500);
};

// One caller thread's counts; merged after the threads are joined, so no locking.
struct CallerTally {
  int64_t units = 0;
  int64_t rpcs_ok = 0;
  int64_t rpcs_resource_exhausted = 0;
  int64_t rpcs_deadline_exceeded = 0;
  int64_t rpcs_other_errors = 0;
  int64_t wrong_answers = 0;
  std::vector<absl::Duration> ok_latencies;
  std::map<std::string, int64_t> other_error_samples;  // code and start of odd errors

  void Merge(const CallerTally& from);
};

// The gateway's own view at the end of a mode (its /metrics, summed over labels).
struct GatewayStats {
  bool scraped = false;
  double coalesced_calls = 0;      // leadgw_coalesced_call_records_count
  double coalesced_items = 0;      // leadgw_coalesced_call_records_sum
  double coalesce_wait_sum = 0;    // leadgw_coalesce_wait_seconds_{sum,count}
  double coalesce_wait_count = 0;
  double quota_wait_sum = 0;       // leadgw_quota_wait_seconds_{sum,count}
  double quota_wait_count = 0;
};

struct ModeResult {
  std::string name;
  absl::Duration measured;  // first send to the last caller's return
  CallerTally totals;
  int64_t upstream_calls = 0;  // the workload's endpoint, failed RPCs' calls included
  int64_t limit_errors = 0;    // emulator 606 + 615 + 607, every endpoint
  absl::Duration p50;          // of OK RPCs
  absl::Duration p99;
  GatewayStats gateway;

  double PerSecond() const;
  double PerCall() const;  // units per upstream call
};

// COALESCING_BENCH_SECONDS, else 60 s (three 20 s windows).
absl::Duration ModeDuration();

// Runs one mode of `spec`: a fresh emulator (seeded by `seed`), a fresh gateway with
// `mode.max_wait`, and kCallerThreads callers sending `send_one` back to back for
// `duration`. A refused caller waits as a well-behaved client would (the RetryInfo hint,
// else 100 ms, never past the end). nullopt when the emulator or the gateway fails to
// start. With COALESCING_BENCH_LOG_DIR set, the gateway's log is copied there.
std::optional<ModeResult> RunMode(const WorkloadSpec& spec, const Mode& mode,
                                  absl::Duration duration, const Seed& seed,
                                  const SendOne& send_one);

// One line per mode as it finishes (and the gateway's metrics under it).
void PrintModeLine(const WorkloadSpec& spec, const ModeResult& result,
                   double off_per_second);
// The workload's table; its first row is the baseline of the "/off" column.
void PrintTable(const WorkloadSpec& spec, const std::vector<ModeResult>& results);
// PASS/MISS of the paced mode against spec's goals (printed only).
void PrintGoals(const WorkloadSpec& spec, const ModeResult& paced);

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_COALESCING_BENCH_HARNESS_H_
