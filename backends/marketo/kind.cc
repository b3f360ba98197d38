#include "backends/marketo/kind.h"

#include "backends/marketo/config.h"

namespace leadgw::backends::marketo {

const BackendKindInfo& MarketoKind() {
  // Timeouts: the seed's "超时" section (30 s unless listed). Limits: the reference notes
  // (100 calls per 20 s, 10 concurrent, 50,000 calls a day). Rate-limit codes: 606 rate
  // limit, 607 daily quota, 615 concurrency limit, and a plain HTTP 429.
  static const auto* const kind = new BackendKindInfo{
      ::leadgateway::v1::BACKEND_KIND_MARKETO,
      "marketo",
      UpstreamLimits{100, absl::Seconds(20), 10, 50000},
      absl::Seconds(30),
      {
          {"identity", absl::Seconds(30)},
          {"describe_leads", absl::Seconds(30)},
          {"describe_leads2", absl::Seconds(30)},
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
          {"add_leads_to_list", absl::Seconds(30)},
          {"remove_leads_from_list", absl::Seconds(30)},
          {"is_member_of_list", absl::Seconds(30)},
          {"sync_program_member_status", absl::Seconds(30)},
          {"get_lead_field", absl::Seconds(30)},
          {"get_lead_fields", absl::Seconds(30)},
          {"create_lead_fields", absl::Seconds(30)},
          {"update_lead_field", absl::Seconds(30)},
      },
      {"606", "607", "615", "429"},
      {"identity_url"},
      &ReadMarketoConfig,
  };
  return *kind;
}

}  // namespace leadgw::backends::marketo
