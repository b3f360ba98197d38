#include "backends/common/write_batch.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::common {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;
using ::leadgw::testing_util::StatusIs;

namespace v1 = ::leadgateway::v1;

absl::StatusOr<v1::RecordResult> Created(int id) {
  v1::RecordResult result;
  result.set_id(std::to_string(id));
  result.set_status(v1::RECORD_STATUS_CREATED);
  return result;
}

absl::Status Rejected() {
  return upstream::UpstreamError(absl::StatusCode::kInvalidArgument, "hotprofile", "400",
                       "family_name: too long");
}

absl::Status Throttled() {
  absl::Status status = upstream::UpstreamError(absl::StatusCode::kResourceExhausted, "hotprofile", "429",
                                      "rate limit exceeded");
  upstream::SetRetryAfter(status, absl::Seconds(3));
  return status;
}

TEST(WriteBatchTest, ClassifiesFailures) {
  EXPECT_EQ(ClassifyWriteFailure(Rejected()), FailureScope::kRecord);
  EXPECT_EQ(ClassifyWriteFailure(upstream::UpstreamError(absl::StatusCode::kNotFound, "hp", "404", "x")),
            FailureScope::kRecord);
  EXPECT_EQ(ClassifyWriteFailure(Throttled()), FailureScope::kBatch);
  EXPECT_EQ(ClassifyWriteFailure(upstream::UpstreamError(absl::StatusCode::kUnavailable, "hp", "503", "")),
            FailureScope::kBatch);
  // Without an upstream answer even INVALID_ARGUMENT is not about the record's content.
  EXPECT_EQ(ClassifyWriteFailure(absl::InvalidArgumentError("bad url")), FailureScope::kBatch);
  EXPECT_EQ(ClassifyWriteFailure(absl::DeadlineExceededError("t")), FailureScope::kBatch);
}

TEST(WriteBatchTest, ReasonsCarryTheUpstreamCodeWithoutThePrefix) {
  v1::UpstreamReason reason = ReasonFor(Rejected());
  EXPECT_EQ(reason.code(), "400");
  EXPECT_EQ(reason.message(), "family_name: too long");
  reason = ReasonFor(absl::DeadlineExceededError("timed out"));
  EXPECT_EQ(reason.code(), "gateway.deadline_exceeded");
  EXPECT_EQ(reason.message(), "timed out");
}

TEST(WriteBatchTest, ReasonsNeverNameTheUpstreamHost) {
  v1::UpstreamReason reason =
      ReasonFor(absl::UnavailableError("Failed to connect to mkto.internal.example port 443"));
  EXPECT_EQ(reason.code(), "gateway.unavailable");
  EXPECT_THAT(reason.message(), Not(HasSubstr("mkto.internal.example")));
  EXPECT_THAT(reason.message(), HasSubstr("<upstream>"));
}

TEST(WriteBatchTest, RejectedRecordsDoNotStopTheBatch) {
  std::vector<int> calls;
  absl::StatusOr<v1::WriteResponse> response =
      RunSequentialWrites(3, [&](int i) -> absl::StatusOr<v1::RecordResult> {
        calls.push_back(i);
        if (i == 1) return Rejected();
        return Created(10 + i);
      });
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(calls, (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(response->results_size(), 3);
  EXPECT_EQ(response->results(0).id(), "10");
  EXPECT_EQ(response->results(1).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(response->results(1).index(), 1);
  EXPECT_EQ(response->results(1).reasons(0).code(), "400");
  EXPECT_EQ(response->results(2).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(response->results(2).index(), 2);
}

TEST(WriteBatchTest, ThrottlingMidBatchStopsTheRest) {
  std::vector<int> calls;
  absl::StatusOr<v1::WriteResponse> response =
      RunSequentialWrites(4, [&](int i) -> absl::StatusOr<v1::RecordResult> {
        calls.push_back(i);
        if (i == 1) return Throttled();
        return Created(i);
      });
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(calls, (std::vector<int>{0, 1}));
  EXPECT_EQ(response->results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(response->results(1).reasons(0).code(), "429");
  for (int i : {2, 3}) {
    EXPECT_EQ(response->results(i).status(), v1::RECORD_STATUS_FAILED);
    EXPECT_EQ(response->results(i).reasons(0).code(), "gateway.not_attempted");
    EXPECT_EQ(response->results(i).index(), i);
  }
}

TEST(WriteBatchTest, ThrottlingOnTheFirstRecordIsTheRpcError) {
  int calls = 0;
  absl::StatusOr<v1::WriteResponse> response =
      RunSequentialWrites(3, [&](int) -> absl::StatusOr<v1::RecordResult> {
        ++calls;
        return Throttled();
      });
  EXPECT_EQ(calls, 1);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(upstream::RetryAfter(response.status()), absl::Seconds(3));
}

}  // namespace
}  // namespace leadgw::backends::common
