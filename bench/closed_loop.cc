#include "bench/closed_loop.h"

#include <algorithm>
#include <utility>

namespace leadgw::bench {

ClosedLoopRun::ClosedLoopRun(RunOptions options)
    : options_(std::move(options)), active_lanes_(options_.concurrency) {
  lanes_.reserve(static_cast<size_t>(options_.concurrency));
  for (int i = 0; i < options_.concurrency; ++i) lanes_.push_back(std::make_unique<Lane>());
}

void ClosedLoopRun::Start() {
  cpu_start_ns_ = ProcessCpuNs();
  const int64_t start_ns = MonotonicNowNs();
  measure_start_ns_ = start_ns + absl::ToInt64Nanoseconds(options_.warmup);
  measure_end_ns_ = measure_start_ns_ + absl::ToInt64Nanoseconds(options_.duration);
  hard_deadline_ns_ =
      measure_end_ns_ + absl::ToInt64Nanoseconds(options_.timeout + absl::Seconds(2));
  for (auto& lane : lanes_) {
    std::lock_guard<std::mutex> lock(lane->mu);
    lane->freed_ns = start_ns;
  }
}

std::optional<ClosedLoopRequest> ClosedLoopRun::Next(int lane_index) {
  if (lane_index < 0 || lane_index >= static_cast<int>(lanes_.size())) return std::nullopt;
  Lane& lane = *lanes_[static_cast<size_t>(lane_index)];
  const int64_t now = MonotonicNowNs();
  std::lock_guard<std::mutex> lock(lane.mu);
  if (lane.ended) return std::nullopt;
  if (now >= measure_end_ns_) {
    lane.ended = true;
    active_lanes_.fetch_sub(1, std::memory_order_acq_rel);
    return std::nullopt;
  }
  ClosedLoopRequest request;
  request.lane = lane_index;
  request.sequence = sequence_.fetch_add(1, std::memory_order_relaxed);
  request.sent_ns = now;
  request.measured = now >= measure_start_ns_;
  if (request.measured) {
    ++lane.measured_sent;
    lane.send_lag_ns.push_back(now - lane.freed_ns);
  }
  return request;
}

void ClosedLoopRun::Record(const ClosedLoopRequest& request, int32_t outcome,
                           int64_t answer_ns) {
  if (request.lane < 0 || request.lane >= static_cast<int>(lanes_.size())) return;
  Lane& lane = *lanes_[static_cast<size_t>(request.lane)];
  std::lock_guard<std::mutex> lock(lane.mu);
  lane.freed_ns = answer_ns;
  if (!request.measured) return;
  lane.latency_ns.push_back(answer_ns - request.sent_ns);
  lane.outcome.push_back(outcome);
  lane.last_answer_ns = std::max(lane.last_answer_ns, answer_ns);
}

bool ClosedLoopRun::WaitUntilEnded() const {
  while (!Ended() && MonotonicNowNs() < hard_deadline_ns_) {
    SleepUntilNs(MonotonicNowNs() + 1000000);
  }
  return Ended();
}

std::string ClosedLoopRun::ReportJson(const OutcomeNamer& namer) const {
  RunTally tally;
  // First, so the report's own sorting stays out of the client's CPU figure.
  tally.cpu_end_ns = ProcessCpuNs();
  tally.cpu_start_ns = cpu_start_ns_;
  tally.sent_total = sequence_.load(std::memory_order_relaxed);
  int64_t last_answer_ns = measure_start_ns_;
  for (const auto& lane : lanes_) {
    std::lock_guard<std::mutex> lock(lane->mu);
    tally.measured += lane->measured_sent;
    for (size_t i = 0; i < lane->outcome.size(); ++i) {
      TallyOutcome(lane->outcome[i], lane->latency_ns[i], namer, tally);
    }
    const auto unanswered = lane->measured_sent - static_cast<int64_t>(lane->outcome.size());
    for (int64_t i = 0; i < unanswered; ++i) TallyOutcome(kOutcomePending, 0, namer, tally);
    tally.send_lag_ns.insert(tally.send_lag_ns.end(), lane->send_lag_ns.begin(),
                             lane->send_lag_ns.end());
    last_answer_ns = std::max(last_answer_ns, lane->last_answer_ns);
  }
  const double window_s = static_cast<double>(last_answer_ns - measure_start_ns_) / 1e9;
  tally.achieved_rate =
      window_s > 0 ? static_cast<double>(tally.answered_latency_ns.size()) / window_s : 0.0;
  return FormatReportJson(options_, std::move(tally));
}

}  // namespace leadgw::bench
