#include "backends/hotprofile/hotprofile_backend_factory.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/hotprofile/settings.h"

namespace leadgw::backends::hotprofile {

absl::StatusOr<std::unique_ptr<HotProfileBackend>> CreateHotProfileBackend(
    const ConnectionSettings& settings, std::shared_ptr<upstream::http::HttpClient> http,
    std::shared_ptr<upstream::CallGuard> guard,
    std::shared_ptr<upstream::coord::KeyLocks> key_locks,
    common::CoalescingHooks coalescing_hooks) {
  const HotProfileSettings* hotprofile = VendorPart<HotProfileSettings>(settings);
  for (const auto& [key, empty] :
       {std::pair{"base_url", settings.base_url.empty()},
        std::pair{"hotprofile.api_key", hotprofile == nullptr || hotprofile->api_key.empty()}}) {
    if (empty) {
      return absl::InvalidArgumentError(
          absl::StrCat("connection '", settings.name, "': ", key, " is required for hotprofile"));
    }
  }
  if (http == nullptr) return absl::InvalidArgumentError("hotprofile: no HTTP client");
  return std::make_unique<HotProfileBackend>(settings, std::move(http), std::move(guard),
                                             absl::Now, std::move(key_locks),
                                             settings.LongestTimeout(),
                                             std::move(coalescing_hooks));
}

}  // namespace leadgw::backends::hotprofile
