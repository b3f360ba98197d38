#include "tools/leadctl/commands.h"

#include <chrono>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::leadctl {

std::unique_ptr<grpc::ClientContext> CommandContext::NewCallContext() const {
  auto call = std::make_unique<grpc::ClientContext>();
  call->set_deadline(std::chrono::system_clock::now() +
                     absl::ToChronoMilliseconds(invocation.connection.timeout));
  return call;
}

void CommandContext::PrintJson(const google::protobuf::Message& message) const {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  // Our own messages always convert; a failure would be a bug, shown rather than hidden.
  auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) json = std::string(status.message());
  out << json << "\n";
}

absl::StatusOr<Completion> RunCommand(const CommandContext& context) {
  switch (context.invocation.command) {
    case Command::kConnections:
      return RunConnections(context);
    case Command::kHealth:
      return RunHealth(context);
    case Command::kGet:
      return RunGet(context);
    case Command::kQuery:
      return RunQuery(context);
    case Command::kFields:
      return RunFields(context);
    case Command::kMembers:
      return RunMembers(context);
    case Command::kUpsert:
      return RunUpsert(context);
    case Command::kDelete:
      return RunDelete(context);
    case Command::kJobs:
      return RunJobs(context);
    case Command::kHelp:
      break;
  }
  context.out << UsageText();
  return Completion::kOk;
}

}  // namespace leadgw::leadctl
