#include "service/tls_config.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/config_values.h"
#include "common/secret_source.h"
#include "common/status_macros.h"

namespace leadgw::service {
namespace {

constexpr absl::Duration kMinRefresh = absl::Seconds(1);
constexpr absl::Duration kMaxRefresh = absl::Hours(1);

// OK when `path` is set, readable, and holds a PEM block whose label contains `kind`
// ("CERTIFICATE", "PRIVATE KEY": the latter also matches "RSA PRIVATE KEY" and
// "EC PRIVATE KEY"). Only the path is quoted in errors.
absl::Status CheckPemFile(absl::string_view key, const std::string& path, absl::string_view kind,
                          absl::string_view what) {
  if (path.empty()) return ConfigKeyError(key, "required");
  absl::StatusOr<std::string> contents = ReadFile(path);
  if (!contents.ok()) return ConfigKeyError(key, absl::StrCat("cannot read ", path));
  size_t begin = 0;
  while ((begin = contents->find("-----BEGIN ", begin)) != std::string::npos) {
    const size_t label_start = begin + 11;
    const size_t label_end = contents->find("-----", label_start);
    if (label_end == std::string::npos) break;
    if (absl::StrContains(absl::string_view(*contents).substr(label_start, label_end - label_start),
                          kind)) {
      return absl::OkStatus();
    }
    begin = label_end;
  }
  return ConfigKeyError(key, absl::StrCat(path, " holds no PEM ", what));
}

}  // namespace

absl::StatusOr<std::optional<TlsSettings>> ResolveTls(
    bool present, const ::leadgateway::config::v1::TlsConfig& config, absl::string_view key) {
  if (!present) return std::optional<TlsSettings>();
  TlsSettings tls;
  tls.certificate_file = config.certificate_file();
  tls.private_key_file = config.private_key_file();
  tls.client_ca_file = config.client_ca_file();
  LEADGW_RETURN_IF_ERROR(CheckPemFile(absl::StrCat(key, ".certificate_file"), tls.certificate_file,
                                      "CERTIFICATE", "certificate"));
  LEADGW_RETURN_IF_ERROR(CheckPemFile(absl::StrCat(key, ".private_key_file"), tls.private_key_file,
                                      "PRIVATE KEY", "private key"));
  if (!tls.client_ca_file.empty()) {
    LEADGW_RETURN_IF_ERROR(CheckPemFile(absl::StrCat(key, ".client_ca_file"), tls.client_ca_file,
                                        "CERTIFICATE", "CA certificate"));
  }
  LEADGW_ASSIGN_OR_RETURN(
      tls.refresh_interval,
      PositiveDuration(config.has_refresh_interval(), config.refresh_interval(),
                       tls.refresh_interval, kMaxRefresh, absl::StrCat(key, ".refresh_interval")));
  if (tls.refresh_interval < kMinRefresh) {
    return ConfigKeyError(absl::StrCat(key, ".refresh_interval"), "must be at least 1s");
  }
  return std::optional<TlsSettings>(std::move(tls));
}

bool IsLoopbackAddress(absl::string_view listen_address) {
  return listen_address == "localhost" || listen_address == "::1" ||
         listen_address == "[::1]" || absl::StartsWith(listen_address, "127.");
}

}  // namespace leadgw::service
