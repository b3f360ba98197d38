// Reading server.tls of the gateway config: which files hold the gRPC port's certificate,
// key and client CA, checked at start-up so that a wrong path fails the start with the key
// named, not every handshake later.
#ifndef LEADGW_SERVICE_TLS_CONFIG_H_
#define LEADGW_SERVICE_TLS_CONFIG_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw::service {

struct TlsSettings {
  std::string certificate_file;
  std::string private_key_file;
  std::string client_ca_file;  // empty: no client certificates asked for
  absl::Duration refresh_interval = absl::Seconds(60);

  bool mutual() const { return !client_ca_file.empty(); }
};

// nullopt when `present` is false (plaintext). INVALID_ARGUMENT naming the key when a
// required file is not set, cannot be read, or holds no PEM block of the expected kind
// ("server.tls.private_key_file: /etc/tls/tls.key holds no PEM private key"); the files'
// contents never appear in errors. `key` is the config key of `config` in messages.
absl::StatusOr<std::optional<TlsSettings>> ResolveTls(
    bool present, const ::leadgateway::config::v1::TlsConfig& config,
    absl::string_view key = "server.tls");

// Whether `listen_address` only accepts connections from this machine (127.0.0.0/8, ::1,
// "localhost"). Plaintext is expected there; elsewhere the gateway warns.
bool IsLoopbackAddress(absl::string_view listen_address);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_TLS_CONFIG_H_
