#include "service/idempotency/stored_result_codec.h"

#include <string>

#include "absl/strings/cord.h"
#include "gtest/gtest.h"
#include "google/rpc/error_details.pb.h"
#include "testing/status_matchers.h"

namespace leadgw::service::idempotency {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

constexpr char kRetryInfoUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

TEST(StoredResultCodecTest, OkResultKeepsTheResponseBytes) {
  StoredResult result;
  result.response_bytes = std::string("\x0a\x03" "abc\0tail", 10);
  auto decoded = DecodeStoredResult(EncodeStoredResult(result));
  ASSERT_THAT(decoded, IsOk());
  EXPECT_TRUE(decoded->status.ok());
  EXPECT_EQ(decoded->response_bytes, result.response_bytes);
}

TEST(StoredResultCodecTest, ErrorKeepsCodeMessageAndEveryPayload) {
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(3);
  StoredResult result;
  result.status = absl::FailedPreconditionError("lead 42 is locked");
  result.status.SetPayload(kRetryInfoUrl, absl::Cord(retry.SerializeAsString()));
  result.status.SetPayload("leadgw.upstream_code", absl::Cord("1003"));
  auto decoded = DecodeStoredResult(EncodeStoredResult(result));
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(decoded->status, result.status);  // code, message and payloads
  google::rpc::RetryInfo round_tripped;
  auto payload = decoded->status.GetPayload(kRetryInfoUrl);
  ASSERT_TRUE(payload.has_value());
  ASSERT_TRUE(round_tripped.ParseFromString(std::string(*payload)));
  EXPECT_EQ(round_tripped.retry_delay().seconds(), 3);
  EXPECT_TRUE(decoded->response_bytes.empty());
}

TEST(StoredResultCodecTest, MalformedBytesAreDataLossNotACrash) {
  StoredResult result;
  result.status = absl::InvalidArgumentError("bad email");
  result.response_bytes = "response";
  const std::string good = EncodeStoredResult(result);
  EXPECT_THAT(DecodeStoredResult(""), StatusIs(absl::StatusCode::kDataLoss));
  for (size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_THAT(DecodeStoredResult(good.substr(0, cut)), StatusIs(absl::StatusCode::kDataLoss))
        << "cut at " << cut;
  }
  EXPECT_THAT(DecodeStoredResult(good + "x"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeStoredResult(std::string("\x02") + good.substr(1)),
              StatusIs(absl::StatusCode::kDataLoss));  // another format version
  // A length prefix far beyond the input, and one beyond INT_MAX.
  EXPECT_THAT(DecodeStoredResult("\x01\xff\xff\xff\x7f"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeStoredResult("\x01\xff\xff\xff\xff\x0f"),
              StatusIs(absl::StatusCode::kDataLoss));
  // A status that is not a google.rpc.Status, and an unknown code.
  EXPECT_THAT(DecodeStoredResult(std::string("\x01\x02\xff\xff\x00", 5)),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(DecodeStoredResult(std::string("\x01\x02\x08\x63\x00", 5)),
              StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace leadgw::service::idempotency
