#include "backends/backend_kinds.h"

namespace leadgw::backends {
namespace {

using ::leadgateway::v1::BACKEND_KIND_HOTPROFILE;
using ::leadgateway::v1::BACKEND_KIND_MARKETO;

const std::vector<BackendKindInfo>& Kinds() {
  // Marketo: the seed's "超时" section (30 s unless listed) and the reference notes' limits
  // (100 calls per 20 s, 10 concurrent, 50,000 calls a day). HotProfile: the connector's
  // 100 calls per 60 s; it documents no timeouts, so every endpoint takes the default.
  static const auto* const kinds = new std::vector<BackendKindInfo>{
      {BACKEND_KIND_MARKETO,
       "marketo",
       UpstreamLimits{100, absl::Seconds(20), 10, 50000},
       absl::Seconds(30),
       {
           {"identity", absl::Seconds(30)},
           {"describe_leads", absl::Seconds(30)},
           {"get_lead", absl::Seconds(30)},
           {"get_leads_by_filter", absl::Seconds(60)},
           {"sync_leads", absl::Seconds(90)},
           {"delete_leads", absl::Seconds(30)},
           {"merge_leads", absl::Seconds(180)},
           {"push_leads", absl::Seconds(90)},
           {"submit_form", absl::Seconds(30)},
           {"associate_lead", absl::Seconds(60)},
           {"get_partitions", absl::Seconds(30)},
           {"update_partitions", absl::Seconds(60)},
           {"get_leads_by_list", absl::Seconds(60)},
           {"get_list_membership", absl::Seconds(30)},
           {"get_leads_by_program", absl::Seconds(30)},
           {"get_program_membership", absl::Seconds(30)},
           {"get_smart_campaign_membership", absl::Seconds(30)},
           {"get_lead_field", absl::Seconds(30)},
           {"get_lead_fields", absl::Seconds(30)},
           {"create_lead_fields", absl::Seconds(30)},
           {"update_lead_field", absl::Seconds(30)},
       }},
      {BACKEND_KIND_HOTPROFILE,
       "hotprofile",
       UpstreamLimits{100, absl::Seconds(60), 0, 0},
       absl::Seconds(30),
       {
           {"leads_search", absl::Seconds(30)},
           {"leads_create", absl::Seconds(30)},
           {"leads_update", absl::Seconds(30)},
           {"clients_search", absl::Seconds(30)},
           {"clients_create", absl::Seconds(30)},
           {"clients_update", absl::Seconds(30)},
           {"business_cards_search", absl::Seconds(30)},
           {"business_cards_create", absl::Seconds(30)},
           {"business_cards_update", absl::Seconds(30)},
       }},
  };
  return *kinds;
}

}  // namespace

const BackendKindInfo* FindBackendKind(absl::string_view name) {
  for (const BackendKindInfo& info : Kinds()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const BackendKindInfo* FindBackendKind(::leadgateway::v1::BackendKind kind) {
  for (const BackendKindInfo& info : Kinds()) {
    if (info.kind == kind) return &info;
  }
  return nullptr;
}

std::vector<absl::string_view> BackendKindNames() {
  std::vector<absl::string_view> names;
  for (const BackendKindInfo& info : Kinds()) names.push_back(info.name);
  return names;
}

}  // namespace leadgw::backends
