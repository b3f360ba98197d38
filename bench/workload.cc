#include "bench/workload.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace leadgw::bench {
namespace {

struct NamedScenario {
  absl::string_view name;
  Scenario scenario;
};

constexpr NamedScenario kScenarios[] = {
    {"get_lead", Scenario::kGetLead},
    {"query_leads", Scenario::kQueryLeads},
    {"upsert_1", Scenario::kUpsert1},
    {"upsert_300", Scenario::kUpsert300},
    {"search_business_cards", Scenario::kSearchBusinessCards},
    {"health", Scenario::kHealth},
    {"describe", Scenario::kDescribe},
};

constexpr int64_t kFirstDemoLeadId = 318581;
constexpr int64_t kDemoLeadCount = 40;

}  // namespace

std::optional<Scenario> ParseScenario(absl::string_view name) {
  for (const NamedScenario& entry : kScenarios) {
    if (entry.name == name) return entry.scenario;
  }
  return std::nullopt;
}

absl::string_view ScenarioName(Scenario scenario) {
  for (const NamedScenario& entry : kScenarios) {
    if (entry.scenario == scenario) return entry.name;
  }
  return "unknown";
}

std::string ScenarioNames() {
  std::vector<absl::string_view> names;
  for (const NamedScenario& entry : kScenarios) names.push_back(entry.name);
  return absl::StrJoin(names, ", ");
}

std::string DemoLeadId(int64_t i) {
  return absl::StrCat(kFirstDemoLeadId + (i % kDemoLeadCount + kDemoLeadCount) % kDemoLeadCount);
}

const std::vector<std::string>& QueryEmails() {
  static const auto* const kEmails = new std::vector<std::string>{
      "john.doe@example.com",        "abraham.lincoln@example.com",
      "george.washington@example.com", "meera.reed@example.com",
      "jon.umber@example.com",       "lyanna.mormont@example.com",
      "marge.simpson@example.com",   "ada.lovelace@example.com",
      "alan.turing@example.com",     "grace.hopper@example.com"};
  return *kEmails;
}

int UpsertRecordCount(Scenario scenario) {
  switch (scenario) {
    case Scenario::kUpsert1:
      return 1;
    case Scenario::kUpsert300:
      return 300;
    default:
      return 0;
  }
}

int UpsertPoolSize(Scenario scenario) {
  switch (scenario) {
    case Scenario::kUpsert1:
      return 64;
    case Scenario::kUpsert300:
      return 2;
    default:
      return 0;
  }
}

BenchLead UpsertLead(absl::string_view tag, int request, int record) {
  BenchLead lead;
  lead.email = absl::StrCat(tag, "-", request, "-", record, "@bench.example.com");
  lead.first_name = "Bench";
  lead.last_name = absl::StrCat("Load", request, "x", record);
  lead.company = "Bench Industries";
  lead.title = "Performance Engineer";
  return lead;
}

}  // namespace leadgw::bench
