// Checks of a parsed /metrics scrape against docs/metrics.md's label rules, and lookups of
// series by labels, for the observability tests.
#ifndef LEADGW_TESTS_OBSERVABILITY_SCRAPE_CHECKS_H_
#define LEADGW_TESTS_OBSERVABILITY_SCRAPE_CHECKS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/observability/exposition_parser.h"

namespace leadgw::testing::observability {

// What is wrong with `value` of `label` on a series of `family` (nullopt when nothing is):
//   - no emails ('@'), no paths or URLs ('/', except in `method`), no numeric ids (a value
//     of digits only, except `code`, `le` and `revision`);
//   - a value from the documented set where docs/metrics.md gives one (`code`, `reason`
//     and `outcome` take the set of their family), a name in `connections` for
//     `connection`, and the documented shape for `method`, `endpoint`, `operation`,
//     `version` and `revision`;
//   - any other label is a problem: it has no documented value set.
std::optional<std::string> LabelValueProblem(const std::string& family, const std::string& label,
                                             const std::string& value,
                                             const std::set<std::string>& connections);

// Samples of a scrape by family, sample name and a subset of their labels. Holds a
// reference to `families`, which must outlive it.
class SeriesIndex {
 public:
  explicit SeriesIndex(const std::map<std::string, ScrapedFamily>& families)
      : families_(families) {}

  // The samples of `family` named `sample_name` whose labels include `labels`.
  std::vector<const Sample*> Find(const std::string& family, const std::string& sample_name,
                                  const std::map<std::string, std::string>& labels) const;

  // The sum of the values of Find(family, family, labels); -1 when no sample matches.
  double Sum(const std::string& family, const std::map<std::string, std::string>& labels) const;

 private:
  const std::map<std::string, ScrapedFamily>& families_;
};

}  // namespace leadgw::testing::observability

#endif  // LEADGW_TESTS_OBSERVABILITY_SCRAPE_CHECKS_H_
