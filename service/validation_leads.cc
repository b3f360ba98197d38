// Validate() overloads of LeadService requests (see validation.h).
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "service/field_error.h"
#include "service/validation.h"
#include "service/validation_limits.h"
#include "service/validation_rules.h"

namespace leadgw::service {
namespace {

using validation_internal::CheckAddress;
using validation_internal::CheckApiName;
using validation_internal::CheckConnection;
using validation_internal::CheckCount;
using validation_internal::CheckDigits;
using validation_internal::CheckEmail;
using validation_internal::CheckEnum;
using validation_internal::CheckFieldSelection;
using validation_internal::CheckId;
using validation_internal::CheckIdList;
using validation_internal::CheckMaxChars;
using validation_internal::CheckPaging;
using validation_internal::CheckRequiredMaxChars;
using validation_internal::CheckScalarMap;
using validation_internal::IdPresence;
using validation_internal::kMaxApiNameChars;
using validation_internal::kMaxCookieChars;
using validation_internal::kMaxCustomFields;
using validation_internal::kMaxFilterValueChars;
using validation_internal::kMaxFilterValues;
using validation_internal::kMaxFormFields;
using validation_internal::kMaxLeadsPerRequest;
using validation_internal::kMaxMergeLosers;
using validation_internal::kMaxMktTokenChars;
using validation_internal::kMaxPageSize;
using validation_internal::kMaxPhoneExtensionDigits;
using validation_internal::kMaxShortTextChars;
using validation_internal::kMaxTextChars;
using validation_internal::kMaxVisitorDataChars;
using validation_internal::ListValues;
using validation_internal::MaxCharsProblem;
using validation_internal::Problem;
using validation_internal::Scope;

constexpr absl::string_view kLookupById = "id";
constexpr absl::string_view kLookupByMktToken = "mktToken";

// The shared lead rules of UpsertLeads and PushLeads records, in Lead field order. `id` is
// the presence the request's lookup demands of Lead.id.
absl::Status CheckLead(const Scope& s, const v1::Lead& lead, IdPresence id) {
  auto text = [&s](absl::string_view field, const std::string& value) {
    return CheckMaxChars(s, field, value, kMaxTextChars);
  };
  LEADGW_RETURN_IF_ERROR(CheckId(s, "id", lead.id(), id));
  LEADGW_RETURN_IF_ERROR(CheckEmail(s, "email", lead.email()));
  LEADGW_RETURN_IF_ERROR(text("first_name", lead.first_name()));
  LEADGW_RETURN_IF_ERROR(text("last_name", lead.last_name()));
  LEADGW_RETURN_IF_ERROR(text("first_name_kana", lead.first_name_kana()));
  LEADGW_RETURN_IF_ERROR(text("last_name_kana", lead.last_name_kana()));
  LEADGW_RETURN_IF_ERROR(text("company", lead.company()));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "company_id", lead.company_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(text("title", lead.title()));
  LEADGW_RETURN_IF_ERROR(text("department", lead.department()));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "department_id", lead.department_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(text("phone", lead.phone()));
  LEADGW_RETURN_IF_ERROR(
      CheckDigits(s, "phone_extension", lead.phone_extension(), kMaxPhoneExtensionDigits));
  LEADGW_RETURN_IF_ERROR(text("mobile_phone", lead.mobile_phone()));
  LEADGW_RETURN_IF_ERROR(text("mobile_email", lead.mobile_email()));
  LEADGW_RETURN_IF_ERROR(text("fax", lead.fax()));
  LEADGW_RETURN_IF_ERROR(CheckAddress(s, "address", lead.address()));
  LEADGW_RETURN_IF_ERROR(text("website", lead.website()));
  LEADGW_RETURN_IF_ERROR(text("lead_source", lead.lead_source()));
  LEADGW_RETURN_IF_ERROR(
      CheckId(s, "lead_source_id", lead.lead_source_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(text("lead_status", lead.lead_status()));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "owner_id", lead.owner_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(text("note", lead.note()));
  // A company key of the backend's own, any text (not an id the gateway checks).
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "external_company_id", lead.external_company_id(),
                                       kMaxShortTextChars));
  LEADGW_RETURN_IF_ERROR(
      CheckId(s, "lead_status_id", lead.lead_status_id(), IdPresence::kOptional));
  return CheckScalarMap(s, "custom_fields", lead.custom_fields(), kMaxCustomFields,
                        ListValues::kOfScalars);
}

// No problem for an acceptable QueryLeads filter value.
Problem FilterValueProblem(const std::string& value) {
  if (value.empty()) return "must not be empty";
  if (auto problem = MaxCharsProblem(value, kMaxFilterValueChars)) return problem;
  // The upstream receives the values joined with commas.
  if (value.find(',') != std::string::npos) return "must not contain ','";
  return std::nullopt;
}

// A whole-batch count of 1 to kMaxLeadsPerRequest.
absl::Status CheckBatch(absl::string_view field, int size) {
  return CheckCount(Scope(), field, size, 1, kMaxLeadsPerRequest);
}

}  // namespace

absl::Status Validate(const v1::DescribeLeadsRequest& request) {
  return CheckConnection("connection", request.connection());
}

absl::Status Validate(const v1::GetLeadRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "id", request.id(), IdPresence::kRequired));
  return CheckFieldSelection(top, "fields", request.fields());
}

absl::Status Validate(const v1::QueryLeadsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(
      CheckApiName(top, "filter_field", request.filter_field(), kMaxApiNameChars, true));
  const auto& values = request.filter_values();
  LEADGW_RETURN_IF_ERROR(CheckCount(top, "filter_values", values.size(), 1, kMaxFilterValues));
  for (int i = 0; i < values.size(); ++i) {
    if (auto problem = FilterValueProblem(values[i])) {
      return InvalidField(top.IndexPath("filter_values", i), *problem);
    }
  }
  LEADGW_RETURN_IF_ERROR(CheckFieldSelection(top, "fields", request.fields()));
  return CheckPaging(request.page_size(), kMaxPageSize, request.page_token());
}

absl::Status Validate(const v1::UpsertLeadsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  const v1::UpsertAction action = request.action();
  LEADGW_RETURN_IF_ERROR(CheckEnum(top, "action", v1::UpsertAction_IsValid(action)));
  LEADGW_RETURN_IF_ERROR(
      CheckApiName(top, "lookup_field", request.lookup_field(), kMaxApiNameChars, false));
  const bool by_id = request.lookup_field() == kLookupById;
  if (by_id && action != v1::UPSERT_ACTION_UPDATE_ONLY) {
    return top.Fail("lookup_field", "\"id\" only with action UPSERT_ACTION_UPDATE_ONLY");
  }
  LEADGW_RETURN_IF_ERROR(
      CheckMaxChars(top, "partition_name", request.partition_name(), kMaxShortTextChars));
  if (!request.partition_name().empty() && action != v1::UPSERT_ACTION_UNSPECIFIED &&
      action != v1::UPSERT_ACTION_CREATE_OR_UPDATE && action != v1::UPSERT_ACTION_CREATE_ONLY) {
    return top.Fail("partition_name",
                    "only with action UNSPECIFIED, CREATE_OR_UPDATE or CREATE_ONLY");
  }
  LEADGW_RETURN_IF_ERROR(CheckBatch("leads", request.leads_size()));
  const IdPresence id = by_id ? IdPresence::kRequired : IdPresence::kOptional;
  for (int i = 0; i < request.leads_size(); ++i) {
    LEADGW_RETURN_IF_ERROR(CheckLead(top.Element("leads", i), request.leads(i), id));
  }
  return absl::OkStatus();
}

absl::Status Validate(const v1::DeleteLeadsRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  return CheckIdList(Scope(), "ids", request.ids(), 1, kMaxLeadsPerRequest, true);
}

absl::Status Validate(const v1::MergeLeadsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "winner_id", request.winner_id(), IdPresence::kRequired));
  return CheckIdList(top, "loser_ids", request.loser_ids(), 1, kMaxMergeLosers, true, "winner_id",
                     request.winner_id());
}

absl::Status Validate(const v1::PushLeadsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(
      CheckRequiredMaxChars(top, "program_name", request.program_name(), kMaxShortTextChars));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(top, "source", request.source(), kMaxShortTextChars));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(top, "reason", request.reason(), kMaxShortTextChars));
  LEADGW_RETURN_IF_ERROR(
      CheckApiName(top, "lookup_field", request.lookup_field(), kMaxApiNameChars, false));
  LEADGW_RETURN_IF_ERROR(
      CheckMaxChars(top, "partition_name", request.partition_name(), kMaxShortTextChars));
  LEADGW_RETURN_IF_ERROR(
      CheckMaxChars(top, "program_status", request.program_status(), kMaxShortTextChars));
  LEADGW_RETURN_IF_ERROR(CheckBatch("records", request.records_size()));
  const bool by_token = request.lookup_field() == kLookupByMktToken;
  for (int i = 0; i < request.records_size(); ++i) {
    const v1::PushLeadRecord& record = request.records(i);
    const Scope s = top.Element("records", i);
    LEADGW_RETURN_IF_ERROR(CheckLead(s.Field("lead"), record.lead(), IdPresence::kOptional));
    LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "mkt_token", record.mkt_token(), kMaxMktTokenChars));
    if (by_token && record.mkt_token().empty()) {
      return s.Fail("mkt_token", "required when lookup_field is \"mktToken\"");
    }
  }
  return absl::OkStatus();
}

absl::Status Validate(const v1::SubmitFormRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  if (request.form_id() <= 0) return top.Fail("form_id", "must be positive");
  if (request.program_id() < 0) return top.Fail("program_id", "must not be negative");
  const auto& fields = request.form_fields();
  LEADGW_RETURN_IF_ERROR(CheckCount(top, "form_fields", fields.size(), 1, kMaxFormFields));
  LEADGW_RETURN_IF_ERROR(
      CheckScalarMap(top, "form_fields", fields, kMaxFormFields, ListValues::kRejected));
  auto email = fields.find("email");
  if (email == fields.end()) return InvalidField(top.KeyPath("form_fields", "email"), "required");
  if (email->second.string_value().empty()) {
    return InvalidField(top.KeyPath("form_fields", "email"), "must be a non-empty string");
  }
  LEADGW_RETURN_IF_ERROR(
      CheckEmail(top.Entry("form_fields", "email"), "", email->second.string_value()));
  const Scope visitor = top.Field("visitor_data");
  const v1::VisitorData& data = request.visitor_data();
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(visitor, "page_url", data.page_url(), kMaxVisitorDataChars));
  LEADGW_RETURN_IF_ERROR(
      CheckMaxChars(visitor, "query_string", data.query_string(), kMaxVisitorDataChars));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(visitor, "lead_client_ip_address",
                                       data.lead_client_ip_address(), kMaxVisitorDataChars));
  LEADGW_RETURN_IF_ERROR(
      CheckMaxChars(visitor, "user_agent_string", data.user_agent_string(), kMaxVisitorDataChars));
  return CheckMaxChars(top, "cookie", request.cookie(), kMaxCookieChars);
}

absl::Status Validate(const v1::AssociateWebActivityRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "lead_id", request.lead_id(), IdPresence::kRequired));
  return CheckRequiredMaxChars(top, "cookie", request.cookie(), kMaxCookieChars);
}

absl::Status Validate(const v1::ListLeadPartitionsRequest& request) {
  return CheckConnection("connection", request.connection());
}

absl::Status Validate(const v1::UpdateLeadPartitionsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckBatch("assignments", request.assignments_size()));
  for (int i = 0; i < request.assignments_size(); ++i) {
    const v1::LeadPartitionAssignment& assignment = request.assignments(i);
    const Scope s = top.Element("assignments", i);
    LEADGW_RETURN_IF_ERROR(CheckId(s, "lead_id", assignment.lead_id(), IdPresence::kRequired));
    LEADGW_RETURN_IF_ERROR(CheckRequiredMaxChars(s, "partition_name", assignment.partition_name(),
                                                 kMaxShortTextChars));
  }
  return absl::OkStatus();
}

}  // namespace leadgw::service
