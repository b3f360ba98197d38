// The update-then-compare steps the round-trip e2e tests share (HotProfile and Marketo,
// finding D1 of `duplicates`): a lead read from the gateway is written back unchanged and
// must read back the same but for updated_at.
#ifndef LEADGW_TESTS_TESTING_LEAD_ROUND_TRIP_H_
#define LEADGW_TESTS_TESTING_LEAD_ROUND_TRIP_H_

#include <memory>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.grpc.pb.h"

namespace leadgw::testing {

// `after` equals `before` but for updated_at, which an update moves (or keeps, within the
// same second); a test failure naming the differences otherwise. Any record type.
template <typename Record>
void ExpectSameButUpdatedAt(Record before, Record after) {
  EXPECT_GE(after.updated_at().seconds(), before.updated_at().seconds());
  before.clear_updated_at();
  after.clear_updated_at();
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(before, after)) << differences;
}

// An updateOnly by id on `connection` writing `lead` as it is.
::leadgateway::v1::UpsertLeadsRequest UpdateByIdOf(const std::string& connection,
                                                   const ::leadgateway::v1::Lead& lead);

// A fresh client context with the caller's deadline (each fixture has its own).
using ContextFactory = std::unique_ptr<grpc::ClientContext> (*)();

// Sends `update` (one lead, `found` as a query answered it, perhaps changed), expects it
// UPDATED under `found`'s id, then expects `query` to answer that one lead equal to
// `expected` but for updated_at. Fatal failures on the way: call it inside
// ASSERT_NO_FATAL_FAILURE.
void ExpectUpdatedThenQueried(::leadgateway::v1::LeadService::StubInterface& leads,
                              ContextFactory context,
                              const ::leadgateway::v1::UpsertLeadsRequest& update,
                              const ::leadgateway::v1::QueryLeadsRequest& query,
                              const ::leadgateway::v1::Lead& expected);

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_TESTING_LEAD_ROUND_TRIP_H_
