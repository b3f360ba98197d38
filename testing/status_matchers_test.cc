#include "testing/status_matchers.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::testing_util {
namespace {

using ::testing::DescribeMatcher;
using ::testing::HasSubstr;
using ::testing::Matcher;
using ::testing::Not;
using ::testing::StringMatchResultListener;

// The explanation gMock prints after "Actual: ..." when `matcher` rejects `value`.
template <typename T>
std::string Explain(const Matcher<T>& matcher, const T& value) {
  StringMatchResultListener listener;
  EXPECT_FALSE(matcher.MatchAndExplain(value, &listener));
  return listener.str();
}

TEST(IsOkTest, MatchesOkStatusAndStatusOrWithValue) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(7), IsOk());
  EXPECT_THAT(absl::StatusOr<std::string>("x"), IsOk());
}

TEST(IsOkTest, RejectsErrors) {
  EXPECT_THAT(absl::NotFoundError("gone"), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<int>(absl::UnavailableError("later")), Not(IsOk()));
}

TEST(IsOkTest, DescribesAndExplainsWithTheActualStatus) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsOk()), "is OK");
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsOk(), /*negation=*/true), "is not OK");
  EXPECT_EQ(Explain<absl::StatusOr<int>>(IsOk(), absl::StatusOr<int>(absl::InternalError("boom"))),
            "whose status is INTERNAL: boom");
  EXPECT_EQ(Explain<absl::Status>(IsOk(), absl::InternalError("boom")), "");
}

TEST(StatusIsTest, MatchesCodeOfStatusAndStatusOr) {
  EXPECT_THAT(absl::NotFoundError("gone"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(absl::StatusOr<int>(absl::NotFoundError("gone")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(absl::StatusOr<int>(3), StatusIs(absl::StatusCode::kOk));
}

TEST(StatusIsTest, RejectsOtherCodes) {
  EXPECT_THAT(absl::NotFoundError("gone"), Not(StatusIs(absl::StatusCode::kUnavailable)));
  EXPECT_THAT(absl::StatusOr<int>(3), Not(StatusIs(absl::StatusCode::kNotFound)));
}

TEST(StatusIsTest, MatchesMessageWithStringOrMatcher) {
  const absl::Status status = absl::InvalidArgumentError("email is missing");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, "email is missing"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("email")));
  EXPECT_THAT(status, Not(StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("phone"))));
  EXPECT_THAT(absl::StatusOr<int>(status),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("missing")));
  // A matching message does not rescue a wrong code.
  EXPECT_THAT(status, Not(StatusIs(absl::StatusCode::kNotFound, HasSubstr("email"))));
}

TEST(StatusIsTest, DescribesCodeAndMessage) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound)),
            "has status code NOT_FOUND");
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound, HasSubstr("id"))),
            "has status code NOT_FOUND and a message that has substring \"id\"");
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound, HasSubstr("id")),
                                          /*negation=*/true),
            "does not have status code NOT_FOUND or has a message that has no substring \"id\"");
}

// gMock prints an absl::Status itself, so only a StatusOr's status needs explaining.
TEST(StatusIsTest, ExplainsTheStatusOfAStatusOr) {
  EXPECT_EQ(Explain<absl::Status>(StatusIs(absl::StatusCode::kNotFound), absl::OkStatus()), "");
  EXPECT_EQ(Explain<absl::StatusOr<int>>(StatusIs(absl::StatusCode::kNotFound),
                                         absl::StatusOr<int>(absl::UnavailableError("busy"))),
            "whose status is UNAVAILABLE: busy");
}

TEST(StatusIsTest, ExplainsAMessageMismatch) {
  EXPECT_EQ(Explain<absl::StatusOr<int>>(StatusIs(absl::StatusCode::kUnavailable, "idle"),
                                         absl::StatusOr<int>(absl::UnavailableError("busy"))),
            "whose status is UNAVAILABLE: busy");
}

}  // namespace
}  // namespace leadgw::testing_util
