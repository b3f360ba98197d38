#include "metrics/names.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::metrics {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

TEST(NamesTest, ValidMetricNames) {
  for (const char* name : {"leadgw_requests_total", "_x", "a", "job:rate5m", "A1_b2:c3"}) {
    EXPECT_THAT(ValidateMetricName(name), IsOk()) << name;
  }
}

TEST(NamesTest, InvalidMetricNames) {
  for (const char* name : {"", "1abc", "a-b", "a b", "a.b", "é", "rate{x}"}) {
    const absl::Status status = ValidateMetricName(name);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << name;
  }
}

TEST(NamesTest, ValidLabelNames) {
  for (const char* name : {"method", "_private", "code2", "A", "le", "_"}) {
    EXPECT_THAT(ValidateLabelName(name), IsOk()) << name;
  }
}

TEST(NamesTest, InvalidLabelNames) {
  for (const char* name : {"", "2xx", "a:b", "a-b", "__name__", "__x"}) {
    EXPECT_THAT(ValidateLabelName(name), StatusIs(absl::StatusCode::kInvalidArgument)) << name;
  }
}

TEST(NamesTest, ErrorNamesTheOffender) {
  EXPECT_NE(ValidateMetricName("bad-name").message().find("bad-name"), absl::string_view::npos);
  EXPECT_NE(ValidateLabelName("__reserved").message().find("reserved"), absl::string_view::npos);
}

}  // namespace
}  // namespace leadgw::metrics
