// Lookups and listings: connections, health, get, query, fields, members.
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "leadgateway/v1/field_service.grpc.pb.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"
#include "leadgateway/v1/membership_service.grpc.pb.h"
#include "tools/grpc_call/cli_status.h"
#include "tools/leadctl/commands.h"
#include "tools/leadctl/output_table.h"

namespace leadgw::leadctl {
namespace {

namespace v1 = leadgateway::v1;
using grpc_call::FromGrpcStatus;

Table LeadTable() { return Table({"ID", "EMAIL", "FIRST_NAME", "LAST_NAME", "COMPANY"}); }

void AddLeadRow(Table& table, const v1::Lead& lead) {
  table.AddRow({lead.id(), lead.email(), lead.first_name(), lead.last_name(), lead.company()});
}

// Calls `page(token, response)` until the listing has no next page, so that a command shows
// everything the query matches. `Response` has next_page_token().
template <typename Response, typename PageFn>
absl::Status EveryPage(PageFn page, const std::function<void(const Response&)>& each) {
  std::string token;
  do {
    Response response;
    grpc::Status status = page(token, response);
    if (!status.ok()) return FromGrpcStatus(status);
    each(response);
    token = response.next_page_token();
  } while (!token.empty());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Completion> RunConnections(const CommandContext& context) {
  auto stub = v1::ConnectionService::NewStub(context.channel);
  v1::ListConnectionsResponse response;
  grpc::Status status =
      stub->ListConnections(context.NewCallContext().get(), {}, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  Table table({"NAME", "BACKEND", "HEALTH", "DETAIL"});
  for (const v1::Connection& connection : response.connections()) {
    if (context.json_output()) {
      context.PrintJson(connection);
      continue;
    }
    table.AddRow({connection.name(), v1::BackendKind_Name(connection.backend()),
                  v1::ConnectionHealth_Name(connection.health()), connection.health_detail()});
  }
  if (!context.json_output()) context.out << table.Render();
  return Completion::kOk;
}

absl::StatusOr<Completion> RunHealth(const CommandContext& context) {
  auto stub = grpc::health::v1::Health::NewStub(context.channel);
  grpc::health::v1::HealthCheckRequest request;
  if (!context.invocation.operands.empty()) request.set_service(context.invocation.operands[0]);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(context.NewCallContext().get(), request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  const std::string name =
      grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
  if (context.json_output()) {
    context.PrintJson(response);
  } else {
    context.out << name << "\n";
  }
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    // Not serving is what UNAVAILABLE means, so scripts see the code they already test.
    return absl::UnavailableError(absl::StrCat("the server answers ", name));
  }
  return Completion::kOk;
}

absl::StatusOr<Completion> RunGet(const CommandContext& context) {
  auto stub = v1::LeadService::NewStub(context.channel);
  Table table = LeadTable();
  absl::Status first_failure;
  for (const std::string& id : context.invocation.operands) {
    v1::GetLeadRequest request;
    request.set_connection(context.invocation.connection_name);
    request.set_id(id);
    *request.mutable_fields() = {context.invocation.fields.begin(),
                                 context.invocation.fields.end()};
    v1::Lead lead;
    grpc::Status status = stub->GetLead(context.NewCallContext().get(), request, &lead);
    if (!status.ok()) {
      // The other ids are still shown; the first failure decides the exit code.
      context.err << "leadctl: " << id << ": " << FromGrpcStatus(status) << "\n";
      if (first_failure.ok()) first_failure = FromGrpcStatus(status);
      continue;
    }
    if (context.json_output()) {
      context.PrintJson(lead);
    } else {
      AddLeadRow(table, lead);
    }
  }
  if (!context.json_output()) context.out << table.Render();
  if (!first_failure.ok()) return first_failure;
  return Completion::kOk;
}

absl::StatusOr<Completion> RunQuery(const CommandContext& context) {
  auto stub = v1::LeadService::NewStub(context.channel);
  Table table = LeadTable();
  v1::QueryLeadsRequest request;
  request.set_connection(context.invocation.connection_name);
  request.set_filter_field(context.invocation.filter_type);
  *request.mutable_filter_values() = {context.invocation.operands.begin(),
                                      context.invocation.operands.end()};
  *request.mutable_fields() = {context.invocation.fields.begin(),
                               context.invocation.fields.end()};
  absl::Status status = EveryPage<v1::QueryLeadsResponse>(
      [&](const std::string& token, v1::QueryLeadsResponse& response) {
        request.set_page_token(token);
        return stub->QueryLeads(context.NewCallContext().get(), request, &response);
      },
      [&](const v1::QueryLeadsResponse& response) {
        for (const v1::Lead& lead : response.leads()) {
          if (context.json_output()) {
            context.PrintJson(lead);
          } else {
            AddLeadRow(table, lead);
          }
        }
      });
  if (!status.ok()) return status;
  if (!context.json_output()) context.out << table.Render();
  return Completion::kOk;
}

absl::StatusOr<Completion> RunFields(const CommandContext& context) {
  auto stub = v1::FieldService::NewStub(context.channel);
  Table table({"NAME", "TYPE", "LENGTH", "READ_ONLY", "NEUTRAL_NAME", "DISPLAY_NAME"});
  auto show = [&](const v1::LeadField& field) {
    if (context.json_output()) {
      context.PrintJson(field);
      return;
    }
    table.AddRow({field.name(), field.data_type(), field.length() ? absl::StrCat(field.length()) : "",
                  field.read_only() ? "yes" : "", field.neutral_name(), field.display_name()});
  };
  if (!context.invocation.operands.empty()) {
    v1::GetLeadFieldRequest request;
    request.set_connection(context.invocation.connection_name);
    request.set_name(context.invocation.operands[0]);
    v1::LeadField field;
    grpc::Status status = stub->GetLeadField(context.NewCallContext().get(), request, &field);
    if (!status.ok()) return FromGrpcStatus(status);
    show(field);
  } else {
    v1::ListLeadFieldsRequest request;
    request.set_connection(context.invocation.connection_name);
    absl::Status status = EveryPage<v1::ListLeadFieldsResponse>(
        [&](const std::string& token, v1::ListLeadFieldsResponse& response) {
          request.set_page_token(token);
          return stub->ListLeadFields(context.NewCallContext().get(), request, &response);
        },
        [&](const v1::ListLeadFieldsResponse& response) {
          for (const v1::LeadField& field : response.fields()) show(field);
        });
    if (!status.ok()) return status;
  }
  if (!context.json_output()) context.out << table.Render();
  return Completion::kOk;
}

absl::StatusOr<Completion> RunMembers(const CommandContext& context) {
  auto stub = v1::MembershipService::NewStub(context.channel);
  const Invocation& invocation = context.invocation;
  absl::Status status;
  if (!invocation.list_id.empty()) {
    Table table = LeadTable();
    v1::ListStaticListMembersRequest request;
    request.set_connection(invocation.connection_name);
    request.set_list_id(invocation.list_id);
    *request.mutable_fields() = {invocation.fields.begin(), invocation.fields.end()};
    status = EveryPage<v1::ListStaticListMembersResponse>(
        [&](const std::string& token, v1::ListStaticListMembersResponse& response) {
          request.set_page_token(token);
          return stub->ListStaticListMembers(context.NewCallContext().get(), request, &response);
        },
        [&](const v1::ListStaticListMembersResponse& response) {
          for (const v1::Lead& lead : response.leads()) {
            if (context.json_output()) {
              context.PrintJson(lead);
            } else {
              AddLeadRow(table, lead);
            }
          }
        });
    if (status.ok() && !context.json_output()) context.out << table.Render();
  } else {
    Table table({"ID", "EMAIL", "LAST_NAME", "PROGRESSION_STATUS"});
    v1::ListProgramMembersRequest request;
    request.set_connection(invocation.connection_name);
    request.set_program_id(invocation.program_id);
    *request.mutable_fields() = {invocation.fields.begin(), invocation.fields.end()};
    status = EveryPage<v1::ListProgramMembersResponse>(
        [&](const std::string& token, v1::ListProgramMembersResponse& response) {
          request.set_page_token(token);
          return stub->ListProgramMembers(context.NewCallContext().get(), request, &response);
        },
        [&](const v1::ListProgramMembersResponse& response) {
          for (const v1::ProgramMember& member : response.members()) {
            if (context.json_output()) {
              context.PrintJson(member);
            } else {
              table.AddRow({member.lead().id(), member.lead().email(), member.lead().last_name(),
                            member.membership().progression_status()});
            }
          }
        });
    if (status.ok() && !context.json_output()) context.out << table.Render();
  }
  if (!status.ok()) return status;
  return Completion::kOk;
}

}  // namespace leadgw::leadctl
