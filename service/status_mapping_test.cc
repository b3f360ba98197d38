#include "service/status_mapping.h"

#include <string>

#include "upstream/upstream_error.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/field_error.h"

namespace leadgw::service {
namespace {

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

TEST(StatusMappingTest, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(StatusMappingTest, EveryCodeKeepsItsNumber) {
  for (int code = 1; code <= 16; ++code) {
    absl::Status status(static_cast<absl::StatusCode>(code), "boom");
    grpc::Status mapped = ToGrpcStatus(status);
    EXPECT_EQ(static_cast<int>(mapped.error_code()), code);
    EXPECT_EQ(mapped.error_message(), "boom");
    EXPECT_TRUE(mapped.error_details().empty());
  }
}

TEST(StatusMappingTest, UpstreamCodeAndRetryAfterBecomeDetails) {
  absl::Status status = upstream::UpstreamError(absl::StatusCode::kResourceExhausted, "marketo",
                                                "606", "Max rate limit exceeded");
  upstream::SetRetryAfter(status, absl::Milliseconds(2500));
  grpc::Status mapped = ToGrpcStatus(status);
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(mapped.error_message(), "marketo 606: Max rate limit exceeded");

  google::rpc::Status details = Details(mapped);
  EXPECT_EQ(details.code(), 8);
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "606");
  EXPECT_EQ(info.domain(), "marketo");
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(details.details(1).UnpackTo(&retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 2);
  EXPECT_EQ(retry.retry_delay().nanos(), 500000000);
}

TEST(StatusMappingTest, InvalidFieldBecomesBadRequest) {
  grpc::Status mapped = ToGrpcStatus(InvalidField("leads[2].email", "at most 255 characters"));
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(mapped.error_message(), "leads[2].email: at most 255 characters");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(Details(mapped).details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "leads[2].email");
}

TEST(StatusMappingTest, LongMessagesAreCutOnCharacterBoundaries) {
  std::string message;
  while (message.size() < 5000) message += "営業";  // 3-byte characters
  grpc::Status mapped = ToGrpcStatus(absl::InternalError(message));
  EXPECT_LE(mapped.error_message().size(), 2048u + 3u);
  const std::string body = mapped.error_message().substr(0, mapped.error_message().size() - 3);
  EXPECT_EQ(body.size() % 3, 0u);
}

TEST(StatusMappingTest, UpstreamAddressesNeverReachTheCaller) {
  absl::Status status = upstream::UpstreamError(
      absl::StatusCode::kUnavailable, "marketo", "503",
      "POST http://127.0.0.1:41234/identity/oauth/token: Failed to connect to 127.0.0.1 port "
      "41234 after 0 ms: Connection refused");
  grpc::Status mapped = ToGrpcStatus(status, "mkto-eu");
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(mapped.error_message(),
            "connection 'mkto-eu': marketo 503: POST <upstream>/identity/oauth/token: Failed to "
            "connect to <upstream> after 0 ms: Connection refused");
  EXPECT_EQ(mapped.error_details().find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(mapped.error_details().find("41234"), std::string::npos);
  EXPECT_EQ(Details(mapped).message(), mapped.error_message());
}

TEST(StatusMappingTest, MessagesWithoutAddressesAreUnchanged) {
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError("marketo: breaker open"), "mkto").error_message(),
            "marketo: breaker open");
}

}  // namespace
}  // namespace leadgw::service
