// Who may call the gateway and what each caller may do (config `access`, docs/security.md).
//
// A caller is recognised by the SANs of its verified client certificate (mutual TLS) or by
// the SHA-256 of a bearer token; each operation needs a permission (read, write, delete,
// schema) on the connection it uses. With no caller declared the policy is off and every
// call passes, as before; once one is declared, whatever no grant allows is denied.
#ifndef LEADGW_SERVICE_ACCESS_ACCESS_POLICY_H_
#define LEADGW_SERVICE_ACCESS_ACCESS_POLICY_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/operation.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw::service::access {

enum class Permission { kRead, kWrite, kDelete, kSchema };
inline constexpr int kPermissionCount = 4;

// "read", "write", "delete", "schema": the config's words and the metric label.
absl::string_view PermissionName(Permission permission);

// The permission an operation needs.
Permission PermissionFor(backends::Operation op);

// What a request shows of its sender.
struct Credentials {
  std::vector<std::string> certificate_uris;  // URI SANs of a verified client certificate
  std::vector<std::string> certificate_dns;   // its DNS SANs
  std::optional<std::string> bearer_token;    // from `authorization: Bearer <token>`
};

struct Grant {
  bool every_connection = false;
  absl::flat_hash_set<std::string> connections;
  std::array<bool, kPermissionCount> permissions{};
};

struct CallerRule {
  std::string name;
  std::vector<std::string> spiffe_ids;
  std::vector<std::string> dns_names;
  std::vector<std::string> token_sha256;  // lower-case hex
  std::vector<Grant> grants;
  int quota_weight = 1;  // its fair share of each connection's capacity (1-1000)
  int quota_reserve_percent = 0;  // of each connection's rate window (0-50)
};

// Bounds of `access.callers[].quota_weight` and `quota_reserve_percent` (each, and all
// callers' together).
inline constexpr int kMaxQuotaWeight = 1000;
inline constexpr int kMaxReservePercent = 50;
inline constexpr int kMaxTotalReservePercent = 80;

class AccessPolicy {
 public:
  // The open policy: off, everything passes.
  AccessPolicy() = default;

  // Checks `config` against the configured connections. INVALID_ARGUMENT naming the key
  // ("access.callers[0].grants[1].operations[0]: ...") for a bad name, duplicate, unknown
  // connection or operation class, malformed hash, or a caller nothing can identify.
  static absl::StatusOr<AccessPolicy> FromConfig(
      const ::leadgateway::config::v1::AccessConfig& config,
      const std::vector<std::string>& connection_names);

  // The index of `caller` (one of callers()) among the connections' caller shares
  // (UpstreamSettings::callers, where 0 is no configured caller).
  int ShareOf(const CallerRule& caller) const {
    return static_cast<int>(&caller - callers_.data()) + 1;
  }

  // ShareOf the caller named `name`; 0 for an empty or unknown name (a caller removed
  // from the config since a durable job was submitted).
  int ShareOfName(absl::string_view name) const {
    for (const CallerRule& caller : callers_) {
      if (caller.name == name) return ShareOf(caller);
    }
    return 0;
  }

  // Whether any caller is declared (otherwise every call passes unchecked).
  bool enabled() const { return !callers_.empty(); }
  const std::vector<CallerRule>& callers() const { return callers_; }

  // The caller `credentials` prove: a certificate SAN first, then the bearer token.
  // UNAUTHENTICATED saying what was missing or unmatched (never the token).
  absl::StatusOr<const CallerRule*> Identify(const Credentials& credentials) const;

  // OK when a grant of `caller` covers `permission` on `connection`; PERMISSION_DENIED
  // naming the caller, the permission and the connection otherwise.
  absl::Status Authorize(const CallerRule& caller, Permission permission,
                         absl::string_view connection) const;

 private:
  std::vector<CallerRule> callers_;
};

}  // namespace leadgw::service::access

#endif  // LEADGW_SERVICE_ACCESS_ACCESS_POLICY_H_
