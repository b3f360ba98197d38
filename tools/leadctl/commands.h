// The commands of leadctl, one function each, grouped by file: commands_read.cc (lookups
// and listings), commands_write.cc (upsert, delete), commands_jobs.cc (durable jobs).
#ifndef LEADGW_TOOLS_LEADCTL_COMMANDS_H_
#define LEADGW_TOOLS_LEADCTL_COMMANDS_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "tools/leadctl/args.h"

namespace leadgw::leadctl {

// A command that ran: kPartial when some records of a write were not written (exit 1).
enum class Completion { kOk, kPartial };

// What every command needs: the parsed command line, the channel, and where to print.
// Results go to `out`, progress and summaries to `err`.
struct CommandContext {
  const Invocation& invocation;
  std::shared_ptr<grpc::Channel> channel;
  std::ostream& out;
  std::ostream& err;
  bool err_is_terminal = false;

  // A client context whose deadline is --timeout from now.
  std::unique_ptr<grpc::ClientContext> NewCallContext() const;
  bool json_output() const { return invocation.output == OutputFormat::kJson; }
  // Prints `message` as one line of JSON (field names as in the .proto).
  void PrintJson(const google::protobuf::Message& message) const;
};

// Runs invocation.command. An RPC failure is returned as its status (the exit code is
// 10 + code); usage errors as usage errors (exit 2).
absl::StatusOr<Completion> RunCommand(const CommandContext& context);

absl::StatusOr<Completion> RunConnections(const CommandContext& context);
absl::StatusOr<Completion> RunHealth(const CommandContext& context);
absl::StatusOr<Completion> RunGet(const CommandContext& context);
absl::StatusOr<Completion> RunQuery(const CommandContext& context);
absl::StatusOr<Completion> RunFields(const CommandContext& context);
absl::StatusOr<Completion> RunMembers(const CommandContext& context);
absl::StatusOr<Completion> RunUpsert(const CommandContext& context);
absl::StatusOr<Completion> RunDelete(const CommandContext& context);
absl::StatusOr<Completion> RunJobs(const CommandContext& context);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_COMMANDS_H_
