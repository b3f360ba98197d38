#include "backends/operation.h"

namespace leadgw::backends {
namespace {

constexpr absl::string_view kNoStream;

// Kept in enum order; operation_test.cc checks that.
constexpr std::array<OperationInfo, kOperationCount> kOperations = {{
    {Operation::kDescribeLeads, "describe_leads", "leadgateway.v1.LeadService/DescribeLeads",
     kNoStream, true},
    {Operation::kGetLead, "get_lead", "leadgateway.v1.LeadService/GetLead", kNoStream, true},
    {Operation::kQueryLeads, "query_leads", "leadgateway.v1.LeadService/QueryLeads",
     "leadgateway.v1.LeadService/StreamLeads", true},
    {Operation::kUpsertLeads, "upsert_leads", "leadgateway.v1.LeadService/UpsertLeads",
     kNoStream, false},
    {Operation::kDeleteLeads, "delete_leads", "leadgateway.v1.LeadService/DeleteLeads",
     kNoStream, true},
    {Operation::kMergeLeads, "merge_leads", "leadgateway.v1.LeadService/MergeLeads",
     kNoStream, false},
    {Operation::kPushLeads, "push_leads", "leadgateway.v1.LeadService/PushLeads", kNoStream,
     false},
    {Operation::kSubmitForm, "submit_form", "leadgateway.v1.LeadService/SubmitForm",
     kNoStream, false},
    {Operation::kAssociateWebActivity, "associate_web_activity",
     "leadgateway.v1.LeadService/AssociateWebActivity", kNoStream, true},
    {Operation::kListLeadPartitions, "list_lead_partitions",
     "leadgateway.v1.LeadService/ListLeadPartitions", kNoStream, true},
    {Operation::kUpdateLeadPartitions, "update_lead_partitions",
     "leadgateway.v1.LeadService/UpdateLeadPartitions", kNoStream, true},
    {Operation::kGetLeadField, "get_lead_field", "leadgateway.v1.FieldService/GetLeadField",
     kNoStream, true},
    {Operation::kListLeadFields, "list_lead_fields",
     "leadgateway.v1.FieldService/ListLeadFields", kNoStream, true},
    {Operation::kCreateLeadFields, "create_lead_fields",
     "leadgateway.v1.FieldService/CreateLeadFields", kNoStream, false},
    {Operation::kUpdateLeadField, "update_lead_field",
     "leadgateway.v1.FieldService/UpdateLeadField", kNoStream, true},
    {Operation::kListStaticListMembers, "list_static_list_members",
     "leadgateway.v1.MembershipService/ListStaticListMembers",
     "leadgateway.v1.MembershipService/StreamStaticListMembers", true},
    {Operation::kListLeadStaticLists, "list_lead_static_lists",
     "leadgateway.v1.MembershipService/ListLeadStaticLists", kNoStream, true},
    {Operation::kListProgramMembers, "list_program_members",
     "leadgateway.v1.MembershipService/ListProgramMembers",
     "leadgateway.v1.MembershipService/StreamProgramMembers", true},
    {Operation::kListLeadPrograms, "list_lead_programs",
     "leadgateway.v1.MembershipService/ListLeadPrograms", kNoStream, true},
    {Operation::kListLeadSmartCampaigns, "list_lead_smart_campaigns",
     "leadgateway.v1.MembershipService/ListLeadSmartCampaigns", kNoStream, true},
    {Operation::kCreateCompanies, "create_companies",
     "leadgateway.v1.CompanyService/CreateCompanies", kNoStream, false},
    {Operation::kUpdateCompanies, "update_companies",
     "leadgateway.v1.CompanyService/UpdateCompanies", kNoStream, true},
    {Operation::kSearchCompanies, "search_companies",
     "leadgateway.v1.CompanyService/SearchCompanies",
     "leadgateway.v1.CompanyService/StreamCompanies", true},
    {Operation::kCreateBusinessCards, "create_business_cards",
     "leadgateway.v1.BusinessCardService/CreateBusinessCards", kNoStream, false},
    {Operation::kUpdateBusinessCards, "update_business_cards",
     "leadgateway.v1.BusinessCardService/UpdateBusinessCards", kNoStream, true},
    {Operation::kSearchBusinessCards, "search_business_cards",
     "leadgateway.v1.BusinessCardService/SearchBusinessCards",
     "leadgateway.v1.BusinessCardService/StreamBusinessCards", true},
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
