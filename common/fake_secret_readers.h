// SecretReaders over fixed maps, for tests of configuration reading (testonly).
#ifndef LEADGW_COMMON_FAKE_SECRET_READERS_H_
#define LEADGW_COMMON_FAKE_SECRET_READERS_H_

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/secret_source.h"

namespace leadgw {

// Readers answering from `env` (variable -> value) and `files` (path -> contents); a path
// not in `files` is NOT_FOUND, as the system reader would say.
inline SecretReaders FakeSecretReaders(std::map<std::string, std::string> env,
                                       std::map<std::string, std::string> files) {
  SecretReaders readers;
  readers.env = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  readers.file = [files =
                      std::move(files)](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return absl::NotFoundError("cannot read " + path + ": no such file");
    return it->second;
  };
  return readers;
}

}  // namespace leadgw

#endif  // LEADGW_COMMON_FAKE_SECRET_READERS_H_
