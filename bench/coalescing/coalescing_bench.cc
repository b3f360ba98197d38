// What coalescing (backends/common/call_coalescer.h) buys on one Marketo connection at
// Marketo's real limits: 100 calls per 20 s and 10 concurrent, 300 records or filter values
// per call, so the physical ceiling is 1,500 records (or lookups) per second. 400
// closed-loop callers run for each mode's duration, each mode against a fresh in-process
// Marketo emulator and a fresh gateway (bench_harness.h), in two workloads run one after
// the other:
//
//   writes   one-record UpsertLeads (a new email every time), in three modes:
//              off          "maxWait": "0s"    the baseline: one upstream call per RPC
//              linger 50ms  "maxWait": "0.05s" a batch leaves at its turn or after 50 ms
//              paced        "maxWait": "1s"    the default
//   lookups  QueryLeads on "email" with one random email of 20,000 leads seeded straight
//            into the emulator (no gateway, no quota) before its gateway starts, in the
//            modes off and paced. A lookup counts when the RPC is OK and exactly the one
//            lead asked for comes back; any other OK answer is a wrong answer.
//
//   bazel --output_base=$HOME/.cache/bazel-bench run --config=opt //bench/coalescing:coalescing_bench
//
// COALESCING_BENCH_SECONDS overrides each mode's duration (default 60 s: three windows).
// COALESCING_BENCH_WORKLOADS picks workloads (default "writes lookups").
// COALESCING_BENCH_LOG_DIR, when set, receives each mode's gateway log.
// Prints one line per mode as it finishes, then per workload a table and the goals
// for its paced mode (PASS/MISS is printed only; the exit code reports only set-up
// failures and unknown workloads).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "bench/coalescing/bench_harness.h"
#include "emulators/marketo/marketo_emulator.h"
#include "grpcpp/grpcpp.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"

namespace leadgw::bench {
namespace {

namespace v1 = ::leadgateway::v1;
namespace mkto = ::leadgw::emulators::marketo;

constexpr int kSeededLeads = 20000;

constexpr Mode kWriteModes[] = {
    {"off", "0s"},
    {"linger 50ms", "0.05s"},
    {"paced", "1s"},
};

constexpr Mode kLookupModes[] = {
    {"off", "0s"},
    {"paced", "1s"},
};

// Runs `modes` in order, printing a line per mode, then the table and the last mode's
// goals. False if a mode could not be set up.
template <typename MakeSendOne>
bool RunWorkload(const WorkloadSpec& spec, absl::Span<const Mode> modes,
                 absl::Duration duration, const Seed& seed, MakeSendOne make_send_one) {
  std::vector<ModeResult> results;
  for (size_t i = 0; i < modes.size(); ++i) {
    std::optional<ModeResult> result =
        RunMode(spec, modes[i], duration, seed, make_send_one(static_cast<int>(i)));
    if (!result.has_value()) return false;
    PrintModeLine(spec, *result,
                  results.empty() ? result->PerSecond() : results.front().PerSecond());
    results.push_back(*std::move(result));
  }
  PrintTable(spec, results);
  PrintGoals(spec, results.back());
  return true;
}

// --- writes ---

// One-record upserts of a new email; the record must come back CREATED or UPDATED.
SendOne UpsertNewLeads(int mode_index) {
  return [mode_index](v1::LeadService::Stub& stub, grpc::ClientContext& context, int thread,
                      int64_t sequence) {
    v1::UpsertLeadsRequest request;
    request.set_connection("mkto");
    request.set_action(v1::UPSERT_ACTION_CREATE_OR_UPDATE);
    v1::Lead* lead = request.add_leads();
    lead->set_email(absl::StrCat("b", mode_index, "-", thread, "-", sequence,
                                 "@bench.example.com"));
    lead->set_last_name("Bench");
    v1::WriteResponse response;
    CallOutcome outcome;
    outcome.status = stub.UpsertLeads(&context, request, &response);
    if (!outcome.status.ok()) return outcome;
    for (const v1::RecordResult& result : response.results()) {
      if (result.status() == v1::RECORD_STATUS_CREATED ||
          result.status() == v1::RECORD_STATUS_UPDATED) {
        ++outcome.units;
      }
    }
    outcome.wrong = response.results_size() != 1 || outcome.units != 1;
    return outcome;
  };
}

bool RunWrites(absl::Duration duration) {
  WorkloadSpec spec;
  spec.name = "writes";
  spec.unit = "records";
  spec.upstream_endpoint = "sync_leads";
  spec.per_call = "rec/call";
  return RunWorkload(spec, kWriteModes, duration, Seed(), UpsertNewLeads);
}

// --- lookups ---

std::vector<std::string> SeededEmails() {
  std::vector<std::string> emails;
  emails.reserve(kSeededLeads);
  for (int i = 0; i < kSeededLeads; ++i) {
    emails.push_back(absl::StrCat("lookup-", i, "@seed.bench.example.com"));
  }
  return emails;
}

// Stores one lead per email straight into the emulator's store.
Seed SeedLeads(const std::vector<std::string>& emails) {
  return [&emails](mkto::MarketoEmulator& emulator) {
    for (const std::string& email : emails) {
      emulator.store().InsertLead({{"email", mkto::FieldValue::String(email)},
                                   {"lastName", mkto::FieldValue::String("Seeded")}},
                                  /*partition_id=*/1);
    }
  };
}

// QueryLeads by one random seeded email; exactly that lead must come back. Each caller
// draws from its own generator (seeded by mode and thread), so no locking.
SendOne QueryRandomEmail(const std::vector<std::string>& emails, int mode_index) {
  auto generators = std::make_shared<std::vector<std::mt19937>>();
  for (int thread = 0; thread < kCallerThreads; ++thread) {
    generators->emplace_back(static_cast<uint32_t>(mode_index * kCallerThreads + thread + 1));
  }
  return [&emails, generators](v1::LeadService::Stub& stub, grpc::ClientContext& context,
                               int thread, int64_t /*sequence*/) {
    std::uniform_int_distribution<size_t> pick(0, emails.size() - 1);
    const std::string& email = emails[pick((*generators)[thread])];
    v1::QueryLeadsRequest request;
    request.set_connection("mkto");
    request.set_filter_field("email");
    request.add_filter_values(email);
    v1::QueryLeadsResponse response;
    CallOutcome outcome;
    outcome.status = stub.QueryLeads(&context, request, &response);
    if (!outcome.status.ok()) return outcome;
    const bool right = response.leads_size() == 1 &&
                       absl::EqualsIgnoreCase(response.leads(0).email(), email);
    outcome.units = right ? 1 : 0;
    outcome.wrong = !right;
    return outcome;
  };
}

bool RunLookups(absl::Duration duration) {
  WorkloadSpec spec;
  spec.name = "lookups";
  spec.unit = "lookups";
  spec.upstream_endpoint = "get_leads_by_filter";
  spec.per_call = "vals/call";
  const std::vector<std::string> emails = SeededEmails();
  return RunWorkload(spec, kLookupModes, duration, SeedLeads(emails),
                     [&emails](int mode_index) { return QueryRandomEmail(emails, mode_index); });
}

int Run() {
  const absl::Duration duration = ModeDuration();
  const char* chosen = std::getenv("COALESCING_BENCH_WORKLOADS");
  const std::string workloads = chosen != nullptr ? chosen : "writes lookups";
  std::vector<std::string> names =
      absl::StrSplit(workloads, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  for (const std::string& name : names) {
    if (name != "writes" && name != "lookups") {
      std::fprintf(stderr, "COALESCING_BENCH_WORKLOADS: unknown workload \"%s\" "
                           "(known: writes, lookups)\n", name.c_str());
      return 2;
    }
  }
  std::printf("coalescing_bench: %s; %d callers, %s per mode, RPC deadline %s\n",
              workloads.c_str(), kCallerThreads, absl::FormatDuration(duration).c_str(),
              absl::FormatDuration(kRpcDeadline).c_str());
  std::fflush(stdout);
  for (const std::string& name : names) {
    const bool ok = name == "writes" ? RunWrites(duration) : RunLookups(duration);
    if (!ok) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace leadgw::bench

int main() { return leadgw::bench::Run(); }
