#include "tools/leadctl/record_file.h"

#include "gtest/gtest.h"

namespace leadgw::leadctl {
namespace {

TEST(RecordFileTest, OutcomesFromResultsAsJsonLines) {
  leadgateway::v1::RecordResult created;
  created.set_id("318622");
  created.set_status(leadgateway::v1::RECORD_STATUS_CREATED);
  RecordOutcome outcome = OutcomeFromResult(12, created);
  EXPECT_TRUE(IsWritten(outcome));
  EXPECT_EQ(OutcomeJsonLine(outcome), R"({"line":12,"status":"created","id":"318622"})");

  leadgateway::v1::RecordResult skipped;
  skipped.set_status(leadgateway::v1::RECORD_STATUS_SKIPPED);
  auto* reason = skipped.add_reasons();
  reason->set_code("1006");
  reason->set_message("Field 'x' not found");
  outcome = OutcomeFromResult(13, skipped);
  EXPECT_FALSE(IsWritten(outcome));
  EXPECT_EQ(OutcomeJsonLine(outcome),
            R"({"line":13,"status":"skipped","reason":"1006: Field 'x' not found"})");

  EXPECT_EQ(OutcomeJsonLine(FailedOutcome(14, "名前: \"bad\"")),
            R"({"line":14,"status":"failed","reason":"名前: \"bad\""})");
}

}  // namespace
}  // namespace leadgw::leadctl
