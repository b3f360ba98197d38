// ChildProcess: runs a binary for an end-to-end test and stops it again.
#ifndef LEADGW_TESTS_TESTING_CHILD_PROCESS_H_
#define LEADGW_TESTS_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace leadgw::testing {

// The absolute path of a runfile, e.g. Runfile("service/lead_gateway").
std::string Runfile(const std::string& workspace_relative_path);

// A fresh directory under the test's temporary directory.
std::string MakeTempDir();

class ChildProcess {
 public:
  // Starts `argv[0]` with `argv`, the current environment plus `extra_env`, and stdout and
  // stderr appended to `log_path`.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::vector<std::string>& argv,
      const std::vector<std::pair<std::string, std::string>>& extra_env,
      const std::string& log_path);

  // Kills the process if it still runs.
  ~ChildProcess();

  // The exit code once exited (a signal death counts as 128 + signal), or nullopt while
  // running.
  std::optional<int> Poll();

  // Sends `signal` and waits up to `timeout` for the exit. DEADLINE_EXCEEDED if it did
  // not exit in time (it is then killed).
  absl::StatusOr<int> Stop(int signal, absl::Duration timeout);

  // Waits up to `timeout` for the process to exit on its own.
  absl::StatusOr<int> Wait(absl::Duration timeout);

  pid_t pid() const { return pid_; }

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}

  pid_t pid_;
  std::optional<int> exit_code_;
};

// Everything a test wrote to `path` so far.
std::string ReadWholeFile(const std::string& path);

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_TESTING_CHILD_PROCESS_H_
