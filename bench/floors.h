// The floors of a benchmark run: what this machine charges before any gateway code runs,
// measured in the same run as the gateway. A proxied RPC costs the gateway one gRPC server
// call (floor: grpc_floor_server answering gRPC's default health check) and one libcurl
// call (floor: the direct client's own CPU per request), so what remains of the gateway's
// figures after subtracting both is the gateway's own cost. Information only: the budget
// checks (report_model) keep judging the raw figures.
#ifndef LEADGW_BENCH_FLOORS_H_
#define LEADGW_BENCH_FLOORS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/report_model.h"

namespace leadgw::bench {

// The gateway's own cost in one scenario. For a proxied scenario:
//   own CPU       = gateway CPU per RPC - gRPC floor CPU per RPC - direct client CPU per request
//   own added p50 = added p50 (gateway - direct) - gRPC floor p50
// For health (no upstream call) the direct terms are zero: gateway minus the gRPC floor.
// A figure is absent when a term was not measured.
struct GatewayOwnCost {
  std::string scenario;
  std::optional<double> cpu_us_per_rpc;
  std::optional<double> added_p50_us;
  // The terms, for the report's explanation of each figure.
  double gateway_cpu_us_per_rpc = 0;
  double direct_client_cpu_us_per_request = 0;  // 0 for health
  double added_p50_term_us = 0;  // added p50; for health the gateway's p50
};

struct Floors {
  // The floor server's CPU per health check; absent without a grpc_floor run (or its CPU).
  std::optional<double> grpc_cpu_us_per_rpc;
  // Round-trip latency of the floor's health checks ("p50", "p99"); empty without a run.
  std::map<std::string, double> grpc_latency_us;
  // Scenario -> the direct (libcurl) client's own CPU per request, for every direct run
  // that reported it.
  std::map<std::string, double> direct_client_cpu_us_per_request;
  // health and the proxied scenarios, in the run's order, when at least one figure is known.
  std::vector<GatewayOwnCost> gateway_own;
};

// Derives the floors and the gateway's own cost from a loaded run. Pure; never fails:
// figures whose terms are missing are left out.
Floors ComputeFloors(const RunFigures& run);

// The report's "Floors" section, one line per figure, each tagged "[info]" (no verdict);
// empty when the run measured no floor at all.
std::vector<std::string> FloorLines(const Floors& floors);

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_FLOORS_H_
