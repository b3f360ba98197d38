// What fleet mode adds to each upstream call: the shared window's two Redis scripts
// (admission and end), measured against a plain Redis PING on the same connection in the
// same run (the floor of any Redis round trip), and the capacity gate's admission with and
// without the fleet window. Starts its own redis-server on a free loopback port.
//
//   bazel run --config=opt //bench/fleet:fleet_bench
//
// Prints p50/p99 per case and the ratios to the PING baseline; fixed loop counts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "tests/testing/redis_server.h"
#include "upstream/coord/redis_client.h"
#include "upstream/coord/shared_window.h"
#include "upstream/quota/capacity_gate.h"

namespace leadgw::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kWarmup = 500;
constexpr int kRounds = 10000;

struct Figures {
  double p50_us;
  double p99_us;
};

template <typename Body>
Figures Measure(Body body) {
  for (int i = 0; i < kWarmup; ++i) body();
  std::vector<double> samples;
  samples.reserve(kRounds);
  for (int i = 0; i < kRounds; ++i) {
    const Clock::time_point start = Clock::now();
    body();
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return {samples[samples.size() / 2], samples[samples.size() * 99 / 100]};
}

void Report(const char* name, const Figures& figures, const Figures& baseline) {
  std::printf("%-44s p50 %8.1f us  p99 %8.1f us   x%.2f / x%.2f of PING\n", name, figures.p50_us,
              figures.p99_us, figures.p50_us / baseline.p50_us, figures.p99_us / baseline.p99_us);
  std::fflush(stdout);
}

int Run() {
  auto server = testing::RedisServer::Start();
  if (!server.ok()) {
    std::fprintf(stderr, "fleet_bench: %s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  upstream::coord::RedisOptions redis_options;
  redis_options.port = (*server)->port();
  redis_options.command_timeout = absl::Seconds(5);
  auto redis = std::make_shared<upstream::coord::RedisClient>(redis_options);
  upstream::coord::SharedWindowOptions window_options;
  window_options.connection = "bench";
  window_options.span = absl::Seconds(20);
  window_options.replica_id = "bench";
  upstream::coord::SharedWindow window(redis, window_options);

  const Figures ping = Measure([&] { (void)redis->Command({"PING"}); });
  Report("redis PING (baseline)", ping, ping);
  // The limit is far above the loop count, so every admission opens a call.
  const Figures open_close = Measure([&] {
    absl::StatusOr<upstream::coord::Admission> admission = window.TryOpen(1 << 20);
    if (admission.ok() && admission->admitted) (void)window.Close(admission->call_id);
  });
  Report("shared window: admission + end", open_close, ping);

  upstream::quota::GateOptions local;
  local.calls_per_window = 1 << 20;  // the log holds this many entries: 16 MiB
  local.window = absl::Seconds(20);
  upstream::quota::CapacityGate local_gate(local);
  const Figures local_figures = Measure([&] {
    (void)local_gate.Acquire(upstream::http::RequestPriority::kInteractive,
                             absl::InfiniteFuture());
  });
  Report("gate acquire + release, one process", local_figures, ping);

  upstream::quota::GateOptions fleet = local;
  upstream::coord::SharedWindowOptions gate_window = window_options;
  gate_window.connection = "bench-gate";
  fleet.fleet_window = std::make_shared<upstream::coord::SharedWindow>(redis, gate_window);
  fleet.fleet_replicas = 3;
  upstream::quota::CapacityGate fleet_gate(fleet);
  const Figures fleet_figures = Measure([&] {
    (void)fleet_gate.Acquire(upstream::http::RequestPriority::kInteractive,
                             absl::InfiniteFuture());
  });
  Report("gate acquire + release, fleet mode", fleet_figures, ping);
  return 0;
}

}  // namespace
}  // namespace leadgw::bench

int main() { return leadgw::bench::Run(); }
