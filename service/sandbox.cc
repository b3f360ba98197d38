#include "service/sandbox.h"

#include <optional>
#include <string>

#include "common/status_macros.h"

namespace leadgw::service {
namespace {

// Names the sandbox's own "environment variables": resolved from the emulators' options,
// never from the process environment.
constexpr char kMarketoIdVar[] = "LEADGW_SANDBOX_MARKETO_CLIENT_ID";
constexpr char kMarketoSecretVar[] = "LEADGW_SANDBOX_MARKETO_CLIENT_SECRET";
constexpr char kHotProfileKeyVar[] = "LEADGW_SANDBOX_HOTPROFILE_API_KEY";

}  // namespace

absl::StatusOr<std::unique_ptr<Sandbox>> Sandbox::Start() {
  std::unique_ptr<Sandbox> sandbox(new Sandbox());
  sandbox->marketo_ = std::make_unique<emulators::marketo::MarketoEmulator>(
      emulators::marketo::MarketoEmulatorOptions{});
  LEADGW_RETURN_IF_ERROR(sandbox->marketo_->Start("127.0.0.1", 0).status());
  sandbox->hotprofile_ = std::make_unique<emulators::hotprofile::HotProfileEmulator>(
      emulators::hotprofile::HotProfileEmulatorOptions{});
  LEADGW_RETURN_IF_ERROR(sandbox->hotprofile_->Start("127.0.0.1", 0).status());
  return sandbox;
}

absl::StatusOr<GatewaySettings> Sandbox::Resolve(
    ::leadgateway::config::v1::GatewayConfig config) const {
  auto* marketo = config.add_connections();
  marketo->set_name(kMarketoConnection);
  marketo->set_backend("marketo");
  marketo->set_base_url(marketo_->base_url());
  marketo->mutable_marketo()->mutable_client_id()->set_env(kMarketoIdVar);
  marketo->mutable_marketo()->mutable_client_secret()->set_env(kMarketoSecretVar);

  auto* hotprofile = config.add_connections();
  hotprofile->set_name(kHotProfileConnection);
  hotprofile->set_backend("hotprofile");
  hotprofile->set_base_url(hotprofile_->base_url());
  hotprofile->mutable_hotprofile()->mutable_api_key()->set_env(kHotProfileKeyVar);

  const emulators::marketo::MarketoEmulatorOptions marketo_defaults;
  const emulators::hotprofile::HotProfileEmulatorOptions hotprofile_defaults;
  SecretReaders readers = SystemSecretReaders();
  auto system_env = readers.env;
  readers.env = [system_env, marketo_defaults,
                 hotprofile_defaults](const std::string& name) -> std::optional<std::string> {
    if (name == kMarketoIdVar) return marketo_defaults.client_id;
    if (name == kMarketoSecretVar) return marketo_defaults.client_secret;
    if (name == kHotProfileKeyVar) return hotprofile_defaults.api_key;
    return system_env(name);
  };
  return ResolveConfig(config, readers);
}

}  // namespace leadgw::service
