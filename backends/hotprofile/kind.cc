#include "backends/hotprofile/kind.h"

#include "backends/hotprofile/config.h"

namespace leadgw::backends::hotprofile {

const BackendKindInfo& HotProfileKind() {
  // The connector's 100 calls per 60 s, answered by HTTP 429 beyond it. It documents no
  // timeouts, so every endpoint takes the default.
  static const auto* const kind = new BackendKindInfo{
      ::leadgateway::v1::BACKEND_KIND_HOTPROFILE,
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
      },
      {"429"},
      {},
      &ReadHotProfileConfig,
  };
  return *kind;
}

}  // namespace leadgw::backends::hotprofile
