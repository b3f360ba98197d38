// Table-driven test support for validation.h: start from a valid request, apply one
// mutation per case, and expect OK or INVALID_ARGUMENT naming one field path.
#ifndef LEADGW_SERVICE_VALIDATION_TESTING_H_
#define LEADGW_SERVICE_VALIDATION_TESTING_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/field_error.h"
#include "service/validation.h"
#include "testing/status_matchers.h"

namespace leadgw::service::validation_testing {

// `n` characters of Japanese text (3 UTF-8 bytes each), for limits that count characters.
inline std::string Japanese(size_t n) {
  std::string text;
  text.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) text += (i % 2 == 0) ? "あ" : "日";
  return text;
}

// Expects INVALID_ARGUMENT "<path>: <problem...>" with `path` in the field payload, and
// `problem` (when given) in the message.
inline void ExpectInvalidField(const absl::Status& status, const std::string& path,
                               const std::string& problem = "") {
  EXPECT_THAT(status, ::leadgw::testing_util::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(absl::StartsWith(status.message(), path + ": "))
      << "message: " << status.message() << "\nexpected path: " << path;
  EXPECT_EQ(InvalidFieldPath(status).value_or("<none>"), path);
  if (!problem.empty()) {
    EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(problem));
  }
}

// One mutation of a valid request. An empty `path` means the mutated request is valid.
template <typename Request>
struct Case {
  std::string name;
  std::function<void(Request&)> mutate;
  std::string path;
  std::string problem = "";
};

// Checks that `valid` passes, then every case against a mutated copy of it.
template <typename Request>
void RunCases(const Request& valid, const std::vector<Case<Request>>& cases) {
  absl::Status base = Validate(valid);
  ASSERT_THAT(base, ::leadgw::testing_util::IsOk()) << "the valid request is rejected: " << base;
  for (const Case<Request>& c : cases) {
    SCOPED_TRACE(c.name);
    Request request = valid;
    c.mutate(request);
    absl::Status status = Validate(request);
    if (c.path.empty()) {
      EXPECT_THAT(status, ::leadgw::testing_util::IsOk());
    } else {
      ExpectInvalidField(status, c.path, c.problem);
    }
  }
}

}  // namespace leadgw::service::validation_testing

#endif  // LEADGW_SERVICE_VALIDATION_TESTING_H_
