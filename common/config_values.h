// Checks of configuration values shared by service/config and the backends' config
// readers. Every error is INVALID_ARGUMENT and names the offending key
// ("connections[1].base_url: must start with http:// or https://").
#ifndef LEADGW_COMMON_CONFIG_VALUES_H_
#define LEADGW_COMMON_CONFIG_VALUES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"

namespace leadgw {

// INVALID_ARGUMENT "<key>: <problem>". `problem` must not contain a secret.
absl::Status ConfigKeyError(absl::string_view key, absl::string_view problem);

// A protobuf Duration as an absl one.
absl::Duration ToDuration(const google::protobuf::Duration& d);

// A set Duration (`present`) must lie in (0, ceiling]: INVALID_ARGUMENT naming `key`
// otherwise; an unset one keeps `fallback`.
absl::StatusOr<absl::Duration> PositiveDuration(bool present,
                                                const google::protobuf::Duration& value,
                                                absl::Duration fallback, absl::Duration ceiling,
                                                absl::string_view key);

// `url` without trailing slashes. INVALID_ARGUMENT naming `key` unless it is http:// or
// https:// with a host and without a query string, fragment or credentials.
absl::StatusOr<std::string> ResolveConfigUrl(absl::string_view url, absl::string_view key);

}  // namespace leadgw

#endif  // LEADGW_COMMON_CONFIG_VALUES_H_
