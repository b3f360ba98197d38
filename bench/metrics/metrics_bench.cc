// Micro-benchmark of the metrics hot paths. Plain std::chrono timing, fixed loop counts.
// Run optimised: bazel run --config=opt //bench/metrics:metrics_bench
// Prints one line per case: `<case> <ns> ns/op (<ops> ops/thread, <threads> threads)`,
// where ns/op is wall time divided by the ops each thread ran: the cost of one call as
// seen by a caller while the other threads run the same loop.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "metrics/builder.h"
#include "metrics/registry.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace leadgw::metrics {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kCounterOps = 20'000'000;
constexpr int64_t kObserveOps = 10'000'000;
constexpr int64_t kLookupOps = 1'000'000;
constexpr int kSerializeOps = 200;

// Runs `body(thread_index)` on `threads` threads at once, each doing `ops_per_thread`
// ops; returns wall-clock ns divided by `ops_per_thread`.
template <typename Body>
double TimeNsPerOp(int threads, int64_t ops_per_thread, Body body) {
  std::vector<std::thread> workers;
  const Clock::time_point start = Clock::now();
  for (int t = 0; t < threads; ++t) workers.emplace_back([&body, t] { body(t); });
  for (std::thread& worker : workers) worker.join();
  const std::chrono::duration<double, std::nano> elapsed = Clock::now() - start;
  return elapsed.count() / static_cast<double>(ops_per_thread);
}

void Report(const char* name, double ns_per_op, int64_t ops_per_thread, int threads) {
  std::printf("%-36s %9.2f ns/op (%lld ops/thread, %d thread%s)\n", name, ns_per_op,
              static_cast<long long>(ops_per_thread), threads, threads == 1 ? "" : "s");
  std::fflush(stdout);
}

// Pseudo-random latencies spread over the default buckets, precomputed so the loop
// measures Observe() and not the generator.
std::vector<double> Latencies() {
  std::vector<double> values(1024);
  uint64_t state = 88172645463325252ull;
  for (double& value : values) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    value = static_cast<double>(state % 200'000) / 1000.0;  // 0 .. 200 s
  }
  return values;
}

void Run() {
  Registry registry;
  Counter& counter =
      BuildCounter().Name("bench_counter_total").Help("bench").Register(registry).Add({});
  Report("Counter::Increment()",
         TimeNsPerOp(1, kCounterOps,
                     [&](int) {
                       for (int64_t i = 0; i < kCounterOps; ++i) counter.Increment();
                     }),
         kCounterOps, 1);
  Report("Counter::Increment(0.5)",
         TimeNsPerOp(1, kCounterOps,
                     [&](int) {
                       for (int64_t i = 0; i < kCounterOps; ++i) counter.Increment(0.5);
                     }),
         kCounterOps, 1);

  Family<Histogram>& latency = BuildHistogram()
                                   .Name("bench_latency_seconds")
                                   .Help("bench")
                                   .LabelNames({"thread"})
                                   .Buckets(Histogram::DefaultLatencyBuckets())
                                   .Register(registry);
  const std::vector<double> values = Latencies();
  auto observe_loop = [&values](Histogram& histogram) {
    for (int64_t i = 0; i < kObserveOps; ++i) histogram.Observe(values[i & 1023]);
  };
  Histogram& shared = latency.Add({{"thread", "shared"}});
  Report("Histogram::Observe", TimeNsPerOp(1, kObserveOps, [&](int) { observe_loop(shared); }),
         kObserveOps, 1);
  Report("Histogram::Observe shared",
         TimeNsPerOp(2, kObserveOps, [&](int) { observe_loop(shared); }), kObserveOps, 2);
  Histogram& own0 = latency.Add({{"thread", "0"}});
  Histogram& own1 = latency.Add({{"thread", "1"}});
  Report("Histogram::Observe per-thread",
         TimeNsPerOp(2, kObserveOps, [&](int t) { observe_loop(t == 0 ? own0 : own1); }),
         kObserveOps, 2);

  Family<Counter>& requests = BuildCounter()
                                  .Name("bench_requests_total")
                                  .Help("bench")
                                  .LabelNames({"method", "code"})
                                  .Register(registry);
  std::vector<Labels> label_sets;
  for (int m = 0; m < 20; ++m) {
    for (const char* code : {"OK", "INVALID_ARGUMENT", "UNAVAILABLE", "INTERNAL", "NOT_FOUND"}) {
      label_sets.push_back({{"method", absl::StrCat("Method", m)}, {"code", code}});
      requests.Add(label_sets.back());
    }
  }
  uintptr_t sink = 0;
  Report("Family::Add existing (100 series)",
         TimeNsPerOp(1, kLookupOps,
                     [&](int) {
                       for (int64_t i = 0; i < kLookupOps; ++i) {
                         sink ^= reinterpret_cast<uintptr_t>(
                             &requests.Add(label_sets[i % label_sets.size()]));
                       }
                     }),
         kLookupOps, 1);

  // What we kept ours, measured against prometheus-cpp's own classes in the same run
  // (ADR 0006): its Histogram takes a mutex per Observe, its Family::Add allocates a
  // metric before looking the labels up.
  prometheus::Registry prometheus_registry;
  prometheus::Histogram& prometheus_shared =
      prometheus::BuildHistogram()
          .Name("bench_prometheus_latency_seconds")
          .Help("bench")
          .Register(prometheus_registry)
          .Add({}, Histogram::DefaultLatencyBuckets());
  auto prometheus_observe_loop = [&values, &prometheus_shared] {
    for (int64_t i = 0; i < kObserveOps; ++i) prometheus_shared.Observe(values[i & 1023]);
  };
  Report("prometheus::Histogram::Observe",
         TimeNsPerOp(1, kObserveOps, [&](int) { prometheus_observe_loop(); }), kObserveOps, 1);
  Report("prometheus::Histogram::Observe shared",
         TimeNsPerOp(2, kObserveOps, [&](int) { prometheus_observe_loop(); }), kObserveOps, 2);
  auto& prometheus_requests = prometheus::BuildCounter()
                                  .Name("bench_prometheus_requests_total")
                                  .Help("bench")
                                  .Register(prometheus_registry);
  for (const Labels& labels : label_sets) prometheus_requests.Add(labels);
  Report("prometheus::Family::Add existing",
         TimeNsPerOp(1, kLookupOps,
                     [&](int) {
                       for (int64_t i = 0; i < kLookupOps; ++i) {
                         sink ^= reinterpret_cast<uintptr_t>(
                             &prometheus_requests.Add(label_sets[i % label_sets.size()]));
                       }
                     }),
         kLookupOps, 1);

  size_t bytes = 0;
  Report("Registry::Serialize (ns/scrape)",
         TimeNsPerOp(1, kSerializeOps,
                     [&](int) {
                       for (int i = 0; i < kSerializeOps; ++i) bytes += registry.Serialize().size();
                     }),
         kSerializeOps, 1);
  std::printf("(sink %llu, %zu bytes per scrape)\n", static_cast<unsigned long long>(sink & 1),
              bytes / kSerializeOps);
}

}  // namespace
}  // namespace leadgw::metrics

int main() {
  leadgw::metrics::Run();
  return 0;
}
