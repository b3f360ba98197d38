#include "tests/observability/alert_selectors.h"

#include <regex>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace leadgw::testing::observability {
namespace {

struct Rule {
  std::string alert;
  std::string expr;
};

size_t Indent(absl::string_view line) {
  size_t indent = 0;
  while (indent < line.size() && line[indent] == ' ') ++indent;
  return indent;
}

// The (alert, expression) pairs of the file: `expr: <text>` or `expr: |` followed by the
// lines indented deeper than the `expr:` key.
absl::StatusOr<std::vector<Rule>> ReadRules(absl::string_view yaml) {
  const std::vector<absl::string_view> lines = absl::StrSplit(yaml, '\n');
  std::vector<Rule> rules;
  std::string alert;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::string_view line = absl::StripAsciiWhitespace(lines[i]);
    if (absl::ConsumePrefix(&line, "- alert:") || absl::ConsumePrefix(&line, "alert:")) {
      alert = std::string(absl::StripAsciiWhitespace(line));
      continue;
    }
    if (!absl::ConsumePrefix(&line, "expr:")) continue;
    if (alert.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", i + 1, ": expr outside an alert"));
    }
    line = absl::StripAsciiWhitespace(line);
    Rule rule{alert, ""};
    if (line != "|" && line != "|-" && line != ">" && line != ">-") {
      rule.expr = std::string(line);
    } else {
      const size_t key_indent = Indent(lines[i]);
      for (; i + 1 < lines.size(); ++i) {
        absl::string_view next = lines[i + 1];
        if (!absl::StripAsciiWhitespace(next).empty() && Indent(next) <= key_indent) break;
        absl::StrAppend(&rule.expr, next, "\n");
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

// `a|b|c` -> {a, b, c}; every alternative must be a plain name or number.
absl::StatusOr<std::set<std::string>> Alternatives(const std::string& regex) {
  static const std::regex kPlain("[A-Za-z0-9_]+");
  std::set<std::string> values;
  for (absl::string_view part : absl::StrSplit(regex, '|')) {
    const std::string value(part);
    if (!std::regex_match(value, kPlain)) {
      return absl::InvalidArgumentError(
          absl::StrCat("regex matcher \"", regex, "\" is not an alternation of plain values"));
    }
    values.insert(value);
  }
  return values;
}

}  // namespace

absl::StatusOr<std::vector<AlertSelector>> ReadAlertSelectors(absl::string_view rules_yaml,
                                                              absl::string_view prefix) {
  absl::StatusOr<std::vector<Rule>> rules = ReadRules(rules_yaml);
  if (!rules.ok()) return rules.status();
  static const std::regex kSelector(R"(([A-Za-z_:][A-Za-z0-9_:]*)\s*(\{([^}]*)\})?)");
  static const std::regex kMatcher(R"re(([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!=|!~|=)\s*"([^"]*)")re");
  static const std::regex kBy(R"(\bby\s*\(([^)]*)\))");
  std::vector<AlertSelector> selectors;
  for (const Rule& rule : *rules) {
    std::set<std::string> grouped_by;
    for (auto it = std::sregex_iterator(rule.expr.begin(), rule.expr.end(), kBy);
         it != std::sregex_iterator(); ++it) {
      for (absl::string_view label : absl::StrSplit((*it)[1].str(), ',')) {
        label = absl::StripAsciiWhitespace(label);
        if (!label.empty()) grouped_by.insert(std::string(label));
      }
    }
    for (auto it = std::sregex_iterator(rule.expr.begin(), rule.expr.end(), kSelector);
         it != std::sregex_iterator(); ++it) {
      const std::string name = (*it)[1].str();
      if (!absl::StartsWith(name, prefix)) continue;
      AlertSelector selector{rule.alert, name, {}, grouped_by};
      const std::string matchers = (*it)[3].str();
      for (auto m = std::sregex_iterator(matchers.begin(), matchers.end(), kMatcher);
           m != std::sregex_iterator(); ++m) {
        const std::string label = (*m)[1].str();
        const std::string op = (*m)[2].str();
        const std::string value = (*m)[3].str();
        if (op == "=") {
          selector.matched_values[label].insert(value);
        } else if (op == "=~") {
          absl::StatusOr<std::set<std::string>> values = Alternatives(value);
          if (!values.ok()) {
            return absl::InvalidArgumentError(
                absl::StrCat(rule.alert, ": ", values.status().message()));
          }
          selector.matched_values[label].insert(values->begin(), values->end());
        }
      }
      selectors.push_back(std::move(selector));
    }
  }
  return selectors;
}

}  // namespace leadgw::testing::observability
