#include "bench/open_loop.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace leadgw::bench {
namespace {

// Nearest-rank percentile of sorted, non-empty `values`.
int64_t Percentile(const std::vector<int64_t>& sorted, double fraction) {
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<int64_t>(std::ceil(fraction * n));
  rank = std::clamp<int64_t>(rank, 1, static_cast<int64_t>(sorted.size()));
  return sorted[static_cast<size_t>(rank - 1)];
}

std::string Micros(int64_t ns) { return absl::StrFormat("%.1f", static_cast<double>(ns) / 1e3); }

// {"p50":..,"p90":..,...} in microseconds; all zero when `values` is empty.
std::string DistributionJson(std::vector<int64_t> values, bool full) {
  if (values.empty()) values.push_back(0);
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (int64_t v : values) sum += static_cast<double>(v);
  const int64_t mean = static_cast<int64_t>(sum / static_cast<double>(values.size()));
  if (!full) {
    return absl::StrCat("{\"p50\":", Micros(Percentile(values, 0.50)),
                        ",\"p99\":", Micros(Percentile(values, 0.99)),
                        ",\"max\":", Micros(values.back()), "}");
  }
  return absl::StrCat("{\"p50\":", Micros(Percentile(values, 0.50)),
                      ",\"p90\":", Micros(Percentile(values, 0.90)),
                      ",\"p99\":", Micros(Percentile(values, 0.99)),
                      ",\"p999\":", Micros(Percentile(values, 0.999)),
                      ",\"max\":", Micros(values.back()), ",\"mean\":", Micros(mean), "}");
}

std::string Seconds(absl::Duration d) { return absl::StrFormat("%.3f", absl::ToDoubleSeconds(d)); }

int64_t TimevalNs(const timeval& t) {
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + static_cast<int64_t>(t.tv_usec) * 1000;
}

// ,"client_cpu_us_per_request":N, or nothing when the CPU time is unknown.
std::string ClientCpuJson(int64_t cpu_start_ns, int64_t cpu_end_ns, int64_t sent_total) {
  if (cpu_start_ns < 0 || cpu_end_ns < cpu_start_ns || sent_total <= 0) return "";
  const double per_request_us =
      static_cast<double>(cpu_end_ns - cpu_start_ns) / 1e3 / static_cast<double>(sent_total);
  return absl::StrFormat(",\"client_cpu_us_per_request\":%.2f", per_request_us);
}

// "mode":"open" or "mode":"closed","concurrency":N.
std::string ModeJson(const RunOptions& options) {
  if (options.concurrency == 0) return "\"mode\":\"open\"";
  return absl::StrCat("\"mode\":\"closed\",\"concurrency\":", options.concurrency);
}

}  // namespace

bool NormalizeRunOptions(RunOptions& options, std::string* error) {
  if (!(options.rate > 0)) {
    *error = "--rate must be positive";
    return false;
  }
  if (options.duration <= absl::ZeroDuration()) {
    *error = "--duration must be positive";
    return false;
  }
  if (options.concurrency < 0 || options.concurrency > kMaxConcurrency) {
    *error = absl::StrCat("--concurrency must be 0 (open loop) or 1..", kMaxConcurrency,
                          " (closed loop), not ", options.concurrency);
    return false;
  }
  options.rate = std::min(options.rate, kMaxRate);
  options.duration = std::min(options.duration, kMaxDuration);
  options.warmup = std::clamp(options.warmup, absl::ZeroDuration(), kMaxWarmup);
  options.timeout = std::clamp(options.timeout, absl::Milliseconds(1), absl::Seconds(60));
  options.max_in_flight = std::max(1, options.max_in_flight);
  return true;
}

OpenLoopSchedule::OpenLoopSchedule(const RunOptions& options)
    : period_ns_(1e9 / options.rate),
      warmup_count_(static_cast<int64_t>(absl::ToDoubleSeconds(options.warmup) * options.rate)),
      measured_count_(std::max<int64_t>(
          1, static_cast<int64_t>(absl::ToDoubleSeconds(options.duration) * options.rate))) {}

int64_t OpenLoopSchedule::OffsetNs(int64_t i) const {
  return static_cast<int64_t>(static_cast<double>(i) * period_ns_);
}

int64_t MonotonicNowNs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

void SleepUntilNs(int64_t deadline_ns) {
  timespec when{};
  when.tv_sec = static_cast<time_t>(deadline_ns / 1000000000);
  when.tv_nsec = static_cast<long>(deadline_ns % 1000000000);
  // EINTR resumes with the same absolute deadline; any other error returns at once. The
  // loop is bounded by the deadline itself.
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &when, nullptr) == EINTR) {
  }
}

void UsePreciseTimers() { prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL); }

int64_t ProcessCpuNs() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return -1;
  return TimevalNs(usage.ru_utime) + TimevalNs(usage.ru_stime);
}

void TallyOutcome(int32_t outcome, int64_t latency_ns, const OutcomeNamer& namer,
                  RunTally& tally) {
  if (outcome == kOutcomePending) {
    ++tally.errors["unanswered"];
    return;
  }
  if (outcome == kOutcomeOverload) {
    ++tally.errors["client_overload"];
    return;
  }
  tally.answered_latency_ns.push_back(latency_ns);
  if (outcome == kOutcomeOk) {
    ++tally.ok;
  } else {
    ++tally.errors[namer(outcome)];
  }
}

std::string FormatReportJson(const RunOptions& options, RunTally tally) {
  std::string errors_json = "{";
  for (const auto& [name, count] : tally.errors) {
    if (errors_json.size() > 1) errors_json += ",";
    absl::StrAppend(&errors_json, "\"", name, "\":", count);
  }
  errors_json += "}";
  const double target_rate = options.concurrency == 0 ? options.rate : 0.0;
  const size_t answered_count = tally.answered_latency_ns.size();
  return absl::StrCat(
      "{\"client\":\"", options.client, "\",\"scenario\":\"", options.scenario, "\",",
      ModeJson(options), ",\"target_rate\":", absl::StrFormat("%.1f", target_rate),
      ",\"warmup_s\":", Seconds(options.warmup), ",\"duration_s\":", Seconds(options.duration),
      ",\"sent_total\":", tally.sent_total, ",\"measured\":", tally.measured,
      ",\"answered\":", answered_count, ",\"ok\":", tally.ok, ",\"errors\":", errors_json,
      ",\"achieved_rate\":", absl::StrFormat("%.1f", tally.achieved_rate),
      ",\"latency_us\":", DistributionJson(std::move(tally.answered_latency_ns), true),
      ",\"send_lag_us\":", DistributionJson(std::move(tally.send_lag_ns), false),
      ClientCpuJson(tally.cpu_start_ns, tally.cpu_end_ns, tally.sent_total), "}");
}

OutcomeLog::OutcomeLog(int64_t measured_count)
    : latency_ns_(static_cast<size_t>(measured_count), 0),
      outcome_(static_cast<size_t>(measured_count), kOutcomePending),
      send_lag_ns_(static_cast<size_t>(measured_count), 0) {}

void OutcomeLog::Record(int64_t index, int32_t outcome, int64_t latency_ns) {
  if (index < 0 || index >= static_cast<int64_t>(outcome_.size())) return;
  latency_ns_[static_cast<size_t>(index)] = latency_ns;
  outcome_[static_cast<size_t>(index)] = outcome;
}

void OutcomeLog::MarkSendStart() { cpu_start_ns_ = ProcessCpuNs(); }

void OutcomeLog::RecordSendLag(int64_t index, int64_t lag_ns) {
  if (index < 0 || index >= static_cast<int64_t>(send_lag_ns_.size())) return;
  send_lag_ns_[static_cast<size_t>(index)] = lag_ns;
}

std::string OutcomeLog::ReportJson(const RunOptions& options, const OpenLoopSchedule& schedule,
                                   int64_t sent_total, const OutcomeNamer& namer) const {
  RunTally tally;
  // First, so the report's own sorting stays out of the client's CPU figure.
  tally.cpu_end_ns = ProcessCpuNs();
  tally.cpu_start_ns = cpu_start_ns_;
  tally.sent_total = sent_total;
  tally.measured = schedule.measured_count();
  tally.answered_latency_ns.reserve(latency_ns_.size());
  int64_t last_answer_ns = 0;
  const int64_t first_ns = schedule.OffsetNs(schedule.warmup_count());
  for (size_t i = 0; i < outcome_.size(); ++i) {
    TallyOutcome(outcome_[i], latency_ns_[i], namer, tally);
    if (outcome_[i] == kOutcomePending || outcome_[i] == kOutcomeOverload) continue;
    const int64_t intended = schedule.OffsetNs(schedule.warmup_count() + static_cast<int64_t>(i));
    last_answer_ns = std::max(last_answer_ns, intended + latency_ns_[i]);
  }
  const double window_s = static_cast<double>(last_answer_ns - first_ns) / 1e9;
  tally.achieved_rate =
      window_s > 0 ? static_cast<double>(tally.answered_latency_ns.size()) / window_s : 0.0;
  tally.send_lag_ns.assign(send_lag_ns_.begin(), send_lag_ns_.end());
  return FormatReportJson(options, std::move(tally));
}

}  // namespace leadgw::bench
