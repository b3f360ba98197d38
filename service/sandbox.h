// Sandbox: the emulated upstreams of emulators/sandbox_upstreams.h (both vendors'
// emulators in-process on loopback with demo data) and the connections that point the
// gateway at them ("marketo-sandbox", "hotprofile-sandbox"). What `--sandbox` starts, so a
// newcomer can try every RPC without an upstream account.
#ifndef LEADGW_SERVICE_SANDBOX_H_
#define LEADGW_SERVICE_SANDBOX_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "emulators/sandbox_upstreams.h"
#include "leadgateway/config/v1/gateway_config.pb.h"
#include "service/config.h"

namespace leadgw::service {

class Sandbox {
 public:
  inline static constexpr char kMarketoConnection[] = "marketo-sandbox";
  inline static constexpr char kHotProfileConnection[] = "hotprofile-sandbox";

  // Starts both emulators on free loopback ports.
  static absl::StatusOr<std::unique_ptr<Sandbox>> Start();

  // Removes the sandbox's job journal.
  ~Sandbox();

  // Adds the sandbox connections to `config` and resolves it. The emulators' credentials
  // are supplied here, so no environment variable is needed for them; the config's own
  // connections resolve as usual. Without `jobs` (and outside fleet mode) durable jobs
  // are on, journaled in a temporary directory that lives as long as the sandbox.
  absl::StatusOr<GatewaySettings> Resolve(::leadgateway::config::v1::GatewayConfig config) const;

 private:
  Sandbox(std::unique_ptr<emulators::SandboxUpstreams> upstreams, std::string journal_dir)
      : upstreams_(std::move(upstreams)), journal_dir_(std::move(journal_dir)) {}

  std::unique_ptr<emulators::SandboxUpstreams> upstreams_;
  std::string journal_dir_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_SANDBOX_H_
