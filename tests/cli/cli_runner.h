// Running command lines the way a reader of the docs would, for end-to-end tests of
// //tools/grpc_call and //tools/leadctl: through /bin/sh, with stdout and stderr kept apart.
#ifndef LEADGW_TESTS_CLI_CLI_RUNNER_H_
#define LEADGW_TESTS_CLI_CLI_RUNNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace leadgw::testing {

struct ShellResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `script` with /bin/sh in a fresh directory and waits up to `timeout` (then kills
// it: DEADLINE_EXCEEDED).
absl::StatusOr<ShellResult> RunShell(const std::string& script, absl::Duration timeout);

// The grpc_call binary in the test's runfiles.
std::string GrpcCallPath();

// The leadctl binary in the test's runfiles.
std::string LeadctlPath();

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_CLI_CLI_RUNNER_H_
