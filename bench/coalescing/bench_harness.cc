#include "bench/coalescing/bench_harness.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::bench {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
namespace faults = ::leadgw::testing::faults;

// One channel (and so one HTTP/2 connection: each has its own subchannel pool) per 50
// callers: a single connection would serialise 400 callers' frames on one socket and one
// client poller, and 400 connections would measure connection handling instead.
constexpr int kCallersPerChannel = 50;
constexpr absl::Duration kDefaultModeDuration = absl::Seconds(60);
// Without a RetryInfo hint, a refused caller pauses this long so that 400 threads do not
// spin on the two cores the gateway needs.
constexpr absl::Duration kDefaultBackoff = absl::Milliseconds(100);

// Marketo's real limits on both sides: the emulator's and the gateway's connection limits.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100, "window": "20s", "maxConcurrent": 10},
     "coalescing": {"maxWait": "MAX_WAIT"}}
  ]
})json";

std::shared_ptr<grpc::Channel> NewSeparateChannel(int grpc_port) {
  grpc::ChannelArguments arguments;
  // Channels with equal arguments share subchannels (one TCP connection) by default.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", grpc_port),
                                   grpc::InsecureChannelCredentials(), arguments);
}

// Sends `send_one` back to back until `end`.
void RunCaller(v1::LeadService::Stub& stub, const SendOne& send_one, int thread,
               absl::Time end, CallerTally& tally) {
  for (int64_t sequence = 0; absl::Now() < end; ++sequence) {
    std::unique_ptr<grpc::ClientContext> context = faults::ContextWithTimeout(kRpcDeadline);
    const absl::Time sent = absl::Now();
    const CallOutcome outcome = send_one(stub, *context, thread, sequence);
    const absl::Duration latency = absl::Now() - sent;
    const grpc::Status& status = outcome.status;
    if (status.ok()) {
      ++tally.rpcs_ok;
      tally.ok_latencies.push_back(latency);
      tally.units += outcome.units;
      if (outcome.wrong) ++tally.wrong_answers;
      continue;
    }
    switch (status.error_code()) {
      case grpc::StatusCode::RESOURCE_EXHAUSTED:
        ++tally.rpcs_resource_exhausted;
        break;
      case grpc::StatusCode::DEADLINE_EXCEEDED:
        ++tally.rpcs_deadline_exceeded;
        break;
      default:
        ++tally.rpcs_other_errors;
        ++tally.other_error_samples[absl::StrCat(status.error_code(), " ",
                                                 status.error_message().substr(0, 80))];
        break;
    }
    const absl::Duration backoff = faults::RetryDelayOf(status).value_or(kDefaultBackoff);
    absl::SleepFor(std::min(backoff, end - absl::Now()));
  }
}

GatewayStats ScrapeGateway(int metrics_port) {
  GatewayStats stats;
  absl::StatusOr<std::string> text = faults::ScrapeMetrics(metrics_port);
  if (!text.ok()) return stats;
  stats.scraped = true;
  stats.coalesced_calls = faults::SumMetric(*text, "leadgw_coalesced_call_records_count");
  stats.coalesced_items = faults::SumMetric(*text, "leadgw_coalesced_call_records_sum");
  stats.coalesce_wait_sum = faults::SumMetric(*text, "leadgw_coalesce_wait_seconds_sum");
  stats.coalesce_wait_count = faults::SumMetric(*text, "leadgw_coalesce_wait_seconds_count");
  stats.quota_wait_sum = faults::SumMetric(*text, "leadgw_quota_wait_seconds_sum");
  stats.quota_wait_count = faults::SumMetric(*text, "leadgw_quota_wait_seconds_count");
  return stats;
}

void SaveLog(const WorkloadSpec& spec, const Mode& mode, const std::string& log) {
  const char* dir = std::getenv("COALESCING_BENCH_LOG_DIR");
  if (dir == nullptr || *dir == '\0') return;
  std::string file = absl::StrCat(spec.name, "-", mode.name, ".log");
  std::replace(file.begin(), file.end(), ' ', '_');
  std::ofstream(absl::StrCat(dir, "/", file)) << log;
}

double Ms(absl::Duration duration) { return absl::ToDoubleMilliseconds(duration); }

double MeanMs(double seconds_sum, double count) {
  return count > 0 ? 1000.0 * seconds_sum / count : 0;
}

std::string Ratio(double value, double base) {
  return base > 0 ? absl::StrFormat("%.2fx", value / base) : "n/a";
}

long long Ll(int64_t value) { return static_cast<long long>(value); }

}  // namespace

void CallerTally::Merge(const CallerTally& from) {
  units += from.units;
  rpcs_ok += from.rpcs_ok;
  rpcs_resource_exhausted += from.rpcs_resource_exhausted;
  rpcs_deadline_exceeded += from.rpcs_deadline_exceeded;
  rpcs_other_errors += from.rpcs_other_errors;
  wrong_answers += from.wrong_answers;
  ok_latencies.insert(ok_latencies.end(), from.ok_latencies.begin(), from.ok_latencies.end());
  for (const auto& [error, count] : from.other_error_samples) {
    other_error_samples[error] += count;
  }
}

double ModeResult::PerSecond() const {
  const double seconds = absl::ToDoubleSeconds(measured);
  return seconds > 0 ? static_cast<double>(totals.units) / seconds : 0;
}

double ModeResult::PerCall() const {
  return upstream_calls > 0 ? static_cast<double>(totals.units) / upstream_calls : 0;
}

absl::Duration ModeDuration() {
  const char* text = std::getenv("COALESCING_BENCH_SECONDS");
  int seconds = 0;
  if (text != nullptr && absl::SimpleAtoi(text, &seconds) && seconds > 0) {
    return absl::Seconds(seconds);
  }
  return kDefaultModeDuration;
}

std::optional<ModeResult> RunMode(const WorkloadSpec& spec, const Mode& mode,
                                  absl::Duration duration, const Seed& seed,
                                  const SendOne& send_one) {
  mkto::MarketoEmulatorOptions options;  // other options keep their defaults
  options.rate_limit_calls = 100;
  options.rate_window = absl::Seconds(20);
  options.max_concurrent = 10;
  std::unique_ptr<mkto::MarketoEmulator> marketo = faults::StartMarketo(options);
  if (marketo == nullptr) return std::nullopt;
  if (seed) seed(*marketo);
  auto gateway = faults::StartGateway(
      kConfig, {{"MKTO_URL", marketo->base_url()}, {"MAX_WAIT", mode.max_wait}});
  if (!gateway.ok()) {
    std::fprintf(stderr, "[%s %s] gateway did not start: %s\n", spec.name.c_str(), mode.name,
                 std::string(gateway.status().message()).c_str());
    return std::nullopt;
  }
  std::printf("[%s %s] running; gateway metrics on 127.0.0.1:%d\n", spec.name.c_str(),
              mode.name, (*gateway)->metrics_port());
  std::fflush(stdout);

  std::vector<std::unique_ptr<v1::LeadService::Stub>> stubs;
  for (int i = 0; i < (kCallerThreads + kCallersPerChannel - 1) / kCallersPerChannel; ++i) {
    stubs.push_back(v1::LeadService::NewStub(NewSeparateChannel((*gateway)->grpc_port())));
  }
  std::vector<CallerTally> tallies(kCallerThreads);
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  faults::RunOnThreads(kCallerThreads, [&](int thread) {
    RunCaller(*stubs[thread / kCallersPerChannel], send_one, thread, end, tallies[thread]);
  });
  ModeResult result;
  // In-flight RPCs finish after `end`; their units and their time both count.
  result.measured = absl::Now() - start;
  result.name = mode.name;
  for (const CallerTally& tally : tallies) result.totals.Merge(tally);
  result.p50 = faults::Quantile(result.totals.ok_latencies, 0.50);
  result.p99 = faults::Quantile(result.totals.ok_latencies, 0.99);
  result.upstream_calls = marketo->counters().Requests(spec.upstream_endpoint);
  result.limit_errors = marketo->counters().OutcomesForCode("606") +
                        marketo->counters().OutcomesForCode("615") +
                        marketo->counters().OutcomesForCode("607");
  result.gateway = ScrapeGateway((*gateway)->metrics_port());
  stubs.clear();
  // A graceful stop lets the gateway flush its log before the next mode starts.
  (void)(*gateway)->process().Stop(SIGTERM, absl::Seconds(30));
  SaveLog(spec, mode, (*gateway)->Log());
  return result;
}

void PrintModeLine(const WorkloadSpec& spec, const ModeResult& result,
                   double off_per_second) {
  const CallerTally& totals = result.totals;
  std::printf(
      "[%s %s] %.1f %s/s in %.1f s | RPCs ok %lld, RESOURCE_EXHAUSTED %lld, "
      "DEADLINE_EXCEEDED %lld, other %lld, wrong answers %lld | %s calls %lld, %.1f %s | "
      "ok latency p50 %.0f ms, p99 %.0f ms | limit errors %lld | %.3f of 1,500/s, %s off\n",
      spec.name.c_str(), result.name.c_str(), result.PerSecond(), spec.unit.c_str(),
      absl::ToDoubleSeconds(result.measured), Ll(totals.rpcs_ok),
      Ll(totals.rpcs_resource_exhausted), Ll(totals.rpcs_deadline_exceeded),
      Ll(totals.rpcs_other_errors), Ll(totals.wrong_answers), spec.upstream_endpoint.c_str(),
      Ll(result.upstream_calls), result.PerCall(), spec.per_call.c_str(), Ms(result.p50),
      Ms(result.p99), Ll(result.limit_errors), result.PerSecond() / kPhysicalLimitPerSecond,
      Ratio(result.PerSecond(), off_per_second).c_str());
  for (const auto& [error, count] : totals.other_error_samples) {
    std::printf("    other error x%lld: %s\n", Ll(count), error.c_str());
  }
  const GatewayStats& gateway = result.gateway;
  if (gateway.scraped) {
    std::printf(
        "    gateway: %.0f coalesced calls, %.1f items/coalesced call, coalesce wait mean "
        "%.0f ms, quota wait mean %.0f ms over %.0f calls\n",
        gateway.coalesced_calls,
        gateway.coalesced_calls > 0 ? gateway.coalesced_items / gateway.coalesced_calls : 0,
        MeanMs(gateway.coalesce_wait_sum, gateway.coalesce_wait_count),
        MeanMs(gateway.quota_wait_sum, gateway.quota_wait_count), gateway.quota_wait_count);
  } else {
    std::printf("    gateway: /metrics scrape failed\n");
  }
  std::fflush(stdout);
}

void PrintTable(const WorkloadSpec& spec, const std::vector<ModeResult>& results) {
  const double off = results.empty() ? 0 : results.front().PerSecond();
  std::printf("\n%s\n%-12s %9s %7s %7s %7s %6s %6s %6s %9s %8s %8s %6s %8s %8s\n",
              spec.name.c_str(), "mode", absl::StrCat(spec.unit, "/s").c_str(), "ok", "exhaust",
              "deadln", "other", "wrong", "calls", spec.per_call.c_str(), "p50 ms", "p99 ms",
              "limit", "/1500/s", "/off");
  for (const ModeResult& result : results) {
    const CallerTally& totals = result.totals;
    std::printf(
        "%-12s %9.1f %7lld %7lld %7lld %6lld %6lld %6lld %9.1f %8.0f %8.0f %6lld %8.3f %8s\n",
        result.name.c_str(), result.PerSecond(), Ll(totals.rpcs_ok),
        Ll(totals.rpcs_resource_exhausted), Ll(totals.rpcs_deadline_exceeded),
        Ll(totals.rpcs_other_errors), Ll(totals.wrong_answers), Ll(result.upstream_calls),
        result.PerCall(), Ms(result.p50), Ms(result.p99), Ll(result.limit_errors),
        result.PerSecond() / kPhysicalLimitPerSecond, Ratio(result.PerSecond(), off).c_str());
  }
  std::fflush(stdout);
}

void PrintGoals(const WorkloadSpec& spec, const ModeResult& paced) {
  auto verdict = [](bool met) { return met ? "PASS" : "MISS"; };
  const std::string rate = absl::StrFormat("%s/s >= %.0f", spec.unit, spec.goal_per_second);
  std::printf("\nGoals (%s, %s mode):\n", spec.name.c_str(), paced.name.c_str());
  std::printf("  %-22s: %8.1f  %s\n", rate.c_str(), paced.PerSecond(),
              verdict(paced.PerSecond() >= spec.goal_per_second));
  std::printf("  %-22s: %8.0f  %s\n", absl::StrFormat("p99 < %.0f ms", Ms(spec.goal_p99)).c_str(),
              Ms(paced.p99), verdict(paced.p99 < spec.goal_p99));
  std::printf("  %-22s: %8.0f  %s\n", absl::StrFormat("p50 < %.0f ms", Ms(spec.goal_p50)).c_str(),
              Ms(paced.p50), verdict(paced.p50 < spec.goal_p50));
  std::printf("  %-22s: %8lld  %s\n", "limit errors == 0", Ll(paced.limit_errors),
              verdict(paced.limit_errors == 0));
  std::printf("  %-22s: %8lld  %s\n", "wrong answers == 0", Ll(paced.totals.wrong_answers),
              verdict(paced.totals.wrong_answers == 0));
  std::fflush(stdout);
}

}  // namespace leadgw::bench
