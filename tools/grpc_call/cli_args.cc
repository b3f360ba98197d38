#include "tools/grpc_call/cli_args.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::grpc_call {
namespace {

absl::Status ApplyPositionals(const std::vector<std::string>& positionals, bool request_flag_given,
                              Invocation& invocation) {
  if (positionals.empty()) return UsageError("no command: give list, describe or call");
  const std::string& command = positionals[0];
  const size_t operands = positionals.size() - 1;
  if (command == "list" && operands <= 1) {
    invocation.command = Command::kList;
  } else if (command == "describe" && operands == 1) {
    invocation.command = Command::kDescribe;
  } else if (command == "call" && operands >= 1 && operands <= 2) {
    invocation.command = Command::kCall;
    if (operands == 2) {
      if (request_flag_given) return UsageError("give the request either as -d or as an argument");
      invocation.request_data = positionals[2];
    }
  } else if (command == "help") {
    invocation.command = Command::kHelp;
    return absl::OkStatus();
  } else {
    return UsageError(absl::StrCat("unknown command or wrong arguments: ", command));
  }
  if (operands >= 1) invocation.target = positionals[1];
  if (request_flag_given && invocation.command != Command::kCall) {
    return UsageError("-d is for call only");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Invocation> ParseArgs(const std::vector<std::string>& args) {
  Invocation invocation;
  std::vector<std::string> positionals;
  bool request_flag_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") return Invocation{};
    absl::StatusOr<bool> connection_flag = ParseConnectionFlag(args, i, invocation.connection);
    if (!connection_flag.ok()) return connection_flag.status();
    if (*connection_flag) continue;
    if (arg == "-d" || absl::StartsWith(arg, "-d=")) {
      auto value = FlagValue(args, i, "-d");
      if (!value.ok()) return value.status();
      invocation.request_data = *value;
      request_flag_given = true;
    } else if (absl::StartsWith(arg, "-") && arg.size() > 1) {
      return UsageError(absl::StrCat("unknown flag ", arg));
    } else {
      positionals.push_back(arg);
    }
  }
  if (absl::Status status = ApplyPositionals(positionals, request_flag_given, invocation);
      !status.ok()) {
    return status;
  }
  return invocation;
}

absl::StatusOr<std::string> ReadRequestData(const std::string& request_data,
                                            std::istream& stdin_stream) {
  if (request_data == "@") {
    return std::string(std::istreambuf_iterator<char>(stdin_stream), {});
  }
  if (!absl::StartsWith(request_data, "@")) return request_data;
  std::string path = request_data.substr(1);
  const char* bazel_run_dir = std::getenv("BUILD_WORKING_DIRECTORY");
  if (!absl::StartsWith(path, "/") && bazel_run_dir != nullptr) {
    path = absl::StrCat(bazel_run_dir, "/", path);
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return UsageError(absl::StrCat("cannot read the request file ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

absl::StatusOr<MethodName> ParseMethodName(const std::string& name) {
  std::string full_name(absl::StripPrefix(name, "."));
  size_t split = full_name.rfind('/');
  if (split == std::string::npos) split = full_name.rfind('.');
  if (split == std::string::npos || split == 0 || split + 1 == full_name.size()) {
    return UsageError(absl::StrCat("name the method as package.Service/Method, not ", name));
  }
  full_name[split] = '.';
  return MethodName{full_name.substr(0, split), full_name};
}

std::string UsageText() {
  return R"(grpc_call: call a gRPC server that serves reflection; no .proto files needed.

Usage:
  grpc_call [flags] list [SERVICE]         services, or the methods of SERVICE
  grpc_call [flags] describe SYMBOL        a service, method, message or enum, as .proto text
  grpc_call [flags] call SERVICE/METHOD [JSON | -d JSON | -d @ | -d @FILE]
      calls a unary or server-streaming method with the request JSON (from stdin for
      -d @; {} when none is given) and prints each response as one line of JSON

Flags:
)" + ConnectionFlagsHelp() + R"(
Exit codes:
  0     success
  2     usage: bad command line or request JSON (nothing was called)
  10+N  an RPC failed with gRPC status code N, printed on stderr
        (e.g. 13 INVALID_ARGUMENT, 14 DEADLINE_EXCEEDED, 15 NOT_FOUND, 24 UNAVAILABLE)
)";
}

}  // namespace leadgw::grpc_call
