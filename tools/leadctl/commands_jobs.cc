// Durable jobs (JobService): jobs list | get ID | cancel ID.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "leadgateway/v1/job_service.grpc.pb.h"
#include "tools/grpc_call/cli_status.h"
#include "tools/leadctl/commands.h"
#include "tools/leadctl/output_table.h"

namespace leadgw::leadctl {
namespace {

namespace v1 = leadgateway::v1;
using grpc_call::FromGrpcStatus;

absl::StatusOr<v1::JobState> ParseState(const std::string& state) {
  if (state.empty()) return v1::JOB_STATE_UNSPECIFIED;
  v1::JobState parsed;
  if (!v1::JobState_Parse(absl::StrCat("JOB_STATE_", absl::AsciiStrToUpper(state)), &parsed)) {
    return grpc_call::UsageError(absl::StrCat(
        "--state is queued, running, retrying, parked, done, cancelled or expired, not ", state));
  }
  return parsed;
}

void AddJobRow(Table& table, const v1::Job& job) {
  table.AddRow({job.id(), job.connection(), v1::JobKind_Name(job.kind()),
                v1::JobState_Name(job.state()),
                absl::StrCat(job.records_done(), "/", job.record_count()), job.last_error()});
}

}  // namespace

absl::StatusOr<Completion> RunJobs(const CommandContext& context) {
  auto stub = v1::JobService::NewStub(context.channel);
  const Invocation& invocation = context.invocation;
  Table table({"ID", "CONNECTION", "KIND", "STATE", "DONE", "LAST_ERROR"});
  auto show = [&](const v1::Job& job) {
    if (context.json_output()) {
      context.PrintJson(job);
    } else {
      AddJobRow(table, job);
    }
  };
  const std::string& sub_command = invocation.operands[0];
  if (sub_command == "list") {
    auto state = ParseState(invocation.state);
    if (!state.ok()) return state.status();
    v1::ListJobsRequest request;
    request.set_state(*state);
    request.set_connection(invocation.connection_name);
    do {
      v1::ListJobsResponse response;
      grpc::Status status = stub->ListJobs(context.NewCallContext().get(), request, &response);
      if (!status.ok()) return FromGrpcStatus(status);
      for (const v1::Job& job : response.jobs()) show(job);
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
  } else {
    v1::Job job;
    grpc::Status status;
    if (sub_command == "get") {
      v1::GetJobRequest request;
      request.set_id(invocation.operands[1]);
      status = stub->GetJob(context.NewCallContext().get(), request, &job);
    } else {
      v1::CancelJobRequest request;
      request.set_id(invocation.operands[1]);
      status = stub->CancelJob(context.NewCallContext().get(), request, &job);
    }
    if (!status.ok()) return FromGrpcStatus(status);
    show(job);
  }
  if (!context.json_output()) context.out << table.Render();
  return Completion::kOk;
}

}  // namespace leadgw::leadctl
