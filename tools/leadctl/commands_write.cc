// Writes: upsert (from a CSV or JSON Lines file, in batches) and delete.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "tools/grpc_call/cli_status.h"
#include "tools/leadctl/commands.h"
#include "tools/leadctl/csv_reader.h"
#include "tools/leadctl/jsonl_reader.h"
#include "tools/leadctl/output_table.h"
#include "tools/leadctl/progress.h"
#include "tools/leadctl/record_file.h"
#include "tools/leadctl/upsert_runner.h"

namespace leadgw::leadctl {
namespace {

namespace v1 = leadgateway::v1;
using grpc_call::FromGrpcStatus;
using grpc_call::UsageError;

// Relative paths are resolved against $BUILD_WORKING_DIRECTORY when set: the directory
// `bazel run` was started from, where the user meant them.
std::string UserPath(const std::string& path) {
  const char* bazel_run_dir = std::getenv("BUILD_WORKING_DIRECTORY");
  if (absl::StartsWith(path, "/") || bazel_run_dir == nullptr) return path;
  return absl::StrCat(bazel_run_dir, "/", path);
}

absl::StatusOr<std::vector<InputRecord>> ReadInputFile(const std::string& path) {
  std::ifstream file(UserPath(path), std::ios::binary);
  if (!file) return UsageError(absl::StrCat("cannot read --file ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".csv")) return ReadCsvRecords(contents.str());
  if (absl::EndsWith(lower, ".jsonl") || absl::EndsWith(lower, ".ndjson")) {
    return ReadJsonLinesRecords(contents.str());
  }
  return UsageError("--file must end in .csv or .jsonl");
}

absl::StatusOr<v1::UpsertAction> ParseAction(const std::string& action) {
  if (action.empty()) return v1::UPSERT_ACTION_UNSPECIFIED;
  v1::UpsertAction parsed;
  if (!v1::UpsertAction_Parse(absl::StrCat("UPSERT_ACTION_", absl::AsciiStrToUpper(action)),
                              &parsed) ||
      parsed == v1::UPSERT_ACTION_UNSPECIFIED) {
    return UsageError(absl::StrCat(
        "--action is create_or_update, create_only, update_only or create_duplicate, not ",
        action));
  }
  return parsed;
}

bool AllWritten(const std::vector<RecordOutcome>& outcomes) {
  for (const RecordOutcome& outcome : outcomes) {
    if (!IsWritten(outcome)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Completion> RunUpsert(const CommandContext& context) {
  const Invocation& invocation = context.invocation;
  auto action = ParseAction(invocation.action);
  if (!action.ok()) return action.status();
  auto records = ReadInputFile(invocation.file);
  if (!records.ok()) return records.status();
  // Opened before anything is sent, so that a bad path costs no write.
  std::ofstream results;
  if (!invocation.results_file.empty()) {
    results.open(UserPath(invocation.results_file), std::ios::binary | std::ios::trunc);
    if (!results) return UsageError(absl::StrCat("cannot write --results ", invocation.results_file));
  }

  v1::UpsertLeadsRequest request_template;
  request_template.set_connection(invocation.connection_name);
  request_template.set_action(*action);
  request_template.set_lookup_field(invocation.lookup_field);
  auto stub = v1::LeadService::NewStub(context.channel);
  SendUpsertBatch send = [&](const v1::UpsertLeadsRequest& request) {
    BatchReply reply;
    reply.status = stub->UpsertLeads(context.NewCallContext().get(), request, &reply.response);
    return reply;
  };
  Progress progress(context.err, context.err_is_terminal);
  UpsertRun run =
      UpsertRecords(*records, request_template, invocation.batch_size, send, progress);

  Table table({"LINE", "STATUS", "ID", "REASON"});
  for (const RecordOutcome& outcome : run.outcomes) {
    if (results.is_open()) results << OutcomeJsonLine(outcome) << "\n";
    if (context.json_output()) {
      context.out << OutcomeJsonLine(outcome) << "\n";
    } else if (!IsWritten(outcome)) {  // the table lists only what needs attention
      table.AddRow({absl::StrCat(outcome.line), outcome.status, outcome.id, outcome.reason});
    }
  }
  if (!context.json_output() && !AllWritten(run.outcomes)) context.out << table.Render();
  results.close();
  if (results.fail()) return absl::DataLossError("the --results file could not be written");
  if (!run.rpc_failure.ok()) return run.rpc_failure;
  return AllWritten(run.outcomes) ? Completion::kOk : Completion::kPartial;
}

absl::StatusOr<Completion> RunDelete(const CommandContext& context) {
  auto stub = v1::LeadService::NewStub(context.channel);
  v1::DeleteLeadsRequest request;
  request.set_connection(context.invocation.connection_name);
  *request.mutable_ids() = {context.invocation.operands.begin(), context.invocation.operands.end()};
  v1::WriteResponse response;
  grpc::Status status = stub->DeleteLeads(context.NewCallContext().get(), request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  Table table({"ID", "STATUS", "REASON"});
  bool all_written = true;
  for (const v1::RecordResult& result : response.results()) {
    RecordOutcome outcome = OutcomeFromResult(result.index() + 1, result);
    if (outcome.id.empty() && result.index() >= 0 && result.index() < request.ids_size()) {
      outcome.id = request.ids(result.index());
    }
    all_written = all_written && IsWritten(outcome);
    if (context.json_output()) {
      context.PrintJson(result);
    } else {
      table.AddRow({outcome.id, outcome.status, outcome.reason});
    }
  }
  if (!context.json_output()) context.out << table.Render();
  return all_written && response.results_size() == request.ids_size() ? Completion::kOk
                                                                       : Completion::kPartial;
}

}  // namespace leadgw::leadctl
