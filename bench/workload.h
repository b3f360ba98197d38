// What the benchmark scenarios send: one definition shared by the gateway client and the
// direct libcurl client, so both ask the emulators for exactly the same data.
#ifndef LEADGW_BENCH_WORKLOAD_H_
#define LEADGW_BENCH_WORKLOAD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace leadgw::bench {

enum class Scenario {
  kGetLead,              // LeadService.GetLead by id (Marketo)
  kQueryLeads,           // LeadService.QueryLeads, 10 email filter values (Marketo)
  kUpsert1,              // LeadService.UpsertLeads, 1 record (Marketo)
  kUpsert300,            // LeadService.UpsertLeads, 300 records (Marketo)
  kSearchBusinessCards,  // BusinessCardService.SearchBusinessCards (HotProfile)
  kHealth,               // grpc.health.v1.Health/Check: the gateway alone (gateway only)
  kDescribe,             // LeadService.DescribeLeads, answered from cache (gateway only)
};

// The scenario named `name` ("get_lead", "upsert_300", ...), or nullopt.
std::optional<Scenario> ParseScenario(absl::string_view name);
absl::string_view ScenarioName(Scenario scenario);
// "get_lead, query_leads, ..." for --help texts.
std::string ScenarioNames();

// Demo lead id (Marketo emulator demo data: 318581..318620) for request i.
std::string DemoLeadId(int64_t i);

// The 10 filter values of query_leads: e-mails of the first ten demo leads.
const std::vector<std::string>& QueryEmails();

// One lead written by the upsert scenarios.
struct BenchLead {
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string company;
  std::string title;
};

// Records per UpsertLeads request (1 or 300; 0 for other scenarios).
int UpsertRecordCount(Scenario scenario);

// Distinct upsert requests a client rotates through: the first round creates leads, the
// next ones update them, for the gateway and the direct client alike. Kept small because
// the Marketo emulator looks leads up by a linear scan of its store (a 300-record upsert
// costs 300 scans), so a growing store would slow the emulator, not the gateway.
int UpsertPoolSize(Scenario scenario);

// Record `record` of pool request `request` of a client whose e-mails start with `tag`
// (distinct tags keep the two clients' leads apart).
BenchLead UpsertLead(absl::string_view tag, int request, int record);

// SearchBusinessCards: cards whose family-name kana contains this text (HotProfile
// search[family_name_kana], a partial match), first page of kCardPageSize cards.
inline constexpr absl::string_view kCardKanaFilter = "\xE3\x83\xA4\xE3\x83\x9E";  // "ヤマ"
inline constexpr int kCardPageSize = 20;

}  // namespace leadgw::bench

#endif  // LEADGW_BENCH_WORKLOAD_H_
