#include "bench/jobs/job_bench_util.h"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::bench::job_bench {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;
namespace faults = ::leadgw::testing::faults;

// Marketo's real limits on both sides: the emulator's and the gateway's connection.
constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s"},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS,
     "limits": {"callsPerWindow": 100, "window": "20s", "maxConcurrent": 10}}
  ],
  "jobs": JOBS_BLOCK
})json";

// A graceful stop hands running jobs back and closes the journal; bounded.
constexpr absl::Duration kStopWait = absl::Seconds(30);

}  // namespace

int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  int value = 0;
  if (text != nullptr && absl::SimpleAtoi(text, &value) && value > 0) return value;
  return fallback;
}

std::string EmailOf(absl::string_view prefix, int64_t index) {
  return absl::StrCat(prefix, "-", index, "@jobs-bench.example.com");
}

v1::UpsertLeadsRequest LeadBatch(absl::string_view prefix, int64_t first, int count) {
  v1::UpsertLeadsRequest request;
  request.set_connection(kConnection);
  request.set_action(v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  for (int i = 0; i < count; ++i) {
    v1::Lead* lead = request.add_leads();
    lead->set_email(EmailOf(prefix, first + i));
    lead->set_last_name("Bench");
  }
  return request;
}

bool Written(v1::RecordStatus status) {
  return status == v1::RECORD_STATUS_CREATED || status == v1::RECORD_STATUS_UPDATED;
}

std::unique_ptr<mkto::MarketoEmulator> StartLimitedMarketo() {
  mkto::MarketoEmulatorOptions options;  // other options keep their defaults
  options.rate_limit_calls = 100;
  options.rate_window = absl::Seconds(20);
  options.max_concurrent = 10;
  std::unique_ptr<mkto::MarketoEmulator> marketo = faults::StartMarketo(options);
  if (marketo == nullptr) std::fprintf(stderr, "jobs_bench: the emulator did not start\n");
  return marketo;
}

absl::StatusOr<std::unique_ptr<testing::GatewayProcess>> StartJobsGateway(
    const mkto::MarketoEmulator& marketo, absl::string_view jobs_block) {
  return faults::StartGateway(
      kConfig, {{"MKTO_URL", marketo.base_url()}, {"JOBS_BLOCK", std::string(jobs_block)}});
}

void StopGateway(testing::GatewayProcess& gateway) {
  absl::StatusOr<int> stopped = gateway.process().Stop(SIGTERM, kStopWait);
  if (!stopped.ok()) {
    std::fprintf(stderr, "jobs_bench: gateway stop: %s\n",
                 std::string(stopped.status().message()).c_str());
  }
}

void LatencySample::Merge(const LatencySample& from) {
  ok.insert(ok.end(), from.ok.begin(), from.ok.end());
  errors += from.errors;
  if (first_error.empty()) first_error = from.first_error;
}

absl::Duration LatencySample::P50() const { return faults::Quantile(ok, 0.50); }
absl::Duration LatencySample::P99() const { return faults::Quantile(ok, 0.99); }

double Ms(absl::Duration duration) { return absl::ToDoubleMilliseconds(duration); }

std::string Ratio(double value, double base) {
  return base > 0 ? absl::StrFormat("%.2f", value / base) : "n/a";
}

}  // namespace leadgw::bench::job_bench
