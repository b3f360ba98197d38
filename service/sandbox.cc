#include "service/sandbox.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace leadgw::service {
namespace {

// Names the sandbox's own "environment variables": resolved from the emulators' options,
// never from the process environment.
constexpr char kMarketoIdVar[] = "LEADGW_SANDBOX_MARKETO_CLIENT_ID";
constexpr char kMarketoSecretVar[] = "LEADGW_SANDBOX_MARKETO_CLIENT_SECRET";
constexpr char kHotProfileKeyVar[] = "LEADGW_SANDBOX_HOTPROFILE_API_KEY";

constexpr char kJournalFile[] = "jobs.db";

}  // namespace

absl::StatusOr<std::unique_ptr<Sandbox>> Sandbox::Start() {
  auto upstreams = emulators::SandboxUpstreams::Start("127.0.0.1");
  LEADGW_RETURN_IF_ERROR(upstreams.status());
  std::string journal_dir = "/tmp/lead-gateway-sandbox-XXXXXX";
  if (mkdtemp(journal_dir.data()) == nullptr) {
    return absl::UnavailableError("cannot create a temporary directory for the sandbox's jobs");
  }
  return std::unique_ptr<Sandbox>(new Sandbox(*std::move(upstreams), std::move(journal_dir)));
}

Sandbox::~Sandbox() {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::remove(absl::StrCat(journal_dir_, "/", kJournalFile, suffix).c_str());
  }
  rmdir(journal_dir_.c_str());
}

absl::StatusOr<GatewaySettings> Sandbox::Resolve(
    ::leadgateway::config::v1::GatewayConfig config) const {
  const emulators::SandboxMarketo marketo_upstream = upstreams_->marketo();
  const emulators::SandboxHotProfile hotprofile_upstream = upstreams_->hotprofile();

  auto* marketo = config.add_connections();
  marketo->set_name(kMarketoConnection);
  marketo->set_backend("marketo");
  marketo->set_base_url(marketo_upstream.base_url);
  marketo->mutable_marketo()->mutable_client_id()->set_env(kMarketoIdVar);
  marketo->mutable_marketo()->mutable_client_secret()->set_env(kMarketoSecretVar);

  auto* hotprofile = config.add_connections();
  hotprofile->set_name(kHotProfileConnection);
  hotprofile->set_backend("hotprofile");
  hotprofile->set_base_url(hotprofile_upstream.base_url);
  hotprofile->mutable_hotprofile()->mutable_api_key()->set_env(kHotProfileKeyVar);

  if (!config.has_jobs() && !config.server().has_coordination()) {
    config.mutable_jobs()->set_journal_path(absl::StrCat(journal_dir_, "/", kJournalFile));
  }

  SecretReaders readers = SystemSecretReaders();
  auto system_env = readers.env;
  readers.env = [system_env, marketo_upstream,
                 hotprofile_upstream](const std::string& name) -> std::optional<std::string> {
    if (name == kMarketoIdVar) return marketo_upstream.client_id;
    if (name == kMarketoSecretVar) return marketo_upstream.client_secret;
    if (name == kHotProfileKeyVar) return hotprofile_upstream.api_key;
    return system_env(name);
  };
  return ResolveConfig(config, readers);
}

}  // namespace leadgw::service
