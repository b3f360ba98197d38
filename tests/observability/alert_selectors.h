// The series selectors of Prometheus alert rules, read from a rule file's `expr:` blocks,
// so that tests can check the gateway exports what its alerts read.
//
// A deliberately small reader of the subset alerts.yaml uses: `expr:` as a one-line value
// or a `|` block; selectors `leadgw_name{label="v",label=~"a|b"}`; `by (labels)`
// aggregations. Not a PromQL parser.
#ifndef LEADGW_TESTS_OBSERVABILITY_ALERT_SELECTORS_H_
#define LEADGW_TESTS_OBSERVABILITY_ALERT_SELECTORS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::testing::observability {

struct AlertSelector {
  std::string alert;   // the rule's `alert:` name
  std::string family;  // e.g. "leadgw_upstream_rate_limited_total"
  // Equality and regex matchers, each as the label values it selects: `code="607"` gives
  // {"607"}, `code=~"a|b"` gives {"a", "b"}. Negative matchers select no value and are
  // left out.
  std::map<std::string, std::set<std::string>> matched_values;
  // The labels of every `by (...)` in the rule's expression.
  std::set<std::string> grouped_by;
};

// Every selector of a metric whose name starts with `prefix`, in file order.
// INVALID_ARGUMENT for a regex matcher that is not an alternation of plain names (its
// values could not be listed) or an `expr:` outside an alert rule.
absl::StatusOr<std::vector<AlertSelector>> ReadAlertSelectors(absl::string_view rules_yaml,
                                                              absl::string_view prefix);

}  // namespace leadgw::testing::observability

#endif  // LEADGW_TESTS_OBSERVABILITY_ALERT_SELECTORS_H_
