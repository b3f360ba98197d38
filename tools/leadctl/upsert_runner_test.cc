#include "tools/leadctl/upsert_runner.h"

#include <sstream>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace leadgw::leadctl {
namespace {

namespace v1 = leadgateway::v1;

InputRecord Record(int line, const std::string& email) {
  google::protobuf::Value value;
  value.set_string_value(email);
  return InputRecord{line, FieldList{{"email", value}}};
}

// The gateway's refusal of a whole request over one field, as status_mapping.cc sends it.
grpc::Status Refusal(const std::string& field) {
  google::rpc::BadRequest bad_request;
  bad_request.add_field_violations()->set_field(field);
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, field + ": bad",
                      details.SerializeAsString());
}

// A fake gateway: refuses emails without "@" by index, creates the rest with ids 100+.
struct FakeGateway {
  std::vector<int> batch_sizes;
  int next_id = 100;
  BatchReply operator()(const v1::UpsertLeadsRequest& request) {
    batch_sizes.push_back(request.leads_size());
    for (int i = 0; i < request.leads_size(); ++i) {
      if (request.leads(i).email().find('@') == std::string::npos) {
        return {Refusal("leads[" + std::to_string(i) + "].email"), {}};
      }
    }
    BatchReply reply;
    for (int i = 0; i < request.leads_size(); ++i) {
      auto* result = reply.response.add_results();
      result->set_index(i);
      result->set_id(std::to_string(next_id++));
      result->set_status(v1::RECORD_STATUS_CREATED);
    }
    return reply;
  }
};

TEST(UpsertRunnerTest, EveryRecordGetsOneOutcomeInOrder) {
  std::vector<InputRecord> records = {Record(2, "a@x.com"), Record(3, "bad"),
                                      Record(4, "c@x.com"), Record(5, "d@x.com"),
                                      Record(6, "e@x.com")};
  records.push_back(InputRecord{7, absl::InvalidArgumentError("2 fields, the header has 3")});
  FakeGateway gateway;
  std::ostringstream err;
  Progress progress(err, /*interactive=*/false);
  UpsertRun run = UpsertRecords(
      records, v1::UpsertLeadsRequest(), 2,
      [&](const v1::UpsertLeadsRequest& request) { return gateway(request); }, progress);
  ASSERT_TRUE(run.rpc_failure.ok());
  ASSERT_EQ(run.outcomes.size(), 6u);
  EXPECT_EQ(run.outcomes[0].status, "created");
  EXPECT_EQ(run.outcomes[1].status, "failed");
  EXPECT_EQ(run.outcomes[1].line, 3);
  EXPECT_NE(run.outcomes[1].reason.find("leads[1].email"), std::string::npos);
  EXPECT_EQ(run.outcomes[2].status, "created");
  EXPECT_EQ(run.outcomes[5].status, "failed");  // never sent
  EXPECT_NE(run.outcomes[5].reason.find("invalid_input"), std::string::npos);
  // [a, bad] refused, [a] resent, then [c, d], [e].
  EXPECT_EQ(gateway.batch_sizes, (std::vector<int>{2, 1, 2, 1}));
  EXPECT_EQ(err.str(), "6 records: 4 written, 2 not written\n");
}

TEST(UpsertRunnerTest, AnRpcFailureStopsAndReportsTheRest) {
  std::vector<InputRecord> records = {Record(2, "a@x.com"), Record(3, "b@x.com"),
                                      Record(4, "c@x.com")};
  int calls = 0;
  std::ostringstream err;
  Progress progress(err, false);
  UpsertRun run = UpsertRecords(
      records, v1::UpsertLeadsRequest(), 1,
      [&](const v1::UpsertLeadsRequest&) {
        ++calls;
        return BatchReply{grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), {}};
      },
      progress);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(absl::IsUnavailable(run.rpc_failure));
  ASSERT_EQ(run.outcomes.size(), 3u);
  for (const RecordOutcome& outcome : run.outcomes) EXPECT_EQ(outcome.status, "failed");
  EXPECT_NE(run.outcomes[2].reason.find("not_sent"), std::string::npos);
}

TEST(UpsertRunnerTest, RefusedLeadIndexFromDetailsOrMessage) {
  EXPECT_EQ(RefusedLeadIndex(Refusal("leads[12].custom_fields[\"x\"]")), 12);
  EXPECT_EQ(RefusedLeadIndex(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                          "leads[3].email: exactly one @")),
            3);
  EXPECT_EQ(RefusedLeadIndex(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "connection: x")),
            std::nullopt);
}

}  // namespace
}  // namespace leadgw::leadctl
