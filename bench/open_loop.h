// The open-loop (constant-rate) machinery both benchmark clients share: the send
// schedule, precise sleeping, per-request outcome slots and the JSON report.
//
// Latency is measured from each request's INTENDED send time (start + i / rate), not from
// when it was actually sent, so a stalled sender or server is charged for every request
// it delayed (the "coordinated omission" correction): a client that waits for slow
// answers before sending more would otherwise hide exactly the stalls we look for.
#ifndef LEADGW_BENCH_OPEN_LOOP_H_
#define LEADGW_BENCH_OPEN_LOOP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace leadgw::bench {

// Hard bounds, whatever the flags say: a benchmark run always ends.
inline constexpr absl::Duration kMaxDuration = absl::Seconds(120);
inline constexpr absl::Duration kMaxWarmup = absl::Seconds(30);
inline constexpr double kMaxRate = 100000;
// Closed loop (see closed_loop.h) keeps 1..kMaxConcurrency requests outstanding.
inline constexpr int kMaxConcurrency = 256;

// Outcome codes stored per request. Clients map their own codes (gRPC status codes,
// HTTP statuses, curl errors) onto non-negative ints and name them with an OutcomeNamer.
inline constexpr int32_t kOutcomeOk = 0;
inline constexpr int32_t kOutcomePending = -1;  // no answer (still in flight at the end)
inline constexpr int32_t kOutcomeOverload = -2;  // not sent: too many requests in flight

// Turns a client's outcome code (> 0) into the name used in the report's "errors" map.
using OutcomeNamer = std::function<std::string(int32_t)>;

struct RunOptions {
  std::string client;    // "gateway", "direct" or "grpc_floor": the report's "client"
  std::string scenario;  // the report's "scenario"
  double rate = 1000;    // requests per second
  absl::Duration warmup = absl::Seconds(1);
  absl::Duration duration = absl::Seconds(20);
  absl::Duration timeout = absl::Seconds(5);  // per request
  int max_in_flight = 10000;
  // 0: open loop at `rate`; 1..kMaxConcurrency: closed loop (closed_loop.h), `rate` unused.
  int concurrency = 0;
};

// Clamps rate, warmup and duration into the hard bounds; false (with `error`) when a
// value is unusable (non-positive rate or duration, concurrency outside 0..256).
bool NormalizeRunOptions(RunOptions& options, std::string* error);

// Request i of a run is intended to start at start + i / rate. The first
// warmup_count() requests are sent but not measured.
class OpenLoopSchedule {
 public:
  explicit OpenLoopSchedule(const RunOptions& options);

  int64_t total() const { return warmup_count_ + measured_count_; }
  int64_t warmup_count() const { return warmup_count_; }
  int64_t measured_count() const { return measured_count_; }
  // Offset of request i from the start, in nanoseconds.
  int64_t OffsetNs(int64_t i) const;

 private:
  double period_ns_;
  int64_t warmup_count_;
  int64_t measured_count_;
};

// CLOCK_MONOTONIC in nanoseconds (what steady_clock, clock_nanosleep and timerfd use).
int64_t MonotonicNowNs();

// Sleeps until the monotonic clock reaches `deadline_ns` (absolute; no drift).
void SleepUntilNs(int64_t deadline_ns);

// Asks the kernel to wake this thread's timers as precisely as it can (the default
// slack is 50 µs, the size of the effects we measure).
void UsePreciseTimers();

// This process's CPU time (user + system, every thread), in nanoseconds; -1 on failure.
int64_t ProcessCpuNs();

// What a run measured, in the form every report shares (open and closed loop).
struct RunTally {
  int64_t sent_total = 0;  // every request sent, warm-up included
  int64_t measured = 0;    // requests meant to be measured
  int64_t ok = 0;
  std::vector<int64_t> answered_latency_ns;  // every answered measured request, errors too
  std::map<std::string, int64_t> errors;     // report name -> count
  double achieved_rate = 0;                  // answers per second
  std::vector<int64_t> send_lag_ns;
  int64_t cpu_start_ns = -1;  // ProcessCpuNs() before sending; -1: unknown
  int64_t cpu_end_ns = -1;    // ProcessCpuNs() when the run ended
};

// Adds one measured request's outcome to `tally`: an answer (latency and ok or named
// error) or kOutcomePending / kOutcomeOverload (an error, no latency).
void TallyOutcome(int32_t outcome, int64_t latency_ns, const OutcomeNamer& namer,
                  RunTally& tally);

// The report as one JSON object (one line): options (the mode follows
// options.concurrency; "target_rate" is 0 in closed loop) and the tally's figures.
// "client_cpu_us_per_request" is the CPU of the tally's window over sent_total, warm-up
// included like the gateway's CPU per RPC; absent when unknown.
std::string FormatReportJson(const RunOptions& options, RunTally tally);

// One slot per measured request, written once by whichever thread completes that
// request; Finish() makes every slot visible to the reporting thread.
class OutcomeLog {
 public:
  explicit OutcomeLog(int64_t measured_count);

  // Records the answer to measured request `index` (0-based among measured requests).
  // Thread-safe for distinct indices.
  void Record(int64_t index, int32_t outcome, int64_t latency_ns);
  // Records how late the sender actually sent measured request `index`.
  void RecordSendLag(int64_t index, int64_t lag_ns);
  // Counts one finished request (measured or not); pairs with Finished().
  void MarkDone() { done_.fetch_add(1, std::memory_order_release); }
  int64_t Finished() const { return done_.load(std::memory_order_acquire); }
  // Snapshots this process's CPU time (user + system, every thread: a client's library
  // threads are part of its cost). Call it once, just before the send loop; the report's
  // "client_cpu_us_per_request" is the CPU spent from here to ReportJson(). Not
  // thread-safe: call it on the thread that will call ReportJson().
  void MarkSendStart();

  // The report as one JSON object (one line). `sent_total` counts every request sent,
  // warm-up included (what upstream calls per RPC divide by). Latency percentiles cover
  // every answered measured request, errors included; "achieved_rate" is answers per
  // second from the first measured intended send to the last measured answer;
  // "client_cpu_us_per_request" (only after MarkSendStart()) is this process's CPU since
  // MarkSendStart() over `sent_total`, warm-up included like the gateway's CPU per RPC.
  std::string ReportJson(const RunOptions& options, const OpenLoopSchedule& schedule,
                         int64_t sent_total, const OutcomeNamer& namer) const;

 private:
  std::vector<int64_t> latency_ns_;
  std::vector<int32_t> outcome_;
  std::vector<int64_t> send_lag_ns_;
  std::atomic<int64_t> done_{0};
  int64_t cpu_start_ns_ = -1;  // -1: MarkSendStart() not called
};

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_OPEN_LOOP_H_
