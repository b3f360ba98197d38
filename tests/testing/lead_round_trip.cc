#include "tests/testing/lead_round_trip.h"

namespace leadgw::testing {

namespace v1 = ::leadgateway::v1;

v1::UpsertLeadsRequest UpdateByIdOf(const std::string& connection, const v1::Lead& lead) {
  v1::UpsertLeadsRequest update;
  update.set_connection(connection);
  update.set_action(v1::UPSERT_ACTION_UPDATE_ONLY);
  update.set_lookup_field("id");
  *update.add_leads() = lead;
  return update;
}

void ExpectUpdatedThenQueried(v1::LeadService::StubInterface& leads, ContextFactory context,
                              const v1::UpsertLeadsRequest& update,
                              const v1::QueryLeadsRequest& query, const v1::Lead& expected) {
  v1::WriteResponse updated;
  grpc::Status status = leads.UpsertLeads(context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(updated.results_size(), 1);
  ASSERT_EQ(updated.results(0).status(), v1::RECORD_STATUS_UPDATED)
      << updated.results(0).ShortDebugString();
  EXPECT_EQ(updated.results(0).id(), expected.id());

  v1::QueryLeadsResponse answer;
  status = leads.QueryLeads(context().get(), query, &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(answer.leads_size(), 1);
  ExpectSameButUpdatedAt(expected, answer.leads(0));
}

}  // namespace leadgw::testing
