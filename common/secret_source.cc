#include "common/secret_source.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/config_values.h"

namespace leadgw {

using ::leadgateway::config::v1::SecretSource;

SecretReaders SystemSecretReaders() {
  SecretReaders readers;
  readers.env = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  readers.file = [](const std::string& path) { return ReadFile(path); };
  return readers;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    std::string message = absl::StrCat("cannot read ", path, ": ", std::strerror(err));
    if (err == ENOENT) return absl::NotFoundError(message);
    if (err == EACCES) return absl::PermissionDeniedError(message);
    return absl::InternalError(message);
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

absl::StatusOr<Secret> ResolveSecret(bool present, const SecretSource& source,
                                     const SecretReaders& readers, absl::string_view key) {
  if (!present || source.source_case() == SecretSource::SOURCE_NOT_SET) {
    return ConfigKeyError(key, "required: set `env` or `file`");
  }
  if (source.source_case() == SecretSource::kEnv) {
    const std::string env_key = absl::StrCat(key, ".env");
    if (source.env().empty()) return ConfigKeyError(env_key, "must not be empty");
    std::optional<std::string> value = readers.env(source.env());
    if (!value.has_value() || value->empty()) {
      return ConfigKeyError(env_key,
                            absl::StrCat("environment variable ", source.env(), " is not set"));
    }
    return Secret(*std::move(value));
  }
  const std::string file_key = absl::StrCat(key, ".file");
  absl::StatusOr<std::string> contents = readers.file(source.file());
  if (!contents.ok()) return ConfigKeyError(file_key, contents.status().message());
  std::string trimmed(absl::StripAsciiWhitespace(*contents));
  if (trimmed.empty()) return ConfigKeyError(file_key, absl::StrCat(source.file(), " is empty"));
  return Secret(std::move(trimmed));
}

}  // namespace leadgw
