// Loading the secrets a configuration file points to (a SecretSource: an environment
// variable or a file), through injectable readers so tests need no real environment.
// Errors name the configuration key and never contain the secret.
#ifndef LEADGW_COMMON_SECRET_SOURCE_H_
#define LEADGW_COMMON_SECRET_SOURCE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/secret.h"
#include "leadgateway/config/v1/gateway_config.pb.h"

namespace leadgw {

// Where secrets come from.
struct SecretReaders {
  // The value of an environment variable, or nullopt when unset.
  std::function<std::optional<std::string>(const std::string& name)> env;
  // The contents of a file.
  std::function<absl::StatusOr<std::string>(const std::string& path)> file;
};

// Readers over the process environment and the file system.
SecretReaders SystemSecretReaders();

// Reads a whole file. NOT_FOUND / PERMISSION_DENIED / INTERNAL naming the path.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// The secret `source` points to; `present` says whether the key was set at all. An
// environment variable must be set and non-empty; a file's surrounding white space is
// trimmed and what remains must be non-empty. INVALID_ARGUMENT naming `key` (or
// `key.env` / `key.file`) otherwise.
absl::StatusOr<Secret> ResolveSecret(bool present,
                                     const ::leadgateway::config::v1::SecretSource& source,
                                     const SecretReaders& readers, absl::string_view key);

}  // namespace leadgw

#endif  // LEADGW_COMMON_SECRET_SOURCE_H_
