#include "bench/report_model.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "rapidjson/document.h"

namespace leadgw::bench {
namespace {

constexpr double kAddedP50LimitUs = 100;
constexpr double kAddedP99LimitUs = 400;
constexpr double kCpuLimitUs = 50;
constexpr double kRssLimitMib = 64;
constexpr int kMarketoMaxRecordsPerCall = 300;

constexpr const char* kScenarioOrder[] = {"health",     "get_lead",   "query_leads",
                                          "upsert_1",   "upsert_300", "search_business_cards",
                                          "describe",   "token_refresh"};
// Scenarios that proxy one upstream call per RPC: the latency and CPU budgets apply.
constexpr const char* kProxiedScenarios[] = {"get_lead", "query_leads", "upsert_1",
                                             "search_business_cards"};
// The upstream endpoint (emulator/endpoint) each proxied scenario calls at most once per
// RPC. GetLead goes through the id lookup that concurrent RPCs share (a filter call of up
// to 300 ids), so its calls per RPC may be fewer than one.
const std::map<std::string, std::string>& ScenarioEndpoints() {
  static const auto* const kEndpoints = new std::map<std::string, std::string>{
      {"get_lead", "marketo/get_leads_by_filter"},
      {"query_leads", "marketo/get_leads_by_filter"},
      {"search_business_cards", "hotprofile/business_cards/get_entry_list"},
  };
  return *kEndpoints;
}

using Json = rapidjson::Value;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const Json* Member(const Json& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key)) return nullptr;
  return &object[key];
}

double Number(const Json& object, const char* key, double fallback = 0) {
  const Json* value = Member(object, key);
  return value != nullptr && value->IsNumber() ? value->GetDouble() : fallback;
}

std::string String(const Json& object, const char* key) {
  const Json* value = Member(object, key);
  return value != nullptr && value->IsString() ? value->GetString() : "";
}

// "key" -> integer for every numeric member of `object` (absent or not an object: empty).
std::map<std::string, int64_t> IntMap(const Json* object) {
  std::map<std::string, int64_t> out;
  if (object == nullptr || !object->IsObject()) return out;
  for (const auto& member : object->GetObject()) {
    if (member.value.IsNumber()) {
      out[member.name.GetString()] = static_cast<int64_t>(member.value.GetDouble());
    }
  }
  return out;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// One client run (one record file).
Figures ReadRecord(const Json& record) {
  Figures f;
  f.rounds = 1;
  const std::string client = String(record, "client");
  // The floor server and HAProxy are recorded under "server"; see below.
  const bool floor = client == kGrpcFloorClient || client == kHaproxyClient;
  const Json* result = Member(record, "result");
  if (result != nullptr) {
    f.target_rate = Number(*result, "target_rate");
    f.achieved_rate = Number(*result, "achieved_rate");
    f.elapsed_s = Number(*result, "warmup_s") + Number(*result, "duration_s");
    f.sent_total = static_cast<int64_t>(Number(*result, "sent_total"));
    f.answered = static_cast<int64_t>(Number(*result, "answered"));
    f.ok = static_cast<int64_t>(Number(*result, "ok"));
    f.errors = IntMap(Member(*result, "errors"));
    if (const Json* latency = Member(*result, "latency_us"); latency && latency->IsObject()) {
      for (const auto& member : latency->GetObject()) {
        if (member.value.IsNumber()) f.latency_us[member.name.GetString()] = member.value.GetDouble();
      }
    }
    if (const Json* lag = Member(*result, "send_lag_us")) f.send_lag_p99_us = Number(*lag, "p99");
    f.client_cpu_us_per_request = Number(*result, "client_cpu_us_per_request", -1);
  }
  // bench/run records the gateway's process figures under "gateway", and those of the
  // floor server (grpc_floor runs) or of HAProxy (haproxy runs) under "server".
  if (const Json* server = Member(record, floor ? "server" : "gateway")) {
    const double ticks = Number(*server, "cpu_ticks", -1);
    const double clk_tck = Number(*server, "clk_tck", 100);
    if (ticks >= 0 && clk_tck > 0 && f.sent_total > 0 && (floor || client == "gateway")) {
      f.cpu_us_per_rpc = ticks / clk_tck * 1e6 / static_cast<double>(f.sent_total);
    }
    f.vm_hwm_mib = Number(*server, "vm_hwm_kb") / 1024.0;
    f.gateway_threads = static_cast<int64_t>(Number(*server, "threads"));
    f.gateway_sockets = static_cast<int64_t>(Number(*server, "sockets"));
    if (const Json* kernel = Member(*server, "kernel"); kernel && kernel->IsObject() &&
                                                         f.sent_total > 0) {
      for (const auto& member : kernel->GetObject()) {
        if (!member.value.IsNumber()) continue;
        f.kernel_per_request[member.name.GetString()] =
            member.value.GetDouble() / static_cast<double>(f.sent_total);
      }
    }
    // perf's task-clock counts nanoseconds where /proc counts 10 ms ticks: a 5 s run of 50
    // bulk requests is a handful of ticks of HAProxy's CPU, but thousands of microseconds.
    if (const auto task_clock = f.kernel_per_request.find("task_clock_us");
        task_clock != f.kernel_per_request.end() && (floor || client == "gateway")) {
      f.cpu_us_per_rpc = task_clock->second;
    }
  }
  if (const Json* upstream = Member(record, "upstream"); upstream && upstream->IsObject()) {
    for (const auto& emulator : upstream->GetObject()) {
      const Json* before = Member(emulator.value, "before");
      const Json* after = Member(emulator.value, "after");
      std::map<std::string, int64_t> start =
          IntMap(before != nullptr ? Member(*before, "requests") : nullptr);
      for (const auto& [endpoint, count] :
           IntMap(after != nullptr ? Member(*after, "requests") : nullptr)) {
        const int64_t delta = count - start[endpoint];
        if (delta == 0) continue;
        f.upstream[absl::StrCat(emulator.name.GetString(), "/", endpoint)] += delta;
        f.upstream_total += delta;
      }
    }
  }
  return f;
}

// minuend - subtrahend for every key both have.
std::map<std::string, double> Difference(const std::map<std::string, double>& minuend,
                                         const std::map<std::string, double>& subtrahend) {
  std::map<std::string, double> out;
  for (const auto& [key, value] : minuend) {
    if (auto it = subtrahend.find(key); it != subtrahend.end()) out[key] = value - it->second;
  }
  return out;
}

Figures Combine(const std::vector<Figures>& rounds) {
  Figures out = rounds.front();
  if (rounds.size() == 1) return out;
  out = Figures();
  out.rounds = static_cast<int>(rounds.size());
  out.target_rate = rounds.front().target_rate;
  out.elapsed_s = rounds.front().elapsed_s;
  std::vector<double> achieved, lag, cpu, client_cpu;
  std::map<std::string, std::vector<double>> latency, kernel;
  for (const Figures& f : rounds) {
    for (const auto& [key, value] : f.kernel_per_request) kernel[key].push_back(value);
    achieved.push_back(f.achieved_rate);
    lag.push_back(f.send_lag_p99_us);
    if (f.cpu_us_per_rpc >= 0) cpu.push_back(f.cpu_us_per_rpc);
    if (f.client_cpu_us_per_request >= 0) client_cpu.push_back(f.client_cpu_us_per_request);
    for (const auto& [key, value] : f.latency_us) latency[key].push_back(value);
    out.sent_total += f.sent_total;
    out.answered += f.answered;
    out.ok += f.ok;
    for (const auto& [name, count] : f.errors) out.errors[name] += count;
    for (const auto& [name, count] : f.upstream) out.upstream[name] += count;
    out.upstream_total += f.upstream_total;
    out.vm_hwm_mib = std::max(out.vm_hwm_mib, f.vm_hwm_mib);
    out.gateway_threads = std::max(out.gateway_threads, f.gateway_threads);
    out.gateway_sockets = std::max(out.gateway_sockets, f.gateway_sockets);
  }
  out.achieved_rate = Median(achieved);
  out.send_lag_p99_us = Median(lag);
  out.cpu_us_per_rpc = cpu.empty() ? -1 : Median(cpu);
  out.client_cpu_us_per_request = client_cpu.empty() ? -1 : Median(client_cpu);
  for (auto& [key, values] : latency) out.latency_us[key] = Median(values);
  for (auto& [key, values] : kernel) out.kernel_per_request[key] = Median(values);
  return out;
}

double ValueOr(const std::map<std::string, double>& values, const std::string& key) {
  auto it = values.find(key);
  return it == values.end() ? 0 : it->second;
}

void AddCheck(RunFigures& run, std::string name, double value, double limit, std::string unit,
              bool pass, std::string note = "") {
  run.checks.push_back(
      MakeCheck(std::move(name), value, limit, std::move(unit), pass, std::move(note)));
}

void RunChecks(RunFigures& run) {
  int64_t bench_identity_calls = 0;
  for (const ScenarioFigures& s : run.scenarios) {
    const bool proxied = IsProxiedScenario(s.scenario);
    if (s.has_gateway) bench_identity_calls += s.gateway.Upstream("marketo", "identity");
    if (proxied && s.has_gateway && s.has_direct) {
      const double p50 = ValueOr(s.added_us, "p50");
      const double p99 = ValueOr(s.added_us, "p99");
      // A negative difference means the direct run was the slower one: noise, not a win.
      for (const auto& [key, value, limit] :
           {std::tuple<const char*, double, double>{"p50", p50, kAddedP50LimitUs},
            std::tuple<const char*, double, double>{"p99", p99, kAddedP99LimitUs}}) {
        AddCheck(run, absl::StrCat(s.scenario, " added ", key), value, limit, "us",
                 value >= 0 && value <= limit,
                 value < 0 ? "direct run slower than the gateway run: noise, re-run" : "");
        run.checks.back().inconclusive = value < 0;
      }
    }
    if ((proxied || s.scenario == "health") && s.has_gateway && s.gateway.cpu_us_per_rpc >= 0) {
      AddCheck(run, s.scenario + " gateway CPU per RPC", s.gateway.cpu_us_per_rpc, kCpuLimitUs,
               "us", s.gateway.cpu_us_per_rpc <= kCpuLimitUs);
    }
    if (!s.has_gateway || s.gateway.sent_total == 0) continue;
    const auto sent = static_cast<double>(s.gateway.sent_total);
    if (auto it = ScenarioEndpoints().find(s.scenario); it != ScenarioEndpoints().end()) {
      const auto slash = it->second.find('/');
      const double per_rpc =
          static_cast<double>(s.gateway.Upstream(it->second.substr(0, slash),
                                                 it->second.substr(slash + 1))) / sent;
      AddCheck(run, s.scenario + " upstream calls per RPC", per_rpc, 1, "calls",
               per_rpc <= 1.0 + 1e-9, it->second);
    }
    if (s.scenario == "upsert_1" || s.scenario == "upsert_300") {
      const int records = s.scenario == "upsert_1" ? 1 : 300;
      const int expected = (records + kMarketoMaxRecordsPerCall - 1) / kMarketoMaxRecordsPerCall;
      const double per_rpc = static_cast<double>(s.gateway.Upstream("marketo", "sync_leads")) / sent;
      // At most: concurrent upserts are coalesced into shared calls (call_coalescer.h).
      AddCheck(run, s.scenario + " sync calls per RPC", per_rpc, expected, "calls",
               per_rpc <= expected + 1e-9,
               absl::StrCat("at most ceil(", records, "/300) = ", expected));
    }
    if (s.scenario == "health") {
      AddCheck(run, "health upstream calls", static_cast<double>(s.gateway.upstream_total), 0,
               "calls", s.gateway.upstream_total == 0);
    }
    if (s.scenario == "describe") {
      // describe2, or describe.json where an instance lacks it.
      const auto calls = static_cast<double>(s.gateway.Upstream("marketo", "describe_leads2") +
                                             s.gateway.Upstream("marketo", "describe_leads"));
      AddCheck(run, "describe upstream calls", calls, 1, "calls", calls <= 1,
               absl::StrCat(s.gateway.sent_total, " DescribeLeads RPCs within the cache TTL"));
    }
    if (s.scenario == "token_refresh" && run.token_lifetime_s > 0) {
      // Counts are summed over rounds, each round a client run of elapsed_s.
      const double rounds = std::max(1, s.gateway.rounds);
      const double calls =
          static_cast<double>(s.gateway.Upstream("marketo_short", "identity")) / rounds;
      const double expected = s.gateway.elapsed_s / run.token_lifetime_s;
      const double limit = 1 + std::ceil(expected);
      AddCheck(run, "identity calls per token lifetime", calls, limit, "calls",
               calls >= 1 && calls <= limit,
               absl::StrFormat("%.0f s of RPCs with %.0f s tokens: about %.1f + 1 (per round)",
                               s.gateway.elapsed_s, run.token_lifetime_s, expected));
    }
  }
  AddCheck(run, "identity calls on marketo-bench during scenarios",
           static_cast<double>(bench_identity_calls), 1, "calls", bench_identity_calls <= 1,
           "token (1 h) fetched during start-up warm-up");
  AddCheck(run, "gateway peak RSS (VmHWM)", run.peak_rss_mib, kRssLimitMib, "MiB",
           run.peak_rss_mib > 0 && run.peak_rss_mib <= kRssLimitMib);
}

void AddWarnings(RunFigures& run, const std::string& scenario, const std::string& client,
                 const Figures& f) {
  const std::string who = absl::StrCat(scenario, " (", client, ")");
  if (f.ErrorCount() > 0) {
    std::string detail;
    for (const auto& [name, count] : f.errors) absl::StrAppend(&detail, " ", name, "=", count);
    run.warnings.push_back(absl::StrCat(who, ": ", f.ErrorCount(), " errors:", detail));
  }
  if (f.target_rate > 0 && f.achieved_rate < 0.95 * f.target_rate) {
    run.warnings.push_back(absl::StrFormat("%s: achieved %.1f of %.1f rps", who, f.achieved_rate,
                                           f.target_rate));
  }
  // In closed loop (no target rate) the lag is the client's turnaround, not lateness.
  if (f.target_rate > 0 && f.send_lag_p99_us > 1000) {
    run.warnings.push_back(absl::StrFormat(
        "%s: sender p99 lag %.0f us (the client machine was too busy to send on time)", who,
        f.send_lag_p99_us));
  }
}

}  // namespace

BudgetCheck MakeCheck(std::string name, double value, double limit, std::string unit,
                      bool pass, std::string note) {
  BudgetCheck check;
  check.name = std::move(name);
  check.value = value;
  check.limit = limit;
  check.unit = std::move(unit);
  check.pass = pass;
  check.note = std::move(note);
  return check;
}

std::optional<double> FindFigure(const std::map<std::string, double>& values,
                                 const std::string& key) {
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

bool IsProxiedScenario(absl::string_view scenario) {
  return std::find(std::begin(kProxiedScenarios), std::end(kProxiedScenarios), scenario) !=
         std::end(kProxiedScenarios);
}

int64_t Figures::ErrorCount() const {
  int64_t total = 0;
  for (const auto& [name, count] : errors) total += count;
  return total;
}

double Figures::CallsPerRpc() const {
  return sent_total > 0 ? static_cast<double>(upstream_total) / static_cast<double>(sent_total) : 0;
}

int64_t Figures::Upstream(absl::string_view emulator, absl::string_view endpoint) const {
  auto it = upstream.find(absl::StrCat(emulator, "/", endpoint));
  return it == upstream.end() ? 0 : it->second;
}

absl::StatusOr<RunFigures> LoadRun(const std::string& records_dir, const std::string& meta_path) {
  RunFigures run;
  if (absl::StatusOr<std::string> meta = ReadFile(meta_path); meta.ok()) {
    rapidjson::Document doc;
    doc.Parse(meta->c_str());
    if (doc.HasParseError() || !doc.IsObject()) {
      return absl::InvalidArgumentError(absl::StrCat(meta_path, ": not a JSON object"));
    }
    run.meta_json = *meta;
    run.token_lifetime_s = Number(doc, "token_lifetime_s");
  }
  std::map<std::string, std::map<std::string, std::vector<Figures>>> by_scenario;
  std::error_code error;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(records_dir, error)) {
    if (absl::EndsWith(entry.path().string(), ".json")) paths.push_back(entry.path().string());
  }
  if (error) return absl::NotFoundError(absl::StrCat("cannot list ", records_dir));
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    absl::StatusOr<std::string> text = ReadFile(path);
    if (!text.ok()) return text.status();
    rapidjson::Document doc;
    doc.Parse(text->c_str());
    if (doc.HasParseError() || !doc.IsObject() || String(doc, "scenario").empty() ||
        String(doc, "client").empty() || Member(doc, "result") == nullptr ||
        !Member(doc, "result")->IsObject()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": not a benchmark record"));
    }
    by_scenario[String(doc, "scenario")][String(doc, "client")].push_back(ReadRecord(doc));
  }
  std::vector<std::string> order(std::begin(kScenarioOrder), std::end(kScenarioOrder));
  for (const auto& [name, clients] : by_scenario) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
  for (const std::string& name : order) {
    auto it = by_scenario.find(name);
    if (it == by_scenario.end()) continue;
    ScenarioFigures s;
    s.scenario = name;
    if (auto g = it->second.find("gateway"); g != it->second.end()) {
      s.has_gateway = true;
      s.gateway = Combine(g->second);
      run.peak_rss_mib = std::max(run.peak_rss_mib, s.gateway.vm_hwm_mib);
      AddWarnings(run, name, "gateway", s.gateway);
    }
    if (auto d = it->second.find("direct"); d != it->second.end()) {
      s.has_direct = true;
      s.direct = Combine(d->second);
      run.peak_rss_mib = std::max(run.peak_rss_mib, s.direct.vm_hwm_mib);
      AddWarnings(run, name, "direct", s.direct);
    }
    if (auto g = it->second.find(kGrpcFloorClient); g != it->second.end()) {
      s.has_grpc_floor = true;
      s.grpc_floor = Combine(g->second);
      AddWarnings(run, name, kGrpcFloorClient, s.grpc_floor);
    }
    if (auto h = it->second.find(kHaproxyClient); h != it->second.end()) {
      s.has_haproxy = true;
      s.haproxy = Combine(h->second);
      AddWarnings(run, name, kHaproxyClient, s.haproxy);
    }
    if (s.has_direct) {
      if (s.has_gateway) s.added_us = Difference(s.gateway.latency_us, s.direct.latency_us);
      if (s.has_haproxy) {
        s.haproxy_added_us = Difference(s.haproxy.latency_us, s.direct.latency_us);
      }
    }
    run.scenarios.push_back(std::move(s));
  }
  RunChecks(run);
  return run;
}

}  // namespace leadgw::bench
