#include "emulators/sandbox_upstreams.h"

#include "common/status_macros.h"
#include "emulators/hotprofile/hotprofile_emulator.h"
#include "emulators/marketo/marketo_emulator.h"

namespace leadgw::emulators {

SandboxUpstreams::SandboxUpstreams() = default;
SandboxUpstreams::~SandboxUpstreams() = default;

absl::StatusOr<std::unique_ptr<SandboxUpstreams>> SandboxUpstreams::Start(
    const std::string& host) {
  std::unique_ptr<SandboxUpstreams> upstreams(new SandboxUpstreams());
  upstreams->marketo_ =
      std::make_unique<marketo::MarketoEmulator>(marketo::MarketoEmulatorOptions{});
  LEADGW_RETURN_IF_ERROR(upstreams->marketo_->Start(host, 0).status());
  upstreams->hotprofile_ =
      std::make_unique<hotprofile::HotProfileEmulator>(hotprofile::HotProfileEmulatorOptions{});
  LEADGW_RETURN_IF_ERROR(upstreams->hotprofile_->Start(host, 0).status());
  return upstreams;
}

SandboxMarketo SandboxUpstreams::marketo() const {
  const marketo::MarketoEmulatorOptions defaults;
  return SandboxMarketo{marketo_->base_url(), defaults.client_id, defaults.client_secret};
}

SandboxHotProfile SandboxUpstreams::hotprofile() const {
  const hotprofile::HotProfileEmulatorOptions defaults;
  return SandboxHotProfile{hotprofile_->base_url(), defaults.api_key};
}

}  // namespace leadgw::emulators
