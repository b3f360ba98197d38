// Marketo membership writes end to end: the gateway binary in front of the in-process
// Marketo emulator over loopback. Adds and removes static-list members, checks
// membership and sets program member status, each with per-lead results.
#include <string>
#include <vector>

#include "emulators/marketo/demo_data.h"
#include "tests/marketo_e2e_fixture.h"

namespace leadgw::testing::marketo_e2e {
namespace {

using ::testing::HasSubstr;

// Demo leads 318591-318593 are in neither the Japan list nor a program's status "Attended".
constexpr char kFirst[] = "318591";
constexpr char kSecond[] = "318592";
constexpr char kThird[] = "318593";
constexpr char kUnknownLead[] = "999999999";

v1::StaticListMembersRequest ListRequest(int list_id, const std::vector<std::string>& leads) {
  v1::StaticListMembersRequest request;
  request.set_connection("mkto");
  request.set_list_id(absl::StrCat(list_id));
  for (const std::string& lead : leads) request.add_lead_ids(lead);
  return request;
}

class MarketoMembershipE2eTest : public MarketoE2eTest {
 protected:
  std::vector<v1::ListMembershipState> Check(const std::vector<std::string>& leads) {
    v1::CheckStaticListMembershipResponse answer;
    grpc::Status status = memberships_->CheckStaticListMembership(
        Context().get(), ListRequest(mkto::kDemoJapanListId, leads), &answer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<v1::ListMembershipState> states;
    for (const v1::ListMembershipCheck& check : answer.checks()) states.push_back(check.state());
    return states;
  }
};

TEST_F(MarketoMembershipE2eTest, AddCheckRemoveStaticListMembers) {
  v1::WriteResponse added;
  grpc::Status status = memberships_->AddStaticListMembers(
      Context().get(), ListRequest(mkto::kDemoJapanListId, {kFirst, kSecond, kUnknownLead}),
      &added);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(added.results_size(), 3);
  EXPECT_EQ(added.results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(added.results(0).id(), kFirst);
  EXPECT_EQ(added.results(1).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(added.results(2).status(), v1::RECORD_STATUS_SKIPPED);
  EXPECT_EQ(added.results(2).id(), kUnknownLead);
  EXPECT_EQ(added.results(2).index(), 2);
  ASSERT_EQ(added.results(2).reasons_size(), 1);
  EXPECT_EQ(added.results(2).reasons(0).code(), "1004");

  EXPECT_EQ(Check({kFirst, kSecond, kThird, kUnknownLead}),
            (std::vector<v1::ListMembershipState>{
                v1::LIST_MEMBERSHIP_STATE_MEMBER, v1::LIST_MEMBERSHIP_STATE_MEMBER,
                v1::LIST_MEMBERSHIP_STATE_NOT_MEMBER, v1::LIST_MEMBERSHIP_STATE_SKIPPED}));

  v1::WriteResponse removed;
  status = memberships_->RemoveStaticListMembers(
      Context().get(), ListRequest(mkto::kDemoJapanListId, {kFirst, kThird}), &removed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(removed.results_size(), 2);
  EXPECT_EQ(removed.results(0).status(), v1::RECORD_STATUS_DELETED);
  EXPECT_EQ(removed.results(1).status(), v1::RECORD_STATUS_SKIPPED);
  ASSERT_EQ(removed.results(1).reasons_size(), 1);
  EXPECT_EQ(removed.results(1).reasons(0).code(), "1015");

  EXPECT_EQ(Check({kFirst, kSecond}),
            (std::vector<v1::ListMembershipState>{v1::LIST_MEMBERSHIP_STATE_NOT_MEMBER,
                                                  v1::LIST_MEMBERSHIP_STATE_MEMBER}));
}

TEST_F(MarketoMembershipE2eTest, SetProgramMemberStatusPerLead) {
  v1::SetProgramMemberStatusRequest request;
  request.set_connection("mkto");
  request.set_program_id(absl::StrCat(mkto::kDemoLaunchProgramId));
  request.set_status_name("Attended");
  request.add_lead_ids(kFirst);
  request.add_lead_ids(kUnknownLead);
  v1::WriteResponse answer;
  grpc::Status status = memberships_->SetProgramMemberStatus(Context().get(), request, &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(answer.results_size(), 2);
  EXPECT_EQ(answer.results(0).status(), v1::RECORD_STATUS_UPDATED);
  EXPECT_EQ(answer.results(0).id(), kFirst);
  EXPECT_EQ(answer.results(1).status(), v1::RECORD_STATUS_SKIPPED);
  EXPECT_EQ(answer.results(1).id(), kUnknownLead);
  ASSERT_EQ(answer.results(1).reasons_size(), 1);
  EXPECT_EQ(answer.results(1).reasons(0).code(), "1004");

  v1::ListLeadProgramsRequest programs;
  programs.set_connection("mkto");
  programs.set_lead_id(kFirst);
  programs.add_program_ids(absl::StrCat(mkto::kDemoLaunchProgramId));
  v1::ListLeadProgramsResponse memberships;
  status = memberships_->ListLeadPrograms(Context().get(), programs, &memberships);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(memberships.memberships_size(), 1);
  EXPECT_EQ(memberships.memberships(0).progression_status(), "Attended");
}

TEST_F(MarketoMembershipE2eTest, UnknownListOrProgramIsNotFoundNamingIt) {
  v1::WriteResponse answer;
  grpc::Status status =
      memberships_->AddStaticListMembers(Context().get(), ListRequest(4242, {kFirst}), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("static list 4242"));

  v1::CheckStaticListMembershipResponse checks;
  status = memberships_->CheckStaticListMembership(Context().get(), ListRequest(4242, {kFirst}),
                                                   &checks);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  v1::SetProgramMemberStatusRequest program;
  program.set_connection("mkto");
  program.set_program_id("5");
  program.set_status_name("Attended");
  program.add_lead_ids(kFirst);
  status = memberships_->SetProgramMemberStatus(Context().get(), program, &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("program 5"));
}

TEST_F(MarketoMembershipE2eTest, InvalidRequestsNameTheField) {
  v1::WriteResponse answer;
  grpc::Status status = memberships_->AddStaticListMembers(
      Context().get(), ListRequest(mkto::kDemoJapanListId, {}), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("lead_ids"));
  status = memberships_->RemoveStaticListMembers(
      Context().get(), ListRequest(mkto::kDemoJapanListId, {"12x"}), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("lead_ids[0]"));
}

}  // namespace
}  // namespace leadgw::testing::marketo_e2e
