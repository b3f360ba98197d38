#include "service/access/access_policy.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/config_values.h"
#include "common/sha256.h"

namespace leadgw::service::access {
namespace {

using ::leadgateway::config::v1::AccessConfig;
using ::leadgateway::config::v1::CallerConfig;

constexpr size_t kMaxCallerNameLength = 40;
constexpr absl::string_view kEveryConnection = "*";

bool IsCallerName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxCallerNameLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' || c == '-';
  });
}

bool IsSha256Hex(absl::string_view hash) {
  return hash.size() == 64 &&
         std::all_of(hash.begin(), hash.end(), [](char c) {
           return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

std::optional<Permission> PermissionNamed(absl::string_view name) {
  for (Permission permission :
       {Permission::kRead, Permission::kWrite, Permission::kDelete, Permission::kSchema}) {
    if (PermissionName(permission) == name) return permission;
  }
  return std::nullopt;
}

// Constant-time: how much of a token's hash matched must not leak through timing.
bool SameHash(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

absl::StatusOr<Grant> GrantFrom(const ::leadgateway::config::v1::AccessGrant& config,
                                const std::string& key,
                                const std::vector<std::string>& connection_names) {
  Grant grant;
  if (config.connections().empty()) {
    return ConfigKeyError(absl::StrCat(key, ".connections"),
                          "at least one connection name, or \"*\"");
  }
  for (int i = 0; i < config.connections_size(); ++i) {
    const std::string& connection = config.connections(i);
    if (connection == kEveryConnection) {
      grant.every_connection = true;
    } else if (std::find(connection_names.begin(), connection_names.end(), connection) ==
               connection_names.end()) {
      return ConfigKeyError(absl::StrCat(key, ".connections[", i, "]"),
                            absl::StrCat("no connection is named \"", connection, "\""));
    } else {
      grant.connections.insert(connection);
    }
  }
  if (config.operations().empty()) {
    return ConfigKeyError(absl::StrCat(key, ".operations"),
                          "at least one of read, write, delete, schema");
  }
  for (int i = 0; i < config.operations_size(); ++i) {
    std::optional<Permission> permission = PermissionNamed(config.operations(i));
    if (!permission.has_value()) {
      return ConfigKeyError(absl::StrCat(key, ".operations[", i, "]"),
                            absl::StrCat("unknown operation class \"", config.operations(i),
                                         "\" (read, write, delete, schema)"));
    }
    grant.permissions[static_cast<int>(*permission)] = true;
  }
  return grant;
}

absl::StatusOr<CallerRule> CallerFrom(const CallerConfig& config, const std::string& key,
                                      const std::vector<std::string>& connection_names) {
  CallerRule caller;
  if (!IsCallerName(config.name())) {
    return ConfigKeyError(absl::StrCat(key, ".name"), "1-40 of a-z, 0-9, _ and -");
  }
  if (config.name() == "anonymous" || config.name() == "unidentified") {
    return ConfigKeyError(absl::StrCat(key, ".name"),
                          absl::StrCat("\"", config.name(),
                                       "\" is reserved for calls of no configured caller"));
  }
  caller.name = config.name();
  if (config.quota_weight() > static_cast<uint32_t>(kMaxQuotaWeight)) {
    return ConfigKeyError(absl::StrCat(key, ".quota_weight"),
                          absl::StrCat("must be 1-", kMaxQuotaWeight, " (0: 1)"));
  }
  caller.quota_weight = config.quota_weight() == 0 ? 1 : static_cast<int>(config.quota_weight());
  if (config.quota_reserve_percent() > static_cast<uint32_t>(kMaxReservePercent)) {
    return ConfigKeyError(absl::StrCat(key, ".quota_reserve_percent"),
                          absl::StrCat("must be 0-", kMaxReservePercent));
  }
  caller.quota_reserve_percent = static_cast<int>(config.quota_reserve_percent());
  caller.spiffe_ids.assign(config.spiffe_ids().begin(), config.spiffe_ids().end());
  caller.dns_names.assign(config.dns_names().begin(), config.dns_names().end());
  for (int i = 0; i < config.token_sha256_size(); ++i) {
    if (!IsSha256Hex(config.token_sha256(i))) {
      return ConfigKeyError(absl::StrCat(key, ".token_sha256[", i, "]"),
                            "64 lower-case hex digits (sha256sum of the token)");
    }
    caller.token_sha256.push_back(config.token_sha256(i));
  }
  if (caller.spiffe_ids.empty() && caller.dns_names.empty() && caller.token_sha256.empty()) {
    return ConfigKeyError(key, "needs spiffe_ids, dns_names or token_sha256 to be recognised");
  }
  for (int i = 0; i < config.grants_size(); ++i) {
    absl::StatusOr<Grant> grant =
        GrantFrom(config.grants(i), absl::StrCat(key, ".grants[", i, "]"), connection_names);
    if (!grant.ok()) return grant.status();
    caller.grants.push_back(*std::move(grant));
  }
  return caller;
}

}  // namespace

absl::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kRead:
      return "read";
    case Permission::kWrite:
      return "write";
    case Permission::kDelete:
      return "delete";
    case Permission::kSchema:
      return "schema";
  }
  return "read";
}

Permission PermissionFor(backends::Operation op) {
  using backends::Operation;
  switch (op) {
    case Operation::kDeleteLeads:
    case Operation::kMergeLeads:
      return Permission::kDelete;
    case Operation::kCreateLeadFields:
    case Operation::kUpdateLeadField:
      return Permission::kSchema;
    default:
      return backends::IsWrite(op) ? Permission::kWrite : Permission::kRead;
  }
}

absl::StatusOr<AccessPolicy> AccessPolicy::FromConfig(
    const AccessConfig& config, const std::vector<std::string>& connection_names) {
  AccessPolicy policy;
  absl::flat_hash_set<std::string> names;
  int reserved = 0;  // percent of a window, all callers together
  for (int i = 0; i < config.callers_size(); ++i) {
    const std::string key = absl::StrCat("access.callers[", i, "]");
    absl::StatusOr<CallerRule> caller = CallerFrom(config.callers(i), key, connection_names);
    if (!caller.ok()) return caller.status();
    if (!names.insert(caller->name).second) {
      return ConfigKeyError(absl::StrCat(key, ".name"),
                            absl::StrCat("\"", caller->name, "\" is declared twice"));
    }
    reserved += caller->quota_reserve_percent;
    if (reserved > kMaxTotalReservePercent) {
      return ConfigKeyError(absl::StrCat(key, ".quota_reserve_percent"),
                            absl::StrCat("the callers' reserves add up to ", reserved,
                                         "%; at most ", kMaxTotalReservePercent,
                                         "% of a window may be reserved"));
    }
    policy.callers_.push_back(*std::move(caller));
  }
  return policy;
}

absl::StatusOr<const CallerRule*> AccessPolicy::Identify(const Credentials& credentials) const {
  for (const CallerRule& caller : callers_) {
    for (const std::string& uri : credentials.certificate_uris) {
      if (std::find(caller.spiffe_ids.begin(), caller.spiffe_ids.end(), uri) !=
          caller.spiffe_ids.end()) {
        return &caller;
      }
    }
    for (const std::string& dns : credentials.certificate_dns) {
      if (std::find(caller.dns_names.begin(), caller.dns_names.end(), dns) !=
          caller.dns_names.end()) {
        return &caller;
      }
    }
  }
  if (credentials.bearer_token.has_value()) {
    const std::string hash = Sha256Hex(*credentials.bearer_token);
    for (const CallerRule& caller : callers_) {
      for (const std::string& known : caller.token_sha256) {
        if (SameHash(hash, known)) return &caller;
      }
    }
    return absl::UnauthenticatedError("the bearer token matches no configured caller");
  }
  if (!credentials.certificate_uris.empty() || !credentials.certificate_dns.empty()) {
    return absl::UnauthenticatedError(
        "the client certificate names no configured caller (access.callers[].spiffe_ids or "
        "dns_names)");
  }
  return absl::UnauthenticatedError(
      "no caller identity: present a client certificate of a configured caller or "
      "`authorization: Bearer <token>` metadata");
}

absl::Status AccessPolicy::Authorize(const CallerRule& caller, Permission permission,
                                     absl::string_view connection) const {
  for (const Grant& grant : caller.grants) {
    if (!grant.permissions[static_cast<int>(permission)]) continue;
    if (grant.every_connection || grant.connections.contains(connection)) {
      return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(absl::StrCat("caller ", caller.name, " lacks the ",
                                                  PermissionName(permission),
                                                  " permission on connection ", connection));
}

}  // namespace leadgw::service::access
