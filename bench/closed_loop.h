// The closed-loop machinery both benchmark clients share: `concurrency` lanes, each with
// exactly one request outstanding, each answer sending the lane's next request at once.
// A run sends for warm-up + duration, then waits (bounded by the request timeout) for
// the last answers. Its figure is throughput: "achieved_rate" is measured answers per
// second from the end of the warm-up to the last measured answer.
//
// Latency is measured from each request's ACTUAL send to its answer: a closed loop has no
// intended send time (the next request is due exactly when the previous one answers), so
// there is no coordinated omission to correct; a slow answer shows as lower throughput.
// "send_lag_us" is the client's own turnaround: from the answer that freed a lane (or
// the start, for a lane's first request) to the lane's next send.
#ifndef LEADGW_BENCH_CLOSED_LOOP_H_
#define LEADGW_BENCH_CLOSED_LOOP_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bench/open_loop.h"

namespace leadgw::bench {

// One request of a closed-loop run, from its send to its answer.
struct ClosedLoopRequest {
  int lane = 0;
  int64_t sequence = 0;  // 0, 1, 2, ... over the run: which workload request to send
  int64_t sent_ns = 0;   // MonotonicNowNs() at the send
  bool measured = false;  // sent after the warm-up
};

class ClosedLoopRun {
 public:
  // `options` must be normalized (NormalizeRunOptions) with concurrency > 0.
  explicit ClosedLoopRun(RunOptions options);

  int concurrency() const { return options_.concurrency; }

  // Starts the clock (warm-up, then the measured window) and the client's CPU meter.
  // Call once, before the first Next(), on the thread that will call ReportJson().
  void Start();

  // The next request of `lane`, stamped as sent now: call it just before sending. Once
  // the measured window is over it returns nullopt and the lane has ended for good.
  // Thread-safe; each lane is driven by one thread at a time.
  std::optional<ClosedLoopRequest> Next(int lane);

  // Records the outcome (open_loop.h codes) of `request`, answered at `answer_ns`
  // (MonotonicNowNs()). Thread-safe.
  void Record(const ClosedLoopRequest& request, int32_t outcome, int64_t answer_ns);

  // True once every lane has ended (its last answer recorded, nothing more to send).
  bool Ended() const { return active_lanes_.load(std::memory_order_acquire) == 0; }

  // When waiting for the last answers must stop whatever happens: the end of the measured
  // window plus the request timeout and 2 s.
  int64_t HardDeadlineNs() const { return hard_deadline_ns_; }

  // Sleeps until Ended() or the hard deadline, in 1 ms steps; returns Ended(). For
  // clients whose answers arrive on other threads.
  bool WaitUntilEnded() const;

  // The report (see FormatReportJson); measured requests still unanswered count as
  // "unanswered". Answers recorded later are ignored by this report.
  std::string ReportJson(const OutcomeNamer& namer) const;

 private:
  // One lane's measured requests, written by whichever thread drives the lane.
  struct Lane {
    mutable std::mutex mu;
    std::vector<int64_t> latency_ns;
    std::vector<int32_t> outcome;
    std::vector<int64_t> send_lag_ns;
    int64_t measured_sent = 0;
    int64_t freed_ns = 0;      // last answer (or the start): where send lag counts from
    int64_t last_answer_ns = 0;  // last measured answer
    bool ended = false;
  };

  const RunOptions options_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::atomic<int64_t> sequence_{0};
  std::atomic<int> active_lanes_;
  int64_t cpu_start_ns_ = -1;
  int64_t measure_start_ns_ = 0;
  int64_t measure_end_ns_ = 0;
  int64_t hard_deadline_ns_ = 0;
};

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_CLOSED_LOOP_H_
