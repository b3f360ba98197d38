#include "tests/cli/cli_runner.h"

#include <csignal>

#include "absl/strings/str_cat.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing {

absl::StatusOr<ShellResult> RunShell(const std::string& script, absl::Duration timeout) {
  const std::string dir = MakeTempDir();
  if (dir.empty()) return absl::InternalError("cannot create a temporary directory");
  const std::string out_path = absl::StrCat(dir, "/stdout");
  const std::string err_path = absl::StrCat(dir, "/stderr");
  // ChildProcess sends stdout and stderr to one file: the script moves its own stderr
  // aside first ($0 is the path after the script, which needs no quoting in the script).
  auto child = ChildProcess::Start(
      {"/bin/sh", "-c", absl::StrCat("exec 2>\"$0\"\n", script), err_path}, {}, out_path);
  if (!child.ok()) return child.status();
  absl::StatusOr<int> exit_code = (*child)->Wait(timeout);
  if (!exit_code.ok()) {
    (*child)->Stop(SIGKILL, absl::Seconds(10)).IgnoreError();
    return absl::DeadlineExceededError(
        absl::StrCat("still running after ", absl::FormatDuration(timeout), ": ", script,
                     "\nstdout: ", ReadWholeFile(out_path), "\nstderr: ", ReadWholeFile(err_path)));
  }
  return ShellResult{*exit_code, ReadWholeFile(out_path), ReadWholeFile(err_path)};
}

std::string GrpcCallPath() { return Runfile("tools/grpc_call/grpc_call"); }

std::string LeadctlPath() { return Runfile("tools/leadctl/leadctl"); }

}  // namespace leadgw::testing
