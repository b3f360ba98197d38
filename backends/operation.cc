#include "backends/operation.h"

namespace leadgw::backends {
namespace {

constexpr absl::string_view kNoStream;

// Kept in enum order; operation_test.cc checks that.
constexpr std::array<OperationInfo, kOperationCount> kOperations = {{
    {Operation::kDescribeLeads, "describe_leads", "leadgateway.v1.LeadService/DescribeLeads",
     kNoStream},
    {Operation::kGetLead, "get_lead", "leadgateway.v1.LeadService/GetLead", kNoStream},
    {Operation::kQueryLeads, "query_leads", "leadgateway.v1.LeadService/QueryLeads",
     "leadgateway.v1.LeadService/StreamLeads"},
    {Operation::kUpsertLeads, "upsert_leads", "leadgateway.v1.LeadService/UpsertLeads", kNoStream},
    {Operation::kDeleteLeads, "delete_leads", "leadgateway.v1.LeadService/DeleteLeads", kNoStream},
    {Operation::kMergeLeads, "merge_leads", "leadgateway.v1.LeadService/MergeLeads", kNoStream},
    {Operation::kPushLeads, "push_leads", "leadgateway.v1.LeadService/PushLeads", kNoStream},
    {Operation::kSubmitForm, "submit_form", "leadgateway.v1.LeadService/SubmitForm", kNoStream},
    {Operation::kAssociateWebActivity, "associate_web_activity",
     "leadgateway.v1.LeadService/AssociateWebActivity", kNoStream},
    {Operation::kListLeadPartitions, "list_lead_partitions",
     "leadgateway.v1.LeadService/ListLeadPartitions", kNoStream},
    {Operation::kUpdateLeadPartitions, "update_lead_partitions",
     "leadgateway.v1.LeadService/UpdateLeadPartitions", kNoStream},
    {Operation::kGetLeadField, "get_lead_field", "leadgateway.v1.FieldService/GetLeadField",
     kNoStream},
    {Operation::kListLeadFields, "list_lead_fields", "leadgateway.v1.FieldService/ListLeadFields",
     kNoStream},
    {Operation::kCreateLeadFields, "create_lead_fields",
     "leadgateway.v1.FieldService/CreateLeadFields", kNoStream},
    {Operation::kUpdateLeadField, "update_lead_field",
     "leadgateway.v1.FieldService/UpdateLeadField", kNoStream},
    {Operation::kListStaticListMembers, "list_static_list_members",
     "leadgateway.v1.MembershipService/ListStaticListMembers",
     "leadgateway.v1.MembershipService/StreamStaticListMembers"},
    {Operation::kListLeadStaticLists, "list_lead_static_lists",
     "leadgateway.v1.MembershipService/ListLeadStaticLists", kNoStream},
    {Operation::kListProgramMembers, "list_program_members",
     "leadgateway.v1.MembershipService/ListProgramMembers",
     "leadgateway.v1.MembershipService/StreamProgramMembers"},
    {Operation::kListLeadPrograms, "list_lead_programs",
     "leadgateway.v1.MembershipService/ListLeadPrograms", kNoStream},
    {Operation::kListLeadSmartCampaigns, "list_lead_smart_campaigns",
     "leadgateway.v1.MembershipService/ListLeadSmartCampaigns", kNoStream},
    {Operation::kAddStaticListMembers, "add_static_list_members",
     "leadgateway.v1.MembershipService/AddStaticListMembers", kNoStream},
    {Operation::kRemoveStaticListMembers, "remove_static_list_members",
     "leadgateway.v1.MembershipService/RemoveStaticListMembers", kNoStream},
    {Operation::kCheckStaticListMembership, "check_static_list_membership",
     "leadgateway.v1.MembershipService/CheckStaticListMembership", kNoStream},
    {Operation::kSetProgramMemberStatus, "set_program_member_status",
     "leadgateway.v1.MembershipService/SetProgramMemberStatus", kNoStream},
    {Operation::kCreateCompanies, "create_companies",
     "leadgateway.v1.CompanyService/CreateCompanies", kNoStream},
    {Operation::kUpdateCompanies, "update_companies",
     "leadgateway.v1.CompanyService/UpdateCompanies", kNoStream},
    {Operation::kSearchCompanies, "search_companies",
     "leadgateway.v1.CompanyService/SearchCompanies",
     "leadgateway.v1.CompanyService/StreamCompanies"},
    {Operation::kCreateBusinessCards, "create_business_cards",
     "leadgateway.v1.BusinessCardService/CreateBusinessCards", kNoStream},
    {Operation::kUpdateBusinessCards, "update_business_cards",
     "leadgateway.v1.BusinessCardService/UpdateBusinessCards", kNoStream},
    {Operation::kSearchBusinessCards, "search_business_cards",
     "leadgateway.v1.BusinessCardService/SearchBusinessCards",
     "leadgateway.v1.BusinessCardService/StreamBusinessCards"},
}};

}  // namespace

const std::array<OperationInfo, kOperationCount>& AllOperations() { return kOperations; }

bool IsWrite(Operation op) {
  switch (op) {
    case Operation::kUpsertLeads:
    case Operation::kDeleteLeads:
    case Operation::kMergeLeads:
    case Operation::kPushLeads:
    case Operation::kSubmitForm:
    case Operation::kAssociateWebActivity:
    case Operation::kUpdateLeadPartitions:
    case Operation::kCreateLeadFields:
    case Operation::kUpdateLeadField:
    case Operation::kAddStaticListMembers:
    case Operation::kRemoveStaticListMembers:
    case Operation::kSetProgramMemberStatus:
    case Operation::kCreateCompanies:
    case Operation::kUpdateCompanies:
    case Operation::kCreateBusinessCards:
    case Operation::kUpdateBusinessCards:
      return true;
    default:
      return false;
  }
}

const OperationInfo& Info(Operation op) { return kOperations[static_cast<size_t>(op)]; }

}  // namespace leadgw::backends
