// gMock matchers for absl::Status and absl::StatusOr<T>. Abseil 20220623 ships none, so the
// tests use these: `EXPECT_THAT(s, IsOk())`, `EXPECT_THAT(s, StatusIs(kNotFound))`,
// `EXPECT_THAT(s, StatusIs(kInvalidArgument, HasSubstr("email")))`. On a mismatch the
// failure message always shows the actual status (code and message), which plain
// `EXPECT_TRUE(s.ok())` does not.
#ifndef LEADGW_TESTING_STATUS_MATCHERS_H_
#define LEADGW_TESTING_STATUS_MATCHERS_H_

#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace leadgw::testing_util {
namespace status_matchers_internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// gMock prints an absl::Status itself but a StatusOr<T> only as bytes (Abseil 20220623 has
// no printer for it), so the explanation names the status of a StatusOr. Returns whether
// it wrote anything.
template <typename StatusType>
bool ExplainStatus(const StatusType& actual, ::testing::MatchResultListener* listener) {
  if constexpr (std::is_same_v<StatusType, absl::Status>) {
    return false;
  } else {
    *listener << "whose status is " << GetStatus(actual);
    return true;
  }
}

// Polymorphic: the same object matches a Status or any StatusOr<T>.
class IsOkMatcher {
 public:
  template <typename StatusType>
  bool MatchAndExplain(const StatusType& actual, ::testing::MatchResultListener* listener) const {
    if (GetStatus(actual).ok()) return true;
    ExplainStatus(actual, listener);
    return false;
  }

  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

class StatusIsMatcher {
 public:
  // `message` unset: any message.
  StatusIsMatcher(absl::StatusCode code,
                  std::optional<::testing::Matcher<const std::string&>> message)
      : code_(code), message_(std::move(message)) {}

  template <typename StatusType>
  bool MatchAndExplain(const StatusType& actual, ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(actual);
    const bool explained = ExplainStatus(actual, listener);
    if (status.code() != code_) return false;
    if (!message_.has_value()) return true;
    // The message matcher's own explanation (e.g. where two strings differ) helps more than
    // the bare message, so pass it on.
    ::testing::StringMatchResultListener message_listener;
    if (message_->MatchAndExplain(std::string(status.message()), &message_listener)) return true;
    if (!message_listener.str().empty()) {
      *listener << (explained ? ", and " : "") << "whose message " << message_listener.str();
    }
    return false;
  }

  void DescribeTo(std::ostream* os) const {
    *os << "has status code " << absl::StatusCodeToString(code_);
    if (!message_.has_value()) return;
    *os << " and a message that ";
    message_->DescribeTo(os);
  }

  void DescribeNegationTo(std::ostream* os) const {
    *os << "does not have status code " << absl::StatusCodeToString(code_);
    if (!message_.has_value()) return;
    *os << " or has a message that ";
    message_->DescribeNegationTo(os);
  }

 private:
  absl::StatusCode code_;
  std::optional<::testing::Matcher<const std::string&>> message_;
};

}  // namespace status_matchers_internal

// Matches an OK absl::Status, or an absl::StatusOr<T> that holds a value.
inline ::testing::PolymorphicMatcher<status_matchers_internal::IsOkMatcher> IsOk() {
  return ::testing::MakePolymorphicMatcher(status_matchers_internal::IsOkMatcher());
}

// Matches a Status (or a StatusOr's status) whose code is `code` and whose message matches
// `message_matcher`: a string (exact match) or any matcher of std::string, e.g. HasSubstr.
inline ::testing::PolymorphicMatcher<status_matchers_internal::StatusIsMatcher> StatusIs(
    absl::StatusCode code, ::testing::Matcher<const std::string&> message_matcher) {
  return ::testing::MakePolymorphicMatcher(
      status_matchers_internal::StatusIsMatcher(code, std::move(message_matcher)));
}

// Matches a Status (or a StatusOr's status) whose code is `code`, whatever its message.
inline ::testing::PolymorphicMatcher<status_matchers_internal::StatusIsMatcher> StatusIs(
    absl::StatusCode code) {
  return ::testing::MakePolymorphicMatcher(
      status_matchers_internal::StatusIsMatcher(code, std::nullopt));
}

}  // namespace leadgw::testing_util

#endif  // LEADGW_TESTING_STATUS_MATCHERS_H_
