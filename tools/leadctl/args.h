// The command line of leadctl, parsed without absl flags (like grpc_call's): absl's parser
// exits 1 on an unknown flag, and leadctl promises exit code 2 for every usage error and
// keeps 1 for "some records failed".
#ifndef LEADGW_TOOLS_LEADCTL_ARGS_H_
#define LEADGW_TOOLS_LEADCTL_ARGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/grpc_call/channel.h"

namespace leadgw::leadctl {

enum class Command {
  kHelp,
  kConnections,
  kHealth,
  kGet,
  kQuery,
  kUpsert,
  kDelete,
  kFields,
  kMembers,
  kJobs,
};

enum class OutputFormat { kTable, kJson };

inline constexpr int kDefaultBatchSize = 300;
// The gateway's ceiling of records per write request.
inline constexpr int kMaxBatchSize = 300;

struct Invocation {
  Command command = Command::kHelp;
  grpc_call::ConnectionOptions connection;
  std::string connection_name;  // --connection: the gateway connection every lead RPC names
  OutputFormat output = OutputFormat::kTable;
  // The words after the command: ids (get, delete), filter values (query), a field name
  // (fields), a service name (health), the sub-command and job id (jobs).
  std::vector<std::string> operands;
  std::vector<std::string> fields;  // --fields=a,b: the lead fields to return
  // query
  std::string filter_type;
  // upsert
  std::string file;
  std::string results_file;
  int batch_size = kDefaultBatchSize;
  std::string lookup_field;
  std::string action;  // create_or_update (default), create_only, update_only, ...
  // members
  std::string list_id;
  std::string program_id;
  // jobs list
  std::string state;
};

// Parses the arguments after the program name; flags may come before or after the
// command. `env_token` is $LEADCTL_TOKEN (empty when unset); --token wins over it. A usage
// error (tools/grpc_call/cli_status.h) names what is wrong.
absl::StatusOr<Invocation> ParseArgs(const std::vector<std::string>& args,
                                     const std::string& env_token);

// The help text: commands, flags and exit codes.
std::string UsageText();

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_ARGS_H_
