// What durable write jobs (leadgateway.v1.JobService, docs/jobs.md) cost and deliver, in
// three phases, each against a fresh in-process Marketo emulator at the real limits (100
// calls per 20 s, 10 concurrent, 300 records per call) and a fresh gateway binary whose
// SQLite journal lives in one work directory (README.md):
//
//   submit  N clients submit jobs of 1 record, then of 300, for S seconds each, while the
//           emulator is down and the gateway has one worker with a 1 h backoff, so the
//           upstream side does (almost) nothing. Floors measured in the same run and
//           directory, before and after the loads and pooled: grpc.health.v1 Check from
//           the same clients, and one 4 KiB write + fdatasync at a time, appended (the
//           ratio asked for) and overwritten (what a reused SQLite WAL does). Also one
//           client alone submitting 1-record jobs.
//   sync    the baseline of the drain: UpsertLeads of 300-record batches from 10 callers
//           until R records are written.
//   drain   jobs of 300 records totalling R, submitted by N clients, drained by the
//           gateway's default 2 workers; then every email must be in the emulator once.
//
//   bazel --output_base=$HOME/.cache/bazel-bench run --config=opt //bench/jobs:jobs_bench
//
// JOBS_BENCH_SECONDS (20), JOBS_BENCH_RECORDS (30,000), JOBS_BENCH_CLIENTS (8) and
// JOBS_BENCH_DIR (the work directory's parent; else $TMPDIR, else /tmp) override the
// defaults. Exit code 1: a set-up failure, a drain not finished within its bound, or a
// wrong email.
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "bench/jobs/drain_phase.h"
#include "bench/jobs/job_bench_util.h"
#include "bench/jobs/submit_phase.h"
#include "emulators/common/fault_controls.h"
#include "emulators/marketo/marketo_emulator.h"

namespace leadgw::bench::job_bench {
namespace {

namespace mkto = ::leadgw::emulators::marketo;

constexpr int kSyncCallers = 10;
constexpr long kTmpfsMagic = 0x01021994;
constexpr absl::Duration kListBound = absl::Seconds(120);

struct Settings {
  absl::Duration seconds;
  absl::Duration floor_seconds;  // each floor (twice), and the lone client
  int64_t records = 0;
  int clients = 0;
  std::string dir;  // the work directory, removed at the end
};

struct SubmitFigures {
  // Floors, pooled over both measurements.
  LatencySample health;
  LatencySample fsync;            // 4 KiB appends
  LatencySample fsync_overwrite;  // 4 KiB overwrites
  SubmitResult lone;
  SubmitResult one;
  SubmitResult batch;
};

std::string NewWorkDir() {
  const char* parent = std::getenv("JOBS_BENCH_DIR");
  if (parent == nullptr || *parent == '\0') parent = std::getenv("TMPDIR");
  if (parent == nullptr || *parent == '\0') parent = "/tmp";
  std::string pattern = absl::StrCat(parent, "/jobs-bench-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

bool OnTmpfs(const std::string& dir) {
  struct statfs info;
  return ::statfs(dir.c_str(), &info) == 0 && static_cast<long>(info.f_type) == kTmpfsMagic;
}

double FileMb(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 ? static_cast<double>(info.st_size) / (1 << 20) : 0;
}

std::string JournalBlock(const std::string& path, absl::string_view extra) {
  return absl::StrCat(R"({"journalPath": ")", path, R"(")", extra, "}");
}

void PrintLogTail(testing::GatewayProcess& gateway, size_t lines) {
  const std::vector<std::string> all = absl::StrSplit(gateway.Log(), '\n');
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    std::fprintf(stderr, "  gateway| %s\n", all[i].c_str());
  }
}

std::string SampleLine(absl::string_view name, const LatencySample& sample) {
  return absl::StrFormat("%s: %zu ok, %lld failed%s, p50 %.3f ms, p99 %.3f ms", name,
                         sample.ok.size(), static_cast<long long>(sample.errors),
                         sample.first_error.empty() ? "" : " (" + sample.first_error + ")",
                         Ms(sample.P50()), Ms(sample.P99()));
}

void PrintSubmit(absl::string_view name, const SubmitResult& result) {
  std::printf("[submit] %s | %.1f jobs/s, %.1f records/s in %.1f s\n",
              SampleLine(name, result.latency).c_str(), result.JobsPerSecond(),
              result.RecordsPerSecond(), absl::ToDoubleSeconds(result.measured));
  std::fflush(stdout);
}

// The floors, measured before and after the submit loads and pooled: the disk's and the
// machine's speed drift (other work shares them), and the ratios need both ends.
void MeasureFloors(const testing::GatewayProcess& gateway, const Settings& settings,
                   SubmitFigures& figures) {
  const LatencySample health = RunHealthChecks(gateway, settings.clients, settings.floor_seconds);
  std::printf("[submit] %s\n", SampleLine("health check", health).c_str());
  const LatencySample append =
      RunFsyncWrites(settings.dir, SyncedWrite::kAppend, settings.floor_seconds);
  std::printf("[submit] %s\n", SampleLine("4 KiB append + fdatasync", append).c_str());
  const LatencySample overwrite =
      RunFsyncWrites(settings.dir, SyncedWrite::kOverwrite, settings.floor_seconds);
  std::printf("[submit] %s\n", SampleLine("4 KiB overwrite + fdatasync", overwrite).c_str());
  std::fflush(stdout);
  figures.health.Merge(health);
  figures.fsync.Merge(append);
  figures.fsync_overwrite.Merge(overwrite);
}

// Phase 1: submits to the journal with the upstream side idle.
bool RunSubmitPhase(const Settings& settings, SubmitFigures& figures) {
  std::unique_ptr<mkto::MarketoEmulator> marketo = StartLimitedMarketo();
  if (marketo == nullptr) return false;
  emulators::common::FaultConfig down;
  down.down = true;
  if (!marketo->faults().Set(down).ok()) return false;
  const std::string journal = absl::StrCat(settings.dir, "/submit.db");
  auto gateway = StartJobsGateway(
      *marketo, JournalBlock(journal, R"(, "workers": 1, "initialBackoff": "3600s",)"
                                      R"( "maxBackoff": "3600s")"));
  if (!gateway.ok()) {
    std::fprintf(stderr, "[submit] gateway did not start: %s\n",
                 std::string(gateway.status().message()).c_str());
    return false;
  }
  testing::GatewayProcess& gw = **gateway;
  MeasureFloors(gw, settings, figures);
  figures.lone = RunSubmitters(gw, 1, 1, settings.floor_seconds, "lone");
  PrintSubmit("1-record jobs, 1 client", figures.lone);
  figures.one = RunSubmitters(gw, settings.clients, 1, settings.seconds, "one");
  PrintSubmit(absl::StrCat("1-record jobs, ", settings.clients, " clients"), figures.one);
  figures.batch = RunSubmitters(gw, settings.clients, kRecordsPerCall, settings.seconds, "batch");
  PrintSubmit(absl::StrCat("300-record jobs, ", settings.clients, " clients"), figures.batch);
  MeasureFloors(gw, settings, figures);

  const int64_t acked =
      static_cast<int64_t>(figures.lone.latency.ok.size() + figures.one.latency.ok.size() +
                           figures.batch.latency.ok.size());
  const absl::Time list_start = absl::Now();
  const std::map<std::string, int64_t> states = CountJobsByState(gw, kListBound);
  std::string census;
  for (const auto& [state, count] : states) absl::StrAppend(&census, " ", state, "=", count);
  std::printf("[submit] acknowledged %lld jobs; ListJobs (all pages, %.1f s):%s\n",
              static_cast<long long>(acked), absl::ToDoubleSeconds(absl::Now() - list_start),
              census.c_str());
  std::printf("[submit] upstream calls while down: %lld; journal %.1f MiB + WAL %.1f MiB\n",
              static_cast<long long>(marketo->counters().TotalRequests()), FileMb(journal),
              FileMb(journal + "-wal"));
  std::fflush(stdout);
  StopGateway(gw);
  return true;
}

// Phases 2 and 3 share this: a fresh emulator and gateway, one delivery, the email check.
bool RunDelivery(const Settings& settings, absl::string_view name, bool jobs,
                 DeliveryResult& result, int64_t& wrong) {
  std::unique_ptr<mkto::MarketoEmulator> marketo = StartLimitedMarketo();
  if (marketo == nullptr) return false;
  auto gateway =
      StartJobsGateway(*marketo, JournalBlock(absl::StrCat(settings.dir, "/", name, ".db"), ""));
  if (!gateway.ok()) {
    std::fprintf(stderr, "[%s] gateway did not start: %s\n", std::string(name).c_str(),
                 std::string(gateway.status().message()).c_str());
    return false;
  }
  const absl::Duration bound =
      absl::Seconds(120) + absl::Seconds(4.0 * settings.records / kCeilingRecordsPerSecond);
  const std::string prefix(name);
  result = jobs ? RunJobDrain(**gateway, settings.clients, settings.records, prefix, bound)
                : RunSyncUpserts(**gateway, kSyncCallers, settings.records, prefix, bound);
  wrong = CountWrongEmails(*marketo, prefix, settings.records);
  std::string states;
  for (const auto& [state, count] : result.final_states) {
    absl::StrAppend(&states, " ", state, "=", count);
  }
  std::printf(
      "[%s] %lld records written, %lld failed, in %.1f s%s: %.1f records/s | %s | "
      "sync_leads calls %lld, limit errors %lld, peak concurrency %d | wrong emails %lld%s%s\n",
      prefix.c_str(), static_cast<long long>(result.records_written),
      static_cast<long long>(result.records_failed), absl::ToDoubleSeconds(result.measured),
      result.complete ? "" : " (INCOMPLETE at the bound)", result.RecordsPerSecond(),
      jobs ? absl::StrFormat(
                 "all %lld jobs acknowledged after %.1f s;%s",
                 static_cast<long long>((settings.records + kRecordsPerCall - 1) / kRecordsPerCall),
                 absl::ToDoubleSeconds(result.submitted), states)
                 .c_str()
           : absl::StrFormat("%lld refused RPCs sent again",
                             static_cast<long long>(result.rpc_retries))
                 .c_str(),
      static_cast<long long>(marketo->counters().Requests("sync_leads")),
      static_cast<long long>(marketo->counters().OutcomesForCode("606") +
                             marketo->counters().OutcomesForCode("615") +
                             marketo->counters().OutcomesForCode("607")),
      marketo->peak_concurrency(), static_cast<long long>(wrong),
      result.first_error.empty() ? "" : " | first error: ", result.first_error.c_str());
  std::fflush(stdout);
  if (!result.complete || wrong != 0) PrintLogTail(**gateway, 30);
  StopGateway(**gateway);
  return true;
}

void PrintSummary(const Settings& settings, const SubmitFigures& submit, const DeliveryResult& sync,
                  const DeliveryResult& drain, int64_t wrong) {
  const double fsync_ms = Ms(submit.fsync.P50());
  const double overwrite_ms = Ms(submit.fsync_overwrite.P50());
  const double health_ms = Ms(submit.health.P50());
  std::printf("\n");
  std::printf(
      "jobs_bench: floors fsync_4k_append_p50_ms=%.3f fsync_4k_overwrite_p50_ms=%.3f "
      "health_p50_ms=%.3f dir_tmpfs=%s\n",
      fsync_ms, overwrite_ms, health_ms, OnTmpfs(settings.dir) ? "yes" : "no");
  auto submit_line = [&](const char* name, int clients, const SubmitResult& result) {
    std::printf(
        "jobs_bench: %s clients=%d jobs/s=%.1f records/s=%.1f p50_ms=%.3f p99_ms=%.3f "
        "ratio_to_fsync_p50=%s ratio_to_health_p50=%s ratio_to_fsync_overwrite_p50=%s "
        "errors=%lld\n",
        name, clients, result.JobsPerSecond(), result.RecordsPerSecond(), Ms(result.latency.P50()),
        Ms(result.latency.P99()), Ratio(Ms(result.latency.P50()), fsync_ms).c_str(),
        Ratio(Ms(result.latency.P50()), health_ms).c_str(),
        Ratio(Ms(result.latency.P50()), overwrite_ms).c_str(),
        static_cast<long long>(result.latency.errors));
  };
  submit_line("submit_1_record_lone", 1, submit.lone);
  submit_line("submit_1_record", settings.clients, submit.one);
  submit_line("submit_300_records", settings.clients, submit.batch);
  std::printf("jobs_bench: sync_rpc records/s=%.1f records=%lld complete=%s\n",
              sync.RecordsPerSecond(), static_cast<long long>(sync.records_written),
              sync.complete ? "yes" : "no");
  std::printf(
      "jobs_bench: drain records/s=%.1f ratio_to_emulator_ceiling=%s ratio_to_sync_rpc=%s "
      "records=%lld failed=%lld complete=%s wrong=%lld\n",
      drain.RecordsPerSecond(), Ratio(drain.RecordsPerSecond(), kCeilingRecordsPerSecond).c_str(),
      Ratio(drain.RecordsPerSecond(), sync.RecordsPerSecond()).c_str(),
      static_cast<long long>(drain.records_written), static_cast<long long>(drain.records_failed),
      drain.complete ? "yes" : "no", static_cast<long long>(wrong));
  std::fflush(stdout);
}

int Main() {
  Settings settings;
  settings.seconds = absl::Seconds(EnvInt("JOBS_BENCH_SECONDS", 20));
  settings.floor_seconds = std::clamp(settings.seconds / 4, absl::Seconds(2), absl::Seconds(5));
  settings.records = EnvInt("JOBS_BENCH_RECORDS", 30000);
  settings.clients = EnvInt("JOBS_BENCH_CLIENTS", 8);
  settings.dir = NewWorkDir();
  if (settings.dir.empty()) {
    std::fprintf(stderr, "jobs_bench: no work directory\n");
    return 1;
  }
  std::printf(
      "jobs_bench: %d clients, %.0f s per submit load, %lld records to drain; "
      "journals in %s%s\n",
      settings.clients, absl::ToDoubleSeconds(settings.seconds),
      static_cast<long long>(settings.records), settings.dir.c_str(),
      OnTmpfs(settings.dir) ? " (tmpfs: fdatasync is free there, set JOBS_BENCH_DIR)" : "");
  std::fflush(stdout);
  SubmitFigures submit;
  DeliveryResult sync;
  DeliveryResult drain;
  int64_t sync_wrong = 0;
  int64_t wrong = 0;
  const bool ran = RunSubmitPhase(settings, submit) &&
                   RunDelivery(settings, "sync", /*jobs=*/false, sync, sync_wrong) &&
                   RunDelivery(settings, "drain", /*jobs=*/true, drain, wrong);
  std::error_code ignored;
  std::filesystem::remove_all(settings.dir, ignored);
  if (!ran) return 1;
  PrintSummary(settings, submit, sync, drain, wrong);
  return drain.complete && wrong == 0 ? 0 : 1;
}

}  // namespace
}  // namespace leadgw::bench::job_bench

int main() { return leadgw::bench::job_bench::Main(); }
