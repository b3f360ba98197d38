// The command line of grpc_call, parsed without absl flags: absl::ParseCommandLine exits 1
// on an unknown flag, and scripts are promised exit code 2 for every usage error.
#ifndef LEADGW_TOOLS_GRPC_CALL_CLI_ARGS_H_
#define LEADGW_TOOLS_GRPC_CALL_CLI_ARGS_H_

#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/grpc_call/channel.h"

namespace leadgw::grpc_call {

enum class Command { kHelp, kList, kDescribe, kCall };

struct Invocation {
  Command command = Command::kHelp;
  ConnectionOptions connection;
  // list: a service whose methods to list (empty: list the services); describe: the
  // symbol; call: the method as "package.Service/Method".
  std::string target;
  // call only: the request JSON as given, or "@" (stdin) or "@path" (a file); "{}" when
  // none is given.
  std::string request_data = "{}";
};

// Parses the arguments after the program name. A usage error (cli_status.h) names what is
// wrong.
absl::StatusOr<Invocation> ParseArgs(const std::vector<std::string>& args);

// The request JSON that `request_data` stands for: stdin for "@", a file for "@path"
// (relative paths are resolved against $BUILD_WORKING_DIRECTORY when set, the directory
// `bazel run` was started from), the text itself otherwise.
absl::StatusOr<std::string> ReadRequestData(const std::string& request_data,
                                            std::istream& stdin_stream);

// "Service/Method", "Service.Method" or ".Service.Method" as the method's full name
// "Service.Method", and its service's full name.
struct MethodName {
  std::string service;
  std::string method;  // full name
};
absl::StatusOr<MethodName> ParseMethodName(const std::string& name);

// The help text (commands, flags, exit codes).
std::string UsageText();

}  // namespace leadgw::grpc_call

#endif  // LEADGW_TOOLS_GRPC_CALL_CLI_ARGS_H_
