// Validate() overloads of FieldService, MembershipService and ConnectionService requests
// (see validation.h).
#include <string>

#include "absl/algorithm/container.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "service/field_error.h"
#include "service/validation.h"
#include "service/validation_limits.h"
#include "service/validation_rules.h"

namespace leadgw::service {
namespace {

using validation_internal::CheckApiName;
using validation_internal::CheckConnection;
using validation_internal::CheckCount;
using validation_internal::CheckFieldSelection;
using validation_internal::CheckId;
using validation_internal::CheckIdList;
using validation_internal::CheckMaxChars;
using validation_internal::CheckPaging;
using validation_internal::CheckRequiredMaxChars;
using validation_internal::IdPresence;
using validation_internal::kLeadFieldDataTypes;
using validation_internal::kMaxApiNameChars;
using validation_internal::kMaxDescriptionChars;
using validation_internal::kMaxMembershipLeads;
using validation_internal::kMaxShortTextChars;
using validation_internal::kMaxDisplayNameChars;
using validation_internal::kMaxNewFieldNameChars;
using validation_internal::kMaxNewLeadFields;
using validation_internal::kMaxProgramIds;
using validation_internal::kMaxSchemaPageSize;
using validation_internal::Scope;

// Remembers the first index of each value, ignoring ASCII case: upstream field names and
// labels are unique regardless of case.
class FirstIndex {
 public:
  // -1 the first time `value` is seen, else the index it was first seen at.
  int Seen(absl::string_view value, int index) {
    auto [it, inserted] = first_.emplace(absl::AsciiStrToLower(value), index);
    return inserted ? -1 : it->second;
  }

 private:
  absl::flat_hash_map<std::string, int> first_;
};

// "duplicate of fields[<first>].<field>" when `value` repeats an earlier entry.
absl::Status CheckUnique(const Scope& top, int index, absl::string_view field,
                         absl::string_view value, FirstIndex& seen) {
  int first = seen.Seen(value, index);
  if (first < 0) return absl::OkStatus();
  return top.Element("fields", index)
      .Fail(field, absl::StrCat("duplicate of ", top.IndexPath("fields", first), ".", field));
}

}  // namespace

// ---- FieldService ----

absl::Status Validate(const v1::GetLeadFieldRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  return CheckApiName(Scope(), "name", request.name(), kMaxApiNameChars, true);
}

absl::Status Validate(const v1::ListLeadFieldsRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  return CheckPaging(request.page_size(), kMaxSchemaPageSize, request.page_token());
}

absl::Status Validate(const v1::CreateLeadFieldsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckCount(top, "fields", request.fields_size(), 1, kMaxNewLeadFields));
  FirstIndex names;
  FirstIndex display_names;
  for (int i = 0; i < request.fields_size(); ++i) {
    const v1::NewLeadField& field = request.fields(i);
    const Scope s = top.Element("fields", i);
    LEADGW_RETURN_IF_ERROR(CheckApiName(s, "name", field.name(), kMaxNewFieldNameChars, true));
    LEADGW_RETURN_IF_ERROR(CheckUnique(top, i, "name", field.name(), names));
    LEADGW_RETURN_IF_ERROR(
        CheckRequiredMaxChars(s, "display_name", field.display_name(), kMaxDisplayNameChars));
    LEADGW_RETURN_IF_ERROR(
        CheckUnique(top, i, "display_name", field.display_name(), display_names));
    if (field.data_type().empty()) return s.Fail("data_type", "required");
    if (!absl::c_linear_search(kLeadFieldDataTypes, field.data_type())) {
      return s.Fail("data_type",
                    "must be one of string, text, email, phone, url, integer, float, "
                    "currency, boolean, date, datetime, score, percent");
    }
    LEADGW_RETURN_IF_ERROR(
        CheckMaxChars(s, "description", field.description(), kMaxDescriptionChars));
  }
  return absl::OkStatus();
}

absl::Status Validate(const v1::UpdateLeadFieldRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckApiName(top, "name", request.name(), kMaxApiNameChars, true));
  if (!request.has_display_name() && !request.has_description() && !request.has_is_hidden() &&
      !request.has_is_html_encoding_in_email() && !request.has_is_sensitive()) {
    // There is no field path for "the request": the first attribute stands for all.
    return top.Fail("display_name",
                    "nothing to update: set display_name, description, is_hidden, "
                    "is_html_encoding_in_email or is_sensitive");
  }
  if (request.has_display_name()) {
    // A field always has a label, so clearing it is not an update the upstream accepts.
    LEADGW_RETURN_IF_ERROR(
        CheckRequiredMaxChars(top, "display_name", request.display_name(), kMaxDisplayNameChars));
  }
  return CheckMaxChars(top, "description", request.description(), kMaxDescriptionChars);
}

// ---- MembershipService ----

absl::Status Validate(const v1::ListStaticListMembersRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "list_id", request.list_id(), IdPresence::kRequired));
  LEADGW_RETURN_IF_ERROR(CheckFieldSelection(top, "fields", request.fields()));
  return CheckPaging(request.page_size(), kMaxSchemaPageSize, request.page_token());
}

absl::Status Validate(const v1::ListLeadStaticListsRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(Scope(), "lead_id", request.lead_id(), IdPresence::kRequired));
  return CheckPaging(request.page_size(), kMaxSchemaPageSize, request.page_token());
}

absl::Status Validate(const v1::ListProgramMembersRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "program_id", request.program_id(), IdPresence::kRequired));
  LEADGW_RETURN_IF_ERROR(CheckFieldSelection(top, "fields", request.fields()));
  return CheckPaging(request.page_size(), kMaxSchemaPageSize, request.page_token());
}

absl::Status Validate(const v1::ListLeadProgramsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "lead_id", request.lead_id(), IdPresence::kRequired));
  LEADGW_RETURN_IF_ERROR(
      CheckIdList(top, "program_ids", request.program_ids(), 0, kMaxProgramIds, false));
  return CheckPaging(request.page_size(), kMaxSchemaPageSize, request.page_token());
}

absl::Status Validate(const v1::ListLeadSmartCampaignsRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(Scope(), "lead_id", request.lead_id(), IdPresence::kRequired));
  return CheckPaging(request.page_size(), kMaxSchemaPageSize, request.page_token());
}

absl::Status Validate(const v1::StaticListMembersRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "list_id", request.list_id(), IdPresence::kRequired));
  // Distinct: results are matched to ids by position and a repeat would only blur them.
  return CheckIdList(top, "lead_ids", request.lead_ids(), 1, kMaxMembershipLeads, true);
}

absl::Status Validate(const v1::SetProgramMemberStatusRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckId(top, "program_id", request.program_id(), IdPresence::kRequired));
  LEADGW_RETURN_IF_ERROR(
      CheckRequiredMaxChars(top, "status_name", request.status_name(), kMaxShortTextChars));
  return CheckIdList(top, "lead_ids", request.lead_ids(), 1, kMaxMembershipLeads, true);
}

// ---- ConnectionService ----

absl::Status Validate(const v1::ListConnectionsRequest&) { return absl::OkStatus(); }

absl::Status Validate(const v1::GetConnectionRequest& request) {
  return CheckConnection("name", request.name());
}

}  // namespace leadgw::service
