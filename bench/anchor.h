// The anchor of a benchmark run (issue 16): a proxied RPC is one gRPC server round trip
// plus one HTTP proxy hop, so the best this machine allows is the bare gRPC floor
// (grpc_floor_server) plus the hop of a real proxy (HAProxy in front of the same emulator),
// both measured in the same run as the gateway. Each gateway figure is judged as a ratio to
// that sum, which holds on a noisy machine where absolute budgets do not.
#ifndef LEADGW_BENCH_ANCHOR_H_
#define LEADGW_BENCH_ANCHOR_H_

#include <string>
#include <vector>

#include "bench/floors.h"
#include "bench/report_model.h"

namespace leadgw::bench {

inline constexpr double kAnchorP50Ratio = 1.0;   // gateway added p50 / (floor p50 + hop p50)
inline constexpr double kAnchorP99Ratio = 1.5;   // gateway added p99 / (floor p99 + hop p99)
inline constexpr double kAnchorCpuRatio = 1.0;   // gateway CPU / (floor CPU + HAProxy CPU)
inline constexpr double kThroughputRatio = 0.5;  // closed loop: gateway / emulator alone
inline constexpr double kThroughputP99LimitUs = 5000;
inline constexpr double kCpuPerRecordLimitUs = 1.0;  // upsert_300, per record

// The name of the closed-loop scenario: get_lead with a fixed number of requests in flight,
// direct (the emulator alone) against the gateway.
inline constexpr char kThroughputScenario[] = "throughput";

// The anchor checks of every proxied scenario that has gateway, direct and HAProxy runs
// and a gRPC floor, plus upsert_300's CPU per record and the closed-loop throughput. A
// ratio whose denominator is not positive (HAProxy measured faster than direct: noise) is
// inconclusive.
std::vector<BudgetCheck> AnchorChecks(const RunFigures& run, const Floors& floors);

// One line per server run and scenario with perf stat counters: syscalls, context
// switches, CPU migrations and thread creations per request. Empty without counters.
std::vector<std::string> KernelLines(const RunFigures& run);

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_ANCHOR_H_
