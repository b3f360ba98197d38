#include "bench/floors.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace leadgw::bench {
namespace {

std::optional<double> Known(double value) {
  if (value < 0) return std::nullopt;
  return value;
}

// Laid out like the budget checks, so the two sections read as one column of figures.
std::string InfoLine(const std::string& name, double value, const std::string& note) {
  return absl::StrFormat("  [info] %-48s %10.2f %-5s %s", name, value, "us", note);
}

}  // namespace

Floors ComputeFloors(const RunFigures& run) {
  Floors floors;
  for (const ScenarioFigures& s : run.scenarios) {
    if (s.has_direct && s.direct.client_cpu_us_per_request >= 0) {
      floors.direct_client_cpu_us_per_request[s.scenario] = s.direct.client_cpu_us_per_request;
    }
    if (s.scenario != "health" || !s.has_grpc_floor) continue;
    floors.grpc_cpu_us_per_rpc = Known(s.grpc_floor.cpu_us_per_rpc);
    for (const char* key : {"p50", "p99"}) {
      if (auto value = FindFigure(s.grpc_floor.latency_us, key)) floors.grpc_latency_us[key] = *value;
    }
  }
  const std::optional<double> floor_p50 = FindFigure(floors.grpc_latency_us, "p50");
  for (const ScenarioFigures& s : run.scenarios) {
    const bool proxied = IsProxiedScenario(s.scenario);
    if (!s.has_gateway || !(proxied || s.scenario == "health")) continue;
    GatewayOwnCost own;
    own.scenario = s.scenario;
    // health makes no upstream call: nothing of libcurl's to subtract.
    const std::optional<double> direct_cpu =
        proxied ? FindFigure(floors.direct_client_cpu_us_per_request, s.scenario)
                : std::optional<double>(0.0);
    const std::optional<double> gateway_cpu = Known(s.gateway.cpu_us_per_rpc);
    if (gateway_cpu && floors.grpc_cpu_us_per_rpc && direct_cpu) {
      own.gateway_cpu_us_per_rpc = *gateway_cpu;
      own.direct_client_cpu_us_per_request = *direct_cpu;
      own.cpu_us_per_rpc = *gateway_cpu - *floors.grpc_cpu_us_per_rpc - *direct_cpu;
    }
    const std::optional<double> added =
        proxied ? FindFigure(s.added_us, "p50") : FindFigure(s.gateway.latency_us, "p50");
    if (added && floor_p50) {
      own.added_p50_term_us = *added;
      own.added_p50_us = *added - *floor_p50;
    }
    if (own.cpu_us_per_rpc || own.added_p50_us) floors.gateway_own.push_back(std::move(own));
  }
  return floors;
}

std::vector<std::string> FloorLines(const Floors& floors) {
  std::vector<std::string> lines;
  if (floors.grpc_cpu_us_per_rpc) {
    lines.push_back(InfoLine("gRPC floor CPU per RPC", *floors.grpc_cpu_us_per_rpc,
                             "grpc_floor_server answering health checks"));
  }
  for (const auto& [key, value] : floors.grpc_latency_us) {
    lines.push_back(InfoLine(absl::StrCat("gRPC floor ", key), value,
                             "health round trip, load_client -> grpc_floor_server"));
  }
  for (const auto& [scenario, value] : floors.direct_client_cpu_us_per_request) {
    lines.push_back(InfoLine(absl::StrCat(scenario, " direct client CPU per request"), value,
                             "direct_client's own CPU (libcurl multi)"));
  }
  const double floor_cpu = floors.grpc_cpu_us_per_rpc.value_or(0);
  const double floor_p50 = FindFigure(floors.grpc_latency_us, "p50").value_or(0);
  for (const GatewayOwnCost& own : floors.gateway_own) {
    const bool health = own.scenario == "health";
    if (own.cpu_us_per_rpc) {
      lines.push_back(InfoLine(
          absl::StrCat(own.scenario, " gateway own CPU per RPC"), *own.cpu_us_per_rpc,
          health ? absl::StrFormat("= %.2f gateway - %.2f gRPC floor", own.gateway_cpu_us_per_rpc,
                                   floor_cpu)
                 : absl::StrFormat("= %.2f gateway - %.2f gRPC floor - %.2f direct client",
                                   own.gateway_cpu_us_per_rpc, floor_cpu,
                                   own.direct_client_cpu_us_per_request)));
    }
    if (own.added_p50_us) {
      lines.push_back(InfoLine(
          absl::StrCat(own.scenario, " gateway own added p50"), *own.added_p50_us,
          absl::StrFormat("= %.2f %s - %.2f gRPC floor p50", own.added_p50_term_us,
                          health ? "gateway p50" : "added p50", floor_p50)));
    }
  }
  return lines;
}

}  // namespace leadgw::bench
