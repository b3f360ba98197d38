// The figures of a benchmark run: per-scenario results of both clients read from the
// record files bench/run writes, combined over rounds, and the budget checks.
#ifndef LEADGW_BENCH_REPORT_MODEL_H_
#define LEADGW_BENCH_REPORT_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::bench {

// The client label of load_client runs against bench's grpc_floor_server (gRPC's default
// health service alone): the gRPC floor the gateway's figures are compared to.
inline constexpr char kGrpcFloorClient[] = "grpc_floor";
// The client label of direct_client runs through HAProxy (bench/run's anchor): the same
// REST calls as "direct", one real proxy hop longer.
inline constexpr char kHaproxyClient[] = "haproxy";

// One client's figures for one scenario (medians over rounds; counts summed).
struct Figures {
  int rounds = 0;
  double target_rate = 0;
  double achieved_rate = 0;
  double elapsed_s = 0;  // warm-up + measured time of one client run
  int64_t sent_total = 0;  // warm-up included
  int64_t answered = 0;
  int64_t ok = 0;
  std::map<std::string, int64_t> errors;
  // "p50", "p90", "p99", "p999", "max", "mean" -> microseconds.
  std::map<std::string, double> latency_us;
  double send_lag_p99_us = 0;
  // CPU (user + system) of the server the client called (the gateway; for grpc_floor runs
  // the floor server) over the run divided by RPCs sent; -1 when unknown (direct runs).
  // From perf's task-clock when counted, else from /proc's clock ticks.
  double cpu_us_per_rpc = -1;
  // The client process's own CPU from its first send to its report, over requests sent
  // (warm-up included, like cpu_us_per_rpc); -1 when the record has none.
  double client_cpu_us_per_request = -1;
  // Process figures of the gateway (of the floor server for grpc_floor runs).
  double vm_hwm_mib = 0;  // peak RSS when the run ended
  int64_t gateway_threads = 0;  // threads when the run ended (max over rounds)
  int64_t gateway_sockets = 0;  // sockets when the run ended (max over rounds)
  // perf stat of the server called, per request sent: "syscalls", "context_switches",
  // "cpu_migrations", "thread_creations", "task_clock_us". Empty when not counted (direct
  // runs, COUNTERS=0).
  std::map<std::string, double> kernel_per_request;
  // "<emulator>/<endpoint>" -> upstream requests during the run.
  std::map<std::string, int64_t> upstream;
  int64_t upstream_total = 0;

  int64_t ErrorCount() const;
  double CallsPerRpc() const;
  int64_t Upstream(absl::string_view emulator, absl::string_view endpoint) const;
};

struct ScenarioFigures {
  std::string scenario;
  bool has_gateway = false;
  bool has_direct = false;
  bool has_grpc_floor = false;  // health only: kGrpcFloorClient runs
  bool has_haproxy = false;     // proxied scenarios: kHaproxyClient runs
  Figures gateway;
  Figures direct;
  Figures grpc_floor;
  Figures haproxy;
  // Gateway minus direct, per latency key; empty without both clients.
  std::map<std::string, double> added_us;
  // HAProxy minus direct (the proxy's hop), per latency key; empty without both clients.
  std::map<std::string, double> haproxy_added_us;
};

struct BudgetCheck {
  std::string name;
  double value = 0;
  double limit = 0;
  std::string unit;
  bool pass = false;
  // The figures cannot decide (e.g. the direct baseline was slower than the gateway, which
  // only noise explains); `pass` is then false.
  bool inconclusive = false;
  std::string note;
};

// One check's figures; `pass` is decided by the caller (most checks: value <= limit).
BudgetCheck MakeCheck(std::string name, double value, double limit, std::string unit,
                      bool pass, std::string note = "");

struct RunFigures {
  std::string meta_json;  // bench/run's meta.json, copied into the summary
  double token_lifetime_s = 0;
  std::vector<ScenarioFigures> scenarios;  // in the canonical scenario order
  double peak_rss_mib = 0;
  std::vector<BudgetCheck> checks;
  std::vector<std::string> warnings;  // figures that make the run doubtful
};

// values[key], or nullopt when the figure was not measured.
std::optional<double> FindFigure(const std::map<std::string, double>& values,
                                 const std::string& key);

// True for the scenarios that proxy one upstream call per RPC (get_lead, query_leads,
// upsert_1, search_business_cards): the latency and CPU budgets apply to them.
bool IsProxiedScenario(absl::string_view scenario);

// Reads `meta_path` and every *.json record in `records_dir`, combines rounds and runs the
// budget checks (grpc_floor runs are reported, never checked, and stay out of the peak
// RSS). INVALID_ARGUMENT names a malformed file.
absl::StatusOr<RunFigures> LoadRun(const std::string& records_dir, const std::string& meta_path);

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_REPORT_MODEL_H_
