#include "service/config.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/registry.h"
#include "common/config_values.h"
#include "common/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "service/coordination_config.h"
#include "service/jobs_config.h"

namespace leadgw::service {
namespace {

using ::leadgateway::config::v1::ConnectionConfig;
using ::leadgateway::config::v1::GatewayConfig;
using ::leadgateway::config::v1::MetricsServerConfig;
using ::leadgateway::config::v1::ServerConfig;

constexpr int kMaxRequestBytesCeiling = 64 << 20;
constexpr absl::Duration kMaxDrainGrace = absl::Minutes(5);
constexpr absl::Duration kMaxRpcDeadline = absl::Hours(1);
constexpr absl::Duration kMaxUpstreamTimeout = absl::Minutes(10);

class TextErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) first_ = absl::StrCat("line ", line + 1, ":", column + 1, ": ", message);
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

absl::Status ResolveConnectionAge(const ServerConfig& config, ServerSettings& server) {
  LEADGW_ASSIGN_OR_RETURN(
      server.max_connection_age,
      PositiveDuration(config.has_max_connection_age(), config.max_connection_age(),
                       server.max_connection_age, absl::Hours(24), "server.max_connection_age"));
  if (server.max_connection_age < absl::Minutes(1)) {
    return ConfigKeyError("server.max_connection_age", "must be at least 1m");
  }
  LEADGW_ASSIGN_OR_RETURN(
      server.max_connection_age_grace,
      PositiveDuration(config.has_max_connection_age_grace(), config.max_connection_age_grace(),
                       server.max_connection_age_grace, absl::Hours(1),
                       "server.max_connection_age_grace"));
  return absl::OkStatus();
}

absl::Status ResolveMetricsServer(const MetricsServerConfig& config, ServerSettings& server) {
  if (config.has_threads()) {
    if (config.threads() < 2 || config.threads() > 256) {
      return ConfigKeyError("server.metrics.threads", "must be 2-256");
    }
    server.metrics_threads = static_cast<int>(config.threads());
  }
  LEADGW_ASSIGN_OR_RETURN(
      server.metrics_request_timeout,
      PositiveDuration(config.has_request_timeout(), config.request_timeout(),
                       server.metrics_request_timeout, absl::Minutes(1),
                       "server.metrics.request_timeout"));
  if (server.metrics_request_timeout < absl::Milliseconds(100)) {
    return ConfigKeyError("server.metrics.request_timeout", "must be at least 100ms");
  }
  return absl::OkStatus();
}

absl::StatusOr<ServerSettings> ResolveServer(const ServerConfig& config) {
  ServerSettings server;
  if (!config.listen_address().empty()) server.listen_address = config.listen_address();
  server.health_address = config.health_address();
  if (config.has_grpc_port()) {
    if (config.grpc_port() > 65535) return ConfigKeyError("server.grpc_port", "must be 0-65535");
    server.grpc_port = static_cast<int>(config.grpc_port());
  }
  if (config.has_metrics_port()) {
    if (config.metrics_port() > 65535) {
      return ConfigKeyError("server.metrics_port", "must be 0-65535");
    }
    server.metrics_port = static_cast<int>(config.metrics_port());
  }
  LEADGW_ASSIGN_OR_RETURN(
      server.drain_grace,
      PositiveDuration(config.has_drain_grace(), config.drain_grace(), server.drain_grace,
                       kMaxDrainGrace, "server.drain_grace"));
  LEADGW_ASSIGN_OR_RETURN(
      server.default_rpc_deadline,
      PositiveDuration(config.has_default_rpc_deadline(), config.default_rpc_deadline(),
                       server.default_rpc_deadline, kMaxRpcDeadline,
                       "server.default_rpc_deadline"));
  if (config.max_request_bytes() != 0) {
    if (config.max_request_bytes() > static_cast<uint32_t>(kMaxRequestBytesCeiling)) {
      return ConfigKeyError("server.max_request_bytes",
                            absl::StrCat("must be at most ", kMaxRequestBytesCeiling));
    }
    server.max_request_bytes = static_cast<int>(config.max_request_bytes());
  }
  if (config.has_max_threads()) {
    if (config.max_threads() < 8 || config.max_threads() > 10000) {
      return ConfigKeyError("server.max_threads", "must be 8-10000");
    }
    server.max_threads = static_cast<int>(config.max_threads());
  }
  if (!config.has_idle_threads()) {
    server.idle_threads = std::min(server.idle_threads, server.max_threads);
  } else if (config.idle_threads() < 1 || config.idle_threads() > 1024) {
    return ConfigKeyError("server.idle_threads", "must be 1-1024");
  } else if (config.idle_threads() > static_cast<uint32_t>(server.max_threads)) {
    return ConfigKeyError("server.idle_threads",
                          absl::StrCat("must be at most server.max_threads (",
                                       server.max_threads, ")"));
  } else {
    server.idle_threads = static_cast<int>(config.idle_threads());
  }
  LEADGW_RETURN_IF_ERROR(ResolveConnectionAge(config, server));
  LEADGW_RETURN_IF_ERROR(ResolveMetricsServer(config.metrics(), server));
  if (config.has_idempotency()) {
    const auto& idempotency = config.idempotency();
    LEADGW_ASSIGN_OR_RETURN(
        server.idempotency_ttl,
        PositiveDuration(idempotency.has_ttl(), idempotency.ttl(), server.idempotency_ttl,
                         absl::Hours(24), "server.idempotency.ttl"));
    if (idempotency.has_max_entries()) {
      if (idempotency.max_entries() < 1 || idempotency.max_entries() > 1000000) {
        return ConfigKeyError("server.idempotency.max_entries", "must be 1-1000000");
      }
      server.idempotency_max_entries = static_cast<int>(idempotency.max_entries());
    }
  }
  return server;
}

absl::Status ResolveRetry(const ConnectionConfig& config, absl::string_view key,
                          backends::RetrySettings& retry) {
  if (!config.has_retry()) return absl::OkStatus();
  const auto& in = config.retry();
  if (in.has_max_attempts()) {
    if (in.max_attempts() < 1 || in.max_attempts() > 10) {
      return ConfigKeyError(absl::StrCat(key, ".retry.max_attempts"), "must be 1-10");
    }
    retry.max_attempts = static_cast<int>(in.max_attempts());
  }
  LEADGW_ASSIGN_OR_RETURN(
      retry.initial_backoff,
      PositiveDuration(in.has_initial_backoff(), in.initial_backoff(), retry.initial_backoff,
                       absl::Minutes(1), absl::StrCat(key, ".retry.initial_backoff")));
  LEADGW_ASSIGN_OR_RETURN(
      retry.max_backoff,
      PositiveDuration(in.has_max_backoff(), in.max_backoff(), retry.max_backoff, absl::Minutes(5),
                       absl::StrCat(key, ".retry.max_backoff")));
  if (retry.max_backoff < retry.initial_backoff) {
    return ConfigKeyError(absl::StrCat(key, ".retry.max_backoff"),
                          "must be at least retry.initial_backoff");
  }
  return absl::OkStatus();
}

absl::Status ResolveBreaker(const ConnectionConfig& config, absl::string_view key,
                            backends::BreakerSettings& breaker) {
  if (!config.has_circuit_breaker()) return absl::OkStatus();
  const auto& in = config.circuit_breaker();
  if (in.has_failure_threshold()) {
    if (in.failure_threshold() < 1 || in.failure_threshold() > 1000) {
      return ConfigKeyError(absl::StrCat(key, ".circuit_breaker.failure_threshold"),
                            "must be 1-1000");
    }
    breaker.failure_threshold = static_cast<int>(in.failure_threshold());
  }
  LEADGW_ASSIGN_OR_RETURN(
      breaker.open_duration,
      PositiveDuration(in.has_open_duration(), in.open_duration(), breaker.open_duration,
                       absl::Minutes(10), absl::StrCat(key, ".circuit_breaker.open_duration")));
  return absl::OkStatus();
}

bool IsValidConnectionName(absl::string_view name) {
  if (name.empty() || name.size() > 63 || !absl::ascii_islower(name[0])) return false;
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') return false;
  }
  return true;
}

absl::Status ResolveCoalescing(const ConnectionConfig& config, absl::string_view key,
                               absl::Duration& max_wait) {
  if (!config.coalescing().has_max_wait()) return absl::OkStatus();
  const absl::Duration wait = ToDuration(config.coalescing().max_wait());
  if (wait < absl::ZeroDuration() || wait > absl::Minutes(1)) {
    return ConfigKeyError(absl::StrCat(key, ".coalescing.max_wait"), "must be 0s-1m");
  }
  max_wait = wait;
  return absl::OkStatus();
}

absl::Status ResolveLimits(const ConnectionConfig& config, absl::string_view key,
                           backends::UpstreamLimits& limits) {
  if (!config.has_limits()) return absl::OkStatus();
  const auto& in = config.limits();
  if (in.has_calls_per_window()) {
    if (in.calls_per_window() == 0 || in.calls_per_window() > 1000000) {
      return ConfigKeyError(absl::StrCat(key, ".limits.calls_per_window"), "must be 1-1000000");
    }
    limits.calls_per_window = static_cast<int>(in.calls_per_window());
  }
  LEADGW_ASSIGN_OR_RETURN(
      limits.window, PositiveDuration(in.has_window(), in.window(), limits.window, absl::Hours(24),
                                      absl::StrCat(key, ".limits.window")));
  if (in.has_max_concurrent()) {
    if (in.max_concurrent() > 10000) {
      return ConfigKeyError(absl::StrCat(key, ".limits.max_concurrent"), "must be at most 10000");
    }
    limits.max_concurrent = static_cast<int>(in.max_concurrent());
  }
  if (in.has_daily_quota()) {
    if (in.daily_quota() > 100000000) {
      return ConfigKeyError(absl::StrCat(key, ".limits.daily_quota"), "must be at most 100000000");
    }
    limits.daily_quota = static_cast<int>(in.daily_quota());
  }
  if (in.has_daily_reserve()) {
    if (in.daily_reserve() > static_cast<uint32_t>(limits.daily_quota)) {
      return ConfigKeyError(absl::StrCat(key, ".limits.daily_reserve"),
                            absl::StrCat("must be at most daily_quota (", limits.daily_quota, ")"));
    }
    limits.daily_reserve = static_cast<int>(in.daily_reserve());
  }
  if (in.has_day_start_utc_offset()) {
    const absl::Duration offset = absl::Seconds(in.day_start_utc_offset().seconds()) +
                                  absl::Nanoseconds(in.day_start_utc_offset().nanos());
    if (offset <= -absl::Hours(24) || offset >= absl::Hours(24)) {
      return ConfigKeyError(absl::StrCat(key, ".limits.day_start_utc_offset"),
                            "must be more than -24h and less than 24h");
    }
    limits.day_start_utc_offset = offset;
  }
  return absl::OkStatus();
}

// A connection sets only its own kind's keys: the credentials block of another kind (the
// ConnectionConfig field named after it) or one of that kind's `config_fields` is an
// error, reported before the connection's own kind reads its keys.
absl::Status RejectOtherKindsKeys(const ConnectionConfig& config, absl::string_view key,
                                  const backends::BackendKindInfo& kind) {
  const google::protobuf::Descriptor* descriptor = config.GetDescriptor();
  const google::protobuf::Reflection* reflection = config.GetReflection();
  auto is_set = [&](absl::string_view field_name) {
    const google::protobuf::FieldDescriptor* field =
        descriptor->FindFieldByName(std::string(field_name));
    return field != nullptr && !field->is_repeated() && reflection->HasField(config, field);
  };
  for (const backends::BackendKindInfo* other : backends::AllBackendKinds()) {
    if (other->kind == kind.kind) continue;
    for (absl::string_view field : other->config_fields) {
      if (is_set(field)) {
        return ConfigKeyError(absl::StrCat(key, ".", field),
                              absl::StrCat("only for backend ", other->name));
      }
    }
    if (is_set(other->name)) {
      return ConfigKeyError(absl::StrCat(key, ".", other->name),
                            absl::StrCat("not allowed on a ", kind.name, " connection"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<backends::ConnectionSettings> ResolveConnection(const ConnectionConfig& config,
                                                               absl::string_view key,
                                                               const SecretReaders& readers) {
  backends::ConnectionSettings out;
  if (!IsValidConnectionName(config.name())) {
    return ConfigKeyError(absl::StrCat(key, ".name"),
                          "required: 1-63 characters of [a-z0-9-] starting with a letter");
  }
  out.name = config.name();
  const backends::BackendKindInfo* kind = backends::FindBackendKind(config.backend());
  if (kind == nullptr) {
    return ConfigKeyError(
        absl::StrCat(key, ".backend"),
        absl::StrCat("must be one of: ", absl::StrJoin(backends::BackendKindNames(), ", ")));
  }
  out.kind = kind->kind;
  LEADGW_ASSIGN_OR_RETURN(out.base_url,
                          ResolveConfigUrl(config.base_url(), absl::StrCat(key, ".base_url")));
  LEADGW_RETURN_IF_ERROR(RejectOtherKindsKeys(config, key, *kind));
  LEADGW_RETURN_IF_ERROR(kind->read_settings(config, key, readers, &out));
  out.limits = kind->default_limits;
  LEADGW_RETURN_IF_ERROR(ResolveLimits(config, key, out.limits));
  LEADGW_RETURN_IF_ERROR(ResolveRetry(config, key, out.retry));
  LEADGW_RETURN_IF_ERROR(ResolveBreaker(config, key, out.breaker));
  LEADGW_RETURN_IF_ERROR(ResolveCoalescing(config, key, out.coalesce_max_wait));
  LEADGW_ASSIGN_OR_RETURN(out.default_timeout,
                          PositiveDuration(config.has_default_timeout(), config.default_timeout(),
                                           kind->default_timeout, kMaxUpstreamTimeout,
                                           absl::StrCat(key, ".default_timeout")));
  for (const backends::EndpointTimeout& endpoint : kind->endpoints) {
    // The documented timeouts hold unless a default_timeout was configured, which then
    // applies to every endpoint not listed explicitly.
    out.endpoint_timeouts[endpoint.endpoint] =
        config.has_default_timeout() ? out.default_timeout : endpoint.timeout;
  }
  for (const auto& [endpoint, timeout] : config.endpoint_timeouts()) {
    const std::string endpoint_key = absl::StrCat(key, ".endpoint_timeouts[\"", endpoint, "\"]");
    if (!out.endpoint_timeouts.contains(endpoint)) {
      std::vector<absl::string_view> names;
      for (const auto& e : kind->endpoints) names.push_back(e.endpoint);
      return ConfigKeyError(endpoint_key, absl::StrCat("unknown endpoint of ", kind->name,
                                                       "; known: ", absl::StrJoin(names, ", ")));
    }
    LEADGW_ASSIGN_OR_RETURN(
        out.endpoint_timeouts[endpoint],
        PositiveDuration(true, timeout, absl::ZeroDuration(), kMaxUpstreamTimeout, endpoint_key));
  }
  return out;
}

}  // namespace

absl::StatusOr<ConfigFormat> ConfigFormatForPath(absl::string_view path) {
  if (absl::EndsWith(path, ".json")) return ConfigFormat::kJson;
  if (absl::EndsWith(path, ".textproto") || absl::EndsWith(path, ".txtpb") ||
      absl::EndsWith(path, ".pbtxt")) {
    return ConfigFormat::kTextProto;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "config file ", path, ": unknown format; use .json, .textproto, .txtpb or .pbtxt"));
}

absl::StatusOr<GatewayConfig> ParseConfig(absl::string_view text, ConfigFormat format) {
  GatewayConfig config;
  if (format == ConfigFormat::kJson) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    auto status = google::protobuf::util::JsonStringToMessage(std::string(text), &config, options);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("config: ", status.message().ToString()));
    }
    return config;
  }
  google::protobuf::TextFormat::Parser parser;
  TextErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &config)) {
    return absl::InvalidArgumentError(absl::StrCat("config: ", errors.first()));
  }
  return config;
}

absl::StatusOr<GatewaySettings> ResolveConfig(const GatewayConfig& config,
                                              const SecretReaders& readers) {
  GatewaySettings settings;
  LEADGW_ASSIGN_OR_RETURN(settings.server, ResolveServer(config.server()));
  LEADGW_ASSIGN_OR_RETURN(settings.server.fleet,
                          ResolveCoordination(config.server().has_coordination(),
                                              config.server().coordination(), readers));
  LEADGW_ASSIGN_OR_RETURN(settings.server.tls,
                          ResolveTls(config.server().has_tls(), config.server().tls()));
  LEADGW_ASSIGN_OR_RETURN(settings.server.metrics_tls,
                          ResolveTls(config.server().metrics().has_tls(),
                                     config.server().metrics().tls(), "server.metrics.tls"));
  LEADGW_ASSIGN_OR_RETURN(settings.jobs, ResolveJobs(config.has_jobs(), config.jobs(),
                                                     settings.server.fleet.enabled()));
  if (config.connections().empty()) {
    return ConfigKeyError("connections", "at least one connection is required");
  }
  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < config.connections_size(); ++i) {
    const std::string key = absl::StrCat("connections[", i, "]");
    LEADGW_ASSIGN_OR_RETURN(backends::ConnectionSettings connection,
                            ResolveConnection(config.connections(i), key, readers));
    if (!names.insert(connection.name).second) {
      return ConfigKeyError(absl::StrCat(key, ".name"),
                            absl::StrCat("duplicate connection name '", connection.name, "'"));
    }
    settings.connections.push_back(std::move(connection));
  }
  LEADGW_ASSIGN_OR_RETURN(settings.access,
                          access::AccessPolicy::FromConfig(
                              config.access(), std::vector<std::string>(names.begin(), names.end())));
  // Every connection shares its capacity between the same callers (share 0: no caller).
  std::vector<upstream::CallerShare> shares = {{upstream::kAnonymousCaller, 1}};
  for (const access::CallerRule& caller : settings.access.callers()) {
    shares.push_back({caller.name, caller.quota_weight, caller.quota_reserve_percent});
  }
  for (backends::ConnectionSettings& connection : settings.connections) connection.callers = shares;
  return settings;
}

absl::StatusOr<GatewayConfig> ReadConfigFile(const std::string& path) {
  LEADGW_ASSIGN_OR_RETURN(ConfigFormat format, ConfigFormatForPath(path));
  LEADGW_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseConfig(text, format);
}

absl::StatusOr<GatewaySettings> LoadConfigFile(const std::string& path) {
  LEADGW_ASSIGN_OR_RETURN(GatewayConfig config, ReadConfigFile(path));
  return ResolveConfig(config, SystemSecretReaders());
}

}  // namespace leadgw::service
