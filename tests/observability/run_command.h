// Small process helpers for the observability tests: run a tool with text on its stdin
// (promtool), and list the TCP addresses a process listens on.
#ifndef LEADGW_TESTS_OBSERVABILITY_RUN_COMMAND_H_
#define LEADGW_TESTS_OBSERVABILITY_RUN_COMMAND_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace leadgw::testing::observability {

struct CommandResult {
  int exit_code = -1;  // a death by signal counts as 128 + signal
  std::string output;  // stdout and stderr, interleaved
};

// Runs `argv` (argv[0] an absolute path) with `input` on its stdin and waits up to
// `timeout`. NOT_FOUND when argv[0] is not an executable file; DEADLINE_EXCEEDED (after
// killing it) when it runs longer; INTERNAL when it cannot be started.
absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                         absl::string_view input, absl::Duration timeout);

// "ip:port" of every TCP socket (IPv4 and IPv6) in LISTEN state that process `pid` holds
// open, read from /proc. IPv6 addresses are written in brackets ("[::1]:9090"). INTERNAL
// when /proc cannot be read.
absl::StatusOr<std::vector<std::string>> ListeningAddresses(pid_t pid);

// Whether "ip:port" is a loopback address (127.0.0.0/8, [::1] or IPv4-mapped 127.0.0.0/8).
bool IsLoopback(absl::string_view address);

// A TCP port on 127.0.0.1 that was free a moment ago, for servers (like Prometheus) that
// cannot bind port 0 and report it; 0 on failure. Another process may take it before the
// caller binds it, so callers retry with a new port when their server fails to start.
int PickFreeLoopbackPort();

}  // namespace leadgw::testing::observability

#endif  // LEADGW_TESTS_OBSERVABILITY_RUN_COMMAND_H_
