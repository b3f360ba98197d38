// gMock LeadBackend for handler tests.
#ifndef LEADGW_TESTING_MOCK_LEAD_BACKEND_H_
#define LEADGW_TESTING_MOCK_LEAD_BACKEND_H_

#include "backends/lead_backend.h"
#include "gmock/gmock.h"

namespace leadgw::testing_util {

using backends::CallContext;
using backends::LeadBackend;
using backends::Operation;
namespace v1 = ::leadgateway::v1;

class MockLeadBackend : public LeadBackend {
 public:
  MOCK_METHOD(absl::string_view, backend_name, (), (const, override));
  MOCK_METHOD(bool, Supports, (Operation op), (const, override));
  MOCK_METHOD(absl::StatusOr<v1::DescribeLeadsResponse>, DescribeLeads,
              (const CallContext&, const v1::DescribeLeadsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::Lead>, GetLead,
              (const CallContext&, const v1::GetLeadRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::QueryLeadsResponse>, QueryLeads,
              (const CallContext&, const v1::QueryLeadsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, UpsertLeads,
              (const CallContext&, const v1::UpsertLeadsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, DeleteLeads,
              (const CallContext&, const v1::DeleteLeadsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::MergeLeadsResponse>, MergeLeads,
              (const CallContext&, const v1::MergeLeadsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, PushLeads,
              (const CallContext&, const v1::PushLeadsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::SubmitFormResponse>, SubmitForm,
              (const CallContext&, const v1::SubmitFormRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::AssociateWebActivityResponse>, AssociateWebActivity,
              (const CallContext&, const v1::AssociateWebActivityRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListLeadPartitionsResponse>, ListLeadPartitions,
              (const CallContext&, const v1::ListLeadPartitionsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, UpdateLeadPartitions,
              (const CallContext&, const v1::UpdateLeadPartitionsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::LeadField>, GetLeadField,
              (const CallContext&, const v1::GetLeadFieldRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListLeadFieldsResponse>, ListLeadFields,
              (const CallContext&, const v1::ListLeadFieldsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, CreateLeadFields,
              (const CallContext&, const v1::CreateLeadFieldsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::RecordResult>, UpdateLeadField,
              (const CallContext&, const v1::UpdateLeadFieldRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListStaticListMembersResponse>, ListStaticListMembers,
              (const CallContext&, const v1::ListStaticListMembersRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListLeadStaticListsResponse>, ListLeadStaticLists,
              (const CallContext&, const v1::ListLeadStaticListsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListProgramMembersResponse>, ListProgramMembers,
              (const CallContext&, const v1::ListProgramMembersRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListLeadProgramsResponse>, ListLeadPrograms,
              (const CallContext&, const v1::ListLeadProgramsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListLeadSmartCampaignsResponse>, ListLeadSmartCampaigns,
              (const CallContext&, const v1::ListLeadSmartCampaignsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, AddStaticListMembers,
              (const CallContext&, const v1::StaticListMembersRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, RemoveStaticListMembers,
              (const CallContext&, const v1::StaticListMembersRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::CheckStaticListMembershipResponse>, CheckStaticListMembership,
              (const CallContext&, const v1::StaticListMembersRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, SetProgramMemberStatus,
              (const CallContext&, const v1::SetProgramMemberStatusRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, CreateCompanies,
              (const CallContext&, const v1::CreateCompaniesRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, UpdateCompanies,
              (const CallContext&, const v1::UpdateCompaniesRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::SearchCompaniesResponse>, SearchCompanies,
              (const CallContext&, const v1::SearchCompaniesRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, CreateBusinessCards,
              (const CallContext&, const v1::CreateBusinessCardsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::WriteResponse>, UpdateBusinessCards,
              (const CallContext&, const v1::UpdateBusinessCardsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::SearchBusinessCardsResponse>, SearchBusinessCards,
              (const CallContext&, const v1::SearchBusinessCardsRequest&), (override));
};

}  // namespace leadgw::testing_util

#endif  // LEADGW_TESTING_MOCK_LEAD_BACKEND_H_
