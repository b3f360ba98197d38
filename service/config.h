// Loading the gateway's configuration file into resolved settings.
//
// The file (JSON or text proto, see docs/configuration.md) is parsed into
// leadgateway.config.v1.GatewayConfig, checked key by key, defaults applied and secrets
// loaded from environment variables or files. Every error names the offending key
// ("connections[1].limits.window: must be positive") and never contains a secret. The
// vendor-specific keys of a connection are read by its kind (backends/registry.h).
#ifndef LEADGW_SERVICE_CONFIG_H_
#define LEADGW_SERVICE_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "backends/connection_settings.h"
#include "upstream/coord/fleet.h"
#include "common/secret_source.h"
#include "service/access/access_policy.h"
#include "service/jobs_config.h"
#include "service/tls_config.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw::service {

struct ServerSettings {
  std::string listen_address = "0.0.0.0";
  int grpc_port = 50051;
  int metrics_port = 9464;
  absl::Duration drain_grace = absl::Seconds(20);
  int max_request_bytes = 16 << 20;
  absl::Duration default_rpc_deadline = absl::Seconds(300);
  absl::Duration idempotency_ttl = absl::Minutes(10);
  int idempotency_max_entries = 10000;
  int max_threads = 512;
  int idle_threads = 16;  // gRPC's MAX_POLLERS: threads kept for the next RPC
  absl::Duration max_connection_age = absl::Minutes(30);
  absl::Duration max_connection_age_grace = absl::Minutes(5);
  int metrics_threads = 16;
  absl::Duration metrics_request_timeout = absl::Seconds(2);
  upstream::coord::FleetSettings fleet;  // fleet mode; off unless configured
  std::optional<TlsSettings> tls;        // the gRPC port's TLS; plaintext when empty
  // /metrics over TLS (server.metrics.tls); plaintext when empty.
  std::optional<TlsSettings> metrics_tls;
  std::string health_address;            // plaintext health-only port; none when empty
};

struct GatewaySettings {
  ServerSettings server;
  access::AccessPolicy access;  // who may do what; off unless callers are configured
  JobsSettings jobs;  // durable write jobs; off unless configured
  std::vector<backends::ConnectionSettings> connections;
};

enum class ConfigFormat { kJson, kTextProto };

// The format of `path` by extension: .json, or .textproto / .txtpb / .pbtxt.
absl::StatusOr<ConfigFormat> ConfigFormatForPath(absl::string_view path);

// Parses `text`. INVALID_ARGUMENT naming the unknown key or the syntax error.
absl::StatusOr<::leadgateway::config::v1::GatewayConfig> ParseConfig(absl::string_view text,
                                                                     ConfigFormat format);

// Where secrets come from (common/secret_source.h); injectable so tests need no real
// environment. SystemSecretReaders() reads the process environment and the file system.
using ::leadgw::SecretReaders;
using ::leadgw::SystemSecretReaders;

// Checks `config`, applies defaults and loads secrets.
absl::StatusOr<GatewaySettings> ResolveConfig(
    const ::leadgateway::config::v1::GatewayConfig& config, const SecretReaders& readers);

// Reads and parses the file at `path` (format by extension), without resolving it.
absl::StatusOr<::leadgateway::config::v1::GatewayConfig> ReadConfigFile(const std::string& path);

// Reads, parses and resolves the file at `path` with the system readers.
absl::StatusOr<GatewaySettings> LoadConfigFile(const std::string& path);

// Reads a whole file (common/secret_source.h). NOT_FOUND / PERMISSION_DENIED / INTERNAL
// naming the path.
using ::leadgw::ReadFile;

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_CONFIG_H_
