// Prints the benchmark table and budget checks of a bench/run run and writes its
// machine-readable summary. Run by bench/run; by hand:
//   bench_report --records_dir=bench/out/records --meta=bench/out/meta.json
//                --summary=bench/out/summary.json   (one command line)
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/anchor.h"
#include "bench/floors.h"
#include "bench/report_model.h"
#include "rapidjson/document.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

ABSL_FLAG(std::string, records_dir, "bench/out/records", "Directory of the run's record files.");
ABSL_FLAG(std::string, meta, "bench/out/meta.json", "The run's meta.json.");
ABSL_FLAG(std::string, summary, "bench/out/summary.json", "Summary JSON to write.");

namespace leadgw::bench {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

double Get(const std::map<std::string, double>& values, const char* key) {
  auto it = values.find(key);
  return it == values.end() ? 0 : it->second;
}

std::string Cell(double value, const char* format = "%.1f") {
  return absl::StrFormat(format, value);
}

// One table line; the header lines pass their titles through the same format.
constexpr char kRowFormat[] =
    "%-22s %-10s %6s %8s %6s %8s %8s %8s %8s %9s %8s %8s %8s %14s %9s\n";

void PrintRow(const std::string& scenario, const char* client, const Figures& f,
              const std::map<std::string, double>* added) {
  std::printf(kRowFormat, scenario.c_str(), client, Cell(f.target_rate, "%.0f").c_str(),
              Cell(f.achieved_rate).c_str(), absl::StrCat(f.ErrorCount()).c_str(),
              Cell(Get(f.latency_us, "p50")).c_str(), Cell(Get(f.latency_us, "p90")).c_str(),
              Cell(Get(f.latency_us, "p99")).c_str(), Cell(Get(f.latency_us, "p999")).c_str(),
              Cell(Get(f.latency_us, "max")).c_str(),
              added != nullptr ? Cell(Get(*added, "p50")).c_str() : "",
              added != nullptr ? Cell(Get(*added, "p99")).c_str() : "",
              f.cpu_us_per_rpc >= 0 ? Cell(f.cpu_us_per_rpc).c_str() : "",
              f.client_cpu_us_per_request >= 0 ? Cell(f.client_cpu_us_per_request).c_str() : "",
              Cell(f.CallsPerRpc(), "%.3f").c_str());
}

void PrintChecks(const std::vector<BudgetCheck>& checks) {
  for (const BudgetCheck& c : checks) {
    std::printf("  [%s] %-48s %10.2f %-5s (limit %g)%s%s\n",
                c.inconclusive ? "????" : (c.pass ? "PASS" : "FAIL"),
                c.name.c_str(), c.value, c.unit.c_str(), c.limit, c.note.empty() ? "" : "  ",
                c.note.c_str());
  }
}

void PrintTable(const RunFigures& run, const Floors& floors,
                const std::vector<BudgetCheck>& anchor) {
  std::printf(kRowFormat, "scenario", "client", "rate", "achieved", "errors", "p50", "p90", "p99",
              "p99.9", "max", "+p50", "+p99", "cpu/RPC", "client cpu/req", "calls/RPC");
  std::printf(kRowFormat, "", "", "rps", "rps", "", "us", "us", "us", "us", "us", "us", "us", "us",
              "us", "upstream");
  for (const ScenarioFigures& s : run.scenarios) {
    if (s.has_direct) PrintRow(s.scenario, "direct", s.direct, nullptr);
    if (s.has_grpc_floor) PrintRow(s.scenario, kGrpcFloorClient, s.grpc_floor, nullptr);
    if (s.has_haproxy) {
      PrintRow(s.scenario, kHaproxyClient, s.haproxy,
               s.haproxy_added_us.empty() ? nullptr : &s.haproxy_added_us);
    }
    if (s.has_gateway) {
      PrintRow(s.scenario, "gateway", s.gateway, s.added_us.empty() ? nullptr : &s.added_us);
    }
  }
  std::printf("\n+p50/+p99: gateway minus direct at the same rate. calls/RPC: emulator requests "
              "over RPCs sent (direct: includes its token call).\n"
              "haproxy: the direct calls through HAProxy; its +p50/+p99 are its hop (minus "
              "direct).\n"
              "cpu/RPC: user+sys CPU of the server called (gateway; grpc_floor: "
              "grpc_floor_server, gRPC's health service alone; haproxy: HAProxy) over RPCs "
              "sent.\n"
              "client cpu/req: the client process's own user+sys CPU, from its first send to "
              "its report, over requests sent.\n");
  const std::vector<std::string> floor_lines = FloorLines(floors);
  if (!floor_lines.empty()) {
    std::printf("\nFloors (same run; information, not budget checks; own = gateway minus the "
                "floors):\n");
    for (const std::string& line : floor_lines) std::printf("%s\n", line.c_str());
  }
  const std::vector<std::string> kernel_lines = KernelLines(run);
  if (!kernel_lines.empty()) {
    std::printf("\nKernel work per request of the server called (perf stat; threads+: "
                "threads created):\n");
    for (const std::string& line : kernel_lines) std::printf("%s\n", line.c_str());
  }
  if (!anchor.empty()) {
    std::printf("\nAnchor (issue 16: ratios to grpc_floor + HAProxy's hop, both measured in "
                "this run):\n");
    PrintChecks(anchor);
  }
  std::printf("\nBudget:\n");
  PrintChecks(run.checks);
  if (!run.warnings.empty()) {
    std::printf("\nWarnings (figures below are doubtful):\n");
    for (const std::string& w : run.warnings) std::printf("  - %s\n", w.c_str());
  }
}

// `key`: {name: value, ...} for a map of counts or measurements.
template <typename Number>
void WriteMap(Writer& w, const char* key, const std::map<std::string, Number>& values) {
  w.Key(key);
  w.StartObject();
  for (const auto& [name, value] : values) {
    w.Key(name.c_str());
    if constexpr (std::is_integral_v<Number>) {
      w.Int64(value);
    } else {
      w.Double(value);
    }
  }
  w.EndObject();
}

// `server` prefixes the figures of the process the client called ("gateway"; "server" for
// the floor server of grpc_floor runs).
void WriteFigures(Writer& w, const Figures& f, const std::string& server) {
  w.StartObject();
  w.Key("rounds");
  w.Int(f.rounds);
  w.Key("target_rate");
  w.Double(f.target_rate);
  w.Key("achieved_rate");
  w.Double(f.achieved_rate);
  w.Key("sent_total");
  w.Int64(f.sent_total);
  w.Key("ok");
  w.Int64(f.ok);
  WriteMap(w, "errors", f.errors);
  WriteMap(w, "latency_us", f.latency_us);
  w.Key("send_lag_p99_us");
  w.Double(f.send_lag_p99_us);
  if (f.cpu_us_per_rpc >= 0) {
    w.Key((server + "_cpu_us_per_rpc").c_str());
    w.Double(f.cpu_us_per_rpc);
  }
  if (f.client_cpu_us_per_request >= 0) {
    w.Key("client_cpu_us_per_request");
    w.Double(f.client_cpu_us_per_request);
  }
  w.Key((server + "_vm_hwm_mib").c_str());
  w.Double(f.vm_hwm_mib);
  w.Key((server + "_threads").c_str());
  w.Int64(f.gateway_threads);
  w.Key((server + "_sockets").c_str());
  w.Int64(f.gateway_sockets);
  if (!f.kernel_per_request.empty()) {
    WriteMap(w, (server + "_kernel_per_request").c_str(), f.kernel_per_request);
  }
  WriteMap(w, "upstream_calls", f.upstream);
  w.Key("upstream_calls_per_rpc");
  w.Double(f.CallsPerRpc());
  w.EndObject();
}

// The floors and the gateway's own cost (see floors.h); a figure not measured is left out.
void WriteFloors(Writer& w, const Floors& floors) {
  w.Key("floors");
  w.StartObject();
  if (floors.grpc_cpu_us_per_rpc) {
    w.Key("grpc_floor_cpu_us_per_rpc");
    w.Double(*floors.grpc_cpu_us_per_rpc);
  }
  WriteMap(w, "grpc_floor_latency_us", floors.grpc_latency_us);
  WriteMap(w, "direct_client_cpu_us_per_request", floors.direct_client_cpu_us_per_request);
  std::map<std::string, double> own_cpu, own_p50;
  for (const GatewayOwnCost& own : floors.gateway_own) {
    if (own.cpu_us_per_rpc) own_cpu[own.scenario] = *own.cpu_us_per_rpc;
    if (own.added_p50_us) own_p50[own.scenario] = *own.added_p50_us;
  }
  WriteMap(w, "gateway_own_cpu_us_per_rpc", own_cpu);
  WriteMap(w, "gateway_own_added_p50_us", own_p50);
  w.EndObject();
}

// `key`: the checks as an array; `all_pass` ends false when one did not pass.
void WriteChecks(Writer& w, const char* key, const std::vector<BudgetCheck>& checks,
                 bool& all_pass) {
  w.Key(key);
  w.StartArray();
  for (const BudgetCheck& c : checks) {
    all_pass = all_pass && c.pass;
    w.StartObject();
    w.Key("check");
    w.String(c.name.c_str());
    w.Key("value");
    w.Double(c.value);
    w.Key("limit");
    w.Double(c.limit);
    w.Key("unit");
    w.String(c.unit.c_str());
    w.Key("pass");
    w.Bool(c.pass);
    w.Key("verdict");
    w.String(c.inconclusive ? "inconclusive" : (c.pass ? "pass" : "fail"));
    if (!c.note.empty()) {
      w.Key("note");
      w.String(c.note.c_str());
    }
    w.EndObject();
  }
  w.EndArray();
}

std::string SummaryJson(const RunFigures& run, const Floors& floors,
                        const std::vector<BudgetCheck>& anchor) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetMaxDecimalPlaces(3);
  w.StartObject();
  rapidjson::Document meta;
  meta.Parse(run.meta_json.c_str());
  w.Key("meta");
  if (!meta.HasParseError() && meta.IsObject()) {
    meta.Accept(w);
  } else {
    w.Null();
  }
  w.Key("scenarios");
  w.StartArray();
  for (const ScenarioFigures& s : run.scenarios) {
    w.StartObject();
    w.Key("scenario");
    w.String(s.scenario.c_str());
    if (s.has_direct) {
      w.Key("direct");
      WriteFigures(w, s.direct, "gateway");
    }
    if (s.has_grpc_floor) {
      w.Key(kGrpcFloorClient);
      WriteFigures(w, s.grpc_floor, "server");
    }
    if (s.has_haproxy) {
      w.Key(kHaproxyClient);
      WriteFigures(w, s.haproxy, "server");
    }
    if (s.has_gateway) {
      w.Key("gateway");
      WriteFigures(w, s.gateway, "gateway");
    }
    if (!s.added_us.empty()) {
      WriteMap(w, "added_latency_us", s.added_us);
    }
    if (!s.haproxy_added_us.empty()) {
      WriteMap(w, "haproxy_added_latency_us", s.haproxy_added_us);
    }
    w.EndObject();
  }
  w.EndArray();
  WriteFloors(w, floors);
  w.Key("peak_rss_mib");
  w.Double(run.peak_rss_mib);
  bool all_pass = true;
  WriteChecks(w, "budget", run.checks, all_pass);
  bool anchor_pass = true;
  WriteChecks(w, "anchor", anchor, anchor_pass);
  w.Key("anchor_pass");
  w.Bool(anchor_pass);
  w.Key("all_pass");
  w.Bool(all_pass);
  w.Key("warnings");
  w.StartArray();
  for (const std::string& warning : run.warnings) w.String(warning.c_str());
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

int Main() {
  absl::StatusOr<RunFigures> run =
      LoadRun(absl::GetFlag(FLAGS_records_dir), absl::GetFlag(FLAGS_meta));
  if (!run.ok()) {
    std::fprintf(stderr, "bench_report: %s\n", std::string(run.status().message()).c_str());
    return 1;
  }
  const Floors floors = ComputeFloors(*run);
  const std::vector<BudgetCheck> anchor = AnchorChecks(*run, floors);
  PrintTable(*run, floors, anchor);
  std::ofstream out(absl::GetFlag(FLAGS_summary), std::ios::trunc);
  out << SummaryJson(*run, floors, anchor) << "\n";
  if (!out) {
    std::fprintf(stderr, "bench_report: cannot write %s\n", absl::GetFlag(FLAGS_summary).c_str());
    return 1;
  }
  std::printf("\nSummary: %s\n", absl::GetFlag(FLAGS_summary).c_str());
  return 0;
}

}  // namespace
}  // namespace leadgw::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Prints the table and budget checks of a bench/run run and writes summary.json.");
  absl::ParseCommandLine(argc, argv);
  return leadgw::bench::Main();
}
