// leadctl: a typed command-line client of the lead-gateway API. See UsageText() in
// args.cc for the commands, flags and exit codes.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tools/grpc_call/channel.h"
#include "tools/grpc_call/cli_status.h"
#include "tools/leadctl/args.h"
#include "tools/leadctl/commands.h"

namespace leadgw::leadctl {
namespace {

constexpr int kExitPartial = 1;

absl::StatusOr<Completion> Run(const Invocation& invocation) {
  if (invocation.command == Command::kHelp) {
    std::cout << UsageText();
    return Completion::kOk;
  }
  auto channel = grpc_call::OpenChannel(invocation.connection);
  if (!channel.ok()) return channel.status();
  CommandContext context{invocation, *channel, std::cout, std::cerr,
                         isatty(STDERR_FILENO) == 1};
  return RunCommand(context);
}

int Main(int argc, char** argv) {
  const char* env_token = std::getenv("LEADCTL_TOKEN");
  absl::StatusOr<Invocation> invocation =
      ParseArgs(std::vector<std::string>(argv + 1, argv + argc), env_token ? env_token : "");
  absl::StatusOr<Completion> completion =
      invocation.ok() ? Run(*invocation) : absl::StatusOr<Completion>(invocation.status());
  std::cout.flush();
  if (!completion.ok()) {
    // Messages never hold the token: no flag parser or check echoes its value.
    std::cerr << "leadctl: " << absl::StatusCodeToString(completion.status().code()) << ": "
              << completion.status().message() << "\n";
    if (!invocation.ok()) std::cerr << "see leadctl --help\n";
    return grpc_call::ExitCodeFor(completion.status());
  }
  return *completion == Completion::kPartial ? kExitPartial : grpc_call::kExitOk;
}

}  // namespace
}  // namespace leadgw::leadctl

int main(int argc, char** argv) { return leadgw::leadctl::Main(argc, argv); }
