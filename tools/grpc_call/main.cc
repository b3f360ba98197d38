// grpc_call: a reflection-only gRPC command-line client (list, describe, call). See
// UsageText() in cli_args.cc for the commands and exit codes.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "tools/grpc_call/channel.h"
#include "tools/grpc_call/cli_args.h"
#include "tools/grpc_call/cli_status.h"
#include "tools/grpc_call/dynamic_call.h"
#include "tools/grpc_call/reflection_client.h"

namespace leadgw::grpc_call {
namespace {

absl::Status List(ReflectionClient& reflection, const std::string& service_name) {
  if (service_name.empty()) {
    LEADGW_ASSIGN_OR_RETURN(std::vector<std::string> services, reflection.ListServices());
    for (const std::string& name : services) std::cout << name << "\n";
    return absl::OkStatus();
  }
  LEADGW_RETURN_IF_ERROR(reflection.LoadSymbol(service_name));
  const auto* service = reflection.pool().FindServiceByName(service_name);
  if (service == nullptr) return absl::NotFoundError(absl::StrCat(service_name, " is no service"));
  for (int i = 0; i < service->method_count(); ++i) {
    std::cout << service->full_name() << "/" << service->method(i)->name() << "\n";
  }
  return absl::OkStatus();
}

// The symbol's declaration as .proto text.
absl::StatusOr<std::string> DescribeLoaded(const google::protobuf::DescriptorPool& pool,
                                           const std::string& symbol) {
  if (const auto* found = pool.FindServiceByName(symbol)) return found->DebugString();
  if (const auto* found = pool.FindMethodByName(symbol)) return found->DebugString();
  if (const auto* found = pool.FindMessageTypeByName(symbol)) return found->DebugString();
  if (const auto* found = pool.FindEnumTypeByName(symbol)) return found->DebugString();
  if (const auto* found = pool.FindFieldByName(symbol)) return found->DebugString();
  return absl::NotFoundError(absl::StrCat(symbol, " is not declared in the server's files"));
}

absl::Status Describe(ReflectionClient& reflection, const std::string& name) {
  // A method may be written like call's argument, Service/Method.
  std::string symbol(absl::StripPrefix(name, "."));
  std::replace(symbol.begin(), symbol.end(), '/', '.');
  absl::Status loaded = reflection.LoadSymbol(symbol);
  // Servers need not index nested symbols (methods, fields): ask for the enclosing one.
  if (absl::IsNotFound(loaded) && symbol.find('.') != std::string::npos) {
    loaded = reflection.LoadSymbol(symbol.substr(0, symbol.rfind('.')));
  }
  LEADGW_RETURN_IF_ERROR(loaded);
  LEADGW_ASSIGN_OR_RETURN(std::string text, DescribeLoaded(reflection.pool(), symbol));
  std::cout << text;
  return absl::OkStatus();
}

absl::Status Call(ReflectionClient& reflection, std::shared_ptr<grpc::Channel> channel,
                  const Invocation& invocation) {
  LEADGW_ASSIGN_OR_RETURN(MethodName name, ParseMethodName(invocation.target));
  LEADGW_ASSIGN_OR_RETURN(std::string request_json,
                          ReadRequestData(invocation.request_data, std::cin));
  LEADGW_RETURN_IF_ERROR(reflection.LoadSymbol(name.service));
  const auto* method = reflection.pool().FindMethodByName(name.method);
  if (method == nullptr) {
    return absl::NotFoundError(
        absl::StrCat(name.service, " has no method ", name.method.substr(name.service.size() + 1)));
  }
  return CallMethod(std::move(channel), *method, request_json, invocation.connection.timeout,
                    std::cout);
}

absl::Status Run(const Invocation& invocation) {
  LEADGW_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                          OpenChannel(invocation.connection));
  ReflectionClient reflection(channel, invocation.connection.timeout);
  switch (invocation.command) {
    case Command::kList:
      return List(reflection, invocation.target);
    case Command::kDescribe:
      return Describe(reflection, invocation.target);
    case Command::kCall:
      return Call(reflection, channel, invocation);
    case Command::kHelp:
      break;
  }
  std::cout << UsageText();
  return absl::OkStatus();
}

int Main(int argc, char** argv) {
  absl::StatusOr<Invocation> invocation =
      ParseArgs(std::vector<std::string>(argv + 1, argv + argc));
  absl::Status status = invocation.ok() ? Run(*invocation) : invocation.status();
  if (!status.ok()) {
    std::cerr << "grpc_call: " << absl::StatusCodeToString(status.code()) << ": "
              << status.message() << "\n";
    if (IsUsageError(status) && !invocation.ok()) std::cerr << "\n" << UsageText();
  }
  return ExitCodeFor(status);
}

}  // namespace
}  // namespace leadgw::grpc_call

int main(int argc, char** argv) { return leadgw::grpc_call::Main(argc, argv); }
