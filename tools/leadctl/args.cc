#include "tools/leadctl/args.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::leadctl {
namespace {

using grpc_call::FlagValue;
using grpc_call::IsFlag;
using grpc_call::UsageError;

struct CommandRule {
  const char* name;
  Command command;
  size_t min_operands;
  size_t max_operands;
  bool needs_connection;
};

constexpr size_t kMany = 100000;

constexpr CommandRule kCommands[] = {
    {"connections", Command::kConnections, 0, 0, false},
    {"health", Command::kHealth, 0, 1, false},
    {"get", Command::kGet, 1, kMany, true},
    {"query", Command::kQuery, 1, kMany, true},
    {"upsert", Command::kUpsert, 0, 0, true},
    {"delete", Command::kDelete, 1, kMany, true},
    {"fields", Command::kFields, 0, 1, true},
    {"members", Command::kMembers, 0, 0, true},
    {"jobs", Command::kJobs, 1, 2, false},
};

// The flags that take a text value, and where each goes.
std::vector<std::pair<const char*, std::string*>> TextFlags(Invocation& invocation) {
  return {{"--connection", &invocation.connection_name},
          {"--filter_type", &invocation.filter_type},
          {"--file", &invocation.file},
          {"--results", &invocation.results_file},
          {"--lookup_field", &invocation.lookup_field},
          {"--action", &invocation.action},
          {"--list_id", &invocation.list_id},
          {"--program_id", &invocation.program_id},
          {"--state", &invocation.state}};
}

// Consumes the leadctl-specific flag at args[index]; false when it is none of them.
absl::StatusOr<bool> ParseOwnFlag(const std::vector<std::string>& args, size_t& index,
                                  Invocation& invocation) {
  const std::string& arg = args[index];
  for (const auto& [flag, field] : TextFlags(invocation)) {
    if (!IsFlag(arg, flag)) continue;
    auto value = FlagValue(args, index, flag);
    if (!value.ok()) return value.status();
    *field = *std::move(value);
    return true;
  }
  if (IsFlag(arg, "--output")) {
    auto value = FlagValue(args, index, "--output");
    if (!value.ok()) return value.status();
    if (*value == "table") {
      invocation.output = OutputFormat::kTable;
    } else if (*value == "json") {
      invocation.output = OutputFormat::kJson;
    } else {
      return UsageError(absl::StrCat("--output is table or json, not ", *value));
    }
    return true;
  }
  if (IsFlag(arg, "--batch_size")) {
    auto value = FlagValue(args, index, "--batch_size");
    if (!value.ok()) return value.status();
    if (!absl::SimpleAtoi(*value, &invocation.batch_size) || invocation.batch_size < 1 ||
        invocation.batch_size > kMaxBatchSize) {
      return UsageError(absl::StrCat("--batch_size wants 1-", kMaxBatchSize, ", not ", *value));
    }
    return true;
  }
  if (IsFlag(arg, "--fields")) {
    auto value = FlagValue(args, index, "--fields");
    if (!value.ok()) return value.status();
    invocation.fields = absl::StrSplit(*value, ',', absl::SkipEmpty());
    return true;
  }
  return false;
}

// The command-specific requirements, once the whole line is read.
absl::Status CheckCommand(const CommandRule& rule, const Invocation& invocation) {
  const size_t operands = invocation.operands.size();
  if (operands < rule.min_operands || operands > rule.max_operands) {
    return UsageError(absl::StrCat("wrong number of arguments for ", rule.name));
  }
  if (rule.needs_connection && invocation.connection_name.empty()) {
    return UsageError(absl::StrCat(rule.name, " needs --connection=NAME (see `connections`)"));
  }
  switch (invocation.command) {
    case Command::kQuery:
      if (invocation.filter_type.empty()) return UsageError("query needs --filter_type=FIELD");
      break;
    case Command::kUpsert:
      if (invocation.file.empty()) return UsageError("upsert needs --file=F.csv or F.jsonl");
      break;
    case Command::kMembers:
      if (invocation.list_id.empty() == invocation.program_id.empty()) {
        return UsageError("members needs exactly one of --list_id and --program_id");
      }
      break;
    case Command::kJobs: {
      const std::string& sub = invocation.operands[0];
      const bool takes_id = sub == "get" || sub == "cancel";
      if (!(takes_id && operands == 2) && !(sub == "list" && operands == 1)) {
        return UsageError("jobs wants: list | get JOB_ID | cancel JOB_ID");
      }
      break;
    }
    default:
      break;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Invocation> ParseArgs(const std::vector<std::string>& args,
                                     const std::string& env_token) {
  Invocation invocation;
  invocation.connection.token = env_token;
  std::vector<std::string> positionals;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") return Invocation{};
    auto connection_flag = grpc_call::ParseConnectionFlag(args, i, invocation.connection);
    if (!connection_flag.ok()) return connection_flag.status();
    if (*connection_flag) continue;
    auto own_flag = ParseOwnFlag(args, i, invocation);
    if (!own_flag.ok()) return own_flag.status();
    if (*own_flag) continue;
    if (arg.size() > 1 && arg[0] == '-') return UsageError(absl::StrCat("unknown flag ", arg));
    positionals.push_back(arg);
  }
  if (positionals.empty()) return UsageError("no command; see leadctl --help");
  if (positionals[0] == "help") return Invocation{};
  for (const CommandRule& rule : kCommands) {
    if (positionals[0] != rule.name) continue;
    invocation.command = rule.command;
    invocation.operands.assign(positionals.begin() + 1, positionals.end());
    if (absl::Status status = CheckCommand(rule, invocation); !status.ok()) return status;
    if (absl::Status status = grpc_call::CheckConnectionOptions(invocation.connection);
        !status.ok()) {
      return status;
    }
    return invocation;
  }
  return UsageError(absl::StrCat("unknown command ", positionals[0]));
}

std::string UsageText() {
  return R"(leadctl: typed command-line client of the lead-gateway API.

Usage: leadctl [flags] COMMAND [ARGS]
  connections                  the gateway's connections, their backends and health
  health [SERVICE]             grpc.health.v1 Check; exit 0 only when SERVING (an answer
                               of NOT_SERVING exits 24, like UNAVAILABLE)
  get ID...                    leads by id (GetLead)
  query --filter_type=FIELD VALUE...
                               leads whose FIELD is one of the values (QueryLeads, all pages)
  upsert --file=F.csv|F.jsonl [--batch_size=N] [--results=OUT.jsonl]
      [--lookup_field=FIELD] [--action=create_or_update|create_only|update_only|
      create_duplicate]
                               writes leads in batches of N (default 300). CSV: a header of
                               lead field names, RFC 4180 quoting, empty cells not sent.
                               JSON Lines: one lead object per line. Typed fields by name
                               (address.city, ...), the rest into custom_fields. OUT gets one
                               JSON line per input record: line, status, id, reason.
  delete ID...                 deletes leads (DeleteLeads)
  fields [NAME]                the lead fields (ListLeadFields), or one (GetLeadField)
  members --list_id=ID | --program_id=ID
                               members of a static list or a program (all pages)
  jobs list [--state=STATE] | jobs get JOB_ID | jobs cancel JOB_ID

Flags:
  --connection=NAME    the gateway connection (required by lead commands)
  --output=table|json  table (default) or one JSON object per line on stdout
  --fields=a,b         the lead fields get, query and members return
)" + grpc_call::ConnectionFlagsHelp() +
         R"(  $LEADCTL_TOKEN       the token when --token is not given

Exit codes:
  0     success
  1     some records failed or were skipped (upsert, delete); the rest were written
  2     usage: bad command line or input file (nothing was sent)
  10+N  an RPC failed with gRPC status code N, printed on stderr
        (e.g. 13 INVALID_ARGUMENT, 14 DEADLINE_EXCEEDED, 15 NOT_FOUND, 17 PERMISSION_DENIED,
        24 UNAVAILABLE, 26 UNAUTHENTICATED)
)";
}

}  // namespace leadgw::leadctl
