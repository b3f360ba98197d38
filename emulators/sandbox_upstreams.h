// The emulated upstreams of the gateway's sandbox mode (`lead_gateway --sandbox`): the
// Marketo and HotProfile emulators running in-process on loopback ports, seeded with demo
// data, with their default credentials. The one emulators target linked into the
// production binary (see emulators/README.md); tests use the emulator libraries directly.
#ifndef LEADGW_EMULATORS_SANDBOX_UPSTREAMS_H_
#define LEADGW_EMULATORS_SANDBOX_UPSTREAMS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace leadgw::emulators::marketo {
class MarketoEmulator;
}  // namespace leadgw::emulators::marketo
namespace leadgw::emulators::hotprofile {
class HotProfileEmulator;
}  // namespace leadgw::emulators::hotprofile

namespace leadgw::emulators {

// Where the gateway reaches one emulated Marketo instance, and the credentials it accepts.
struct SandboxMarketo {
  std::string base_url;  // "http://127.0.0.1:PORT"
  std::string client_id;
  std::string client_secret;
};

// Where the gateway reaches one emulated HotProfile tenant, and the key it accepts.
struct SandboxHotProfile {
  std::string base_url;  // "http://127.0.0.1:PORT"
  std::string api_key;
};

// Owns both emulators; they serve until this object is destroyed. Thread-safe after
// Start() (the accessors only read values fixed at start).
class SandboxUpstreams {
 public:
  // Starts both emulators with their default options (demo data, the vendors' documented
  // limits) on free ports of `host`. UNAVAILABLE if a bind fails.
  static absl::StatusOr<std::unique_ptr<SandboxUpstreams>> Start(
      const std::string& host = "127.0.0.1");

  SandboxUpstreams(const SandboxUpstreams&) = delete;
  SandboxUpstreams& operator=(const SandboxUpstreams&) = delete;
  // Stops both emulators and joins their threads.
  ~SandboxUpstreams();

  SandboxMarketo marketo() const;
  SandboxHotProfile hotprofile() const;

 private:
  SandboxUpstreams();

  std::unique_ptr<marketo::MarketoEmulator> marketo_;
  std::unique_ptr<hotprofile::HotProfileEmulator> hotprofile_;
};

}  // namespace leadgw::emulators

#endif  // LEADGW_EMULATORS_SANDBOX_UPSTREAMS_H_
