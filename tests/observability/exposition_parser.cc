#include "tests/observability/exposition_parser.h"

#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace leadgw::testing::observability {
namespace {

bool IsNameStart(char c) { return absl::ascii_isalpha(c) || c == '_' || c == ':'; }
bool IsNameChar(char c) { return IsNameStart(c) || absl::ascii_isdigit(c); }

// Reads a metric or label name at the front of `*rest`; empty when none.
std::string TakeName(absl::string_view* rest) {
  size_t end = 0;
  while (end < rest->size() && (end == 0 ? IsNameStart((*rest)[end]) : IsNameChar((*rest)[end]))) {
    ++end;
  }
  std::string name(rest->substr(0, end));
  rest->remove_prefix(end);
  return name;
}

// Reads `"..."` (with \\, \" and \n escapes) at the front of `*rest`.
bool TakeQuoted(absl::string_view* rest, std::string* out) {
  if (rest->empty() || rest->front() != '"') return false;
  rest->remove_prefix(1);
  out->clear();
  while (!rest->empty()) {
    const char c = rest->front();
    rest->remove_prefix(1);
    if (c == '"') return true;
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (rest->empty()) return false;
    const char escaped = rest->front();
    rest->remove_prefix(1);
    if (escaped == 'n') {
      out->push_back('\n');
    } else if (escaped == '\\' || escaped == '"') {
      out->push_back(escaped);
    } else {
      return false;
    }
  }
  return false;
}

// HELP text escapes: \\ and \n only.
std::string UnescapeHelp(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == '\\')) {
      out.push_back(text[i + 1] == 'n' ? '\n' : '\\');
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Special values in any case, as Prometheus' parser reads them: writers differ (the Go
// client writes "NaN", prometheus-cpp "Nan").
bool ParseValue(absl::string_view text, double* value) {
  if (absl::EqualsIgnoreCase(text, "+Inf") || absl::EqualsIgnoreCase(text, "Inf")) {
    *value = std::numeric_limits<double>::infinity();
    return true;
  }
  if (absl::EqualsIgnoreCase(text, "-Inf")) {
    *value = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (absl::EqualsIgnoreCase(text, "NaN")) {
    *value = std::nan("");
    return true;
  }
  return absl::SimpleAtod(text, value);
}

// Whether `sample_name` is a sample of the family `family` of type `type`.
bool BelongsTo(absl::string_view sample_name, absl::string_view family, absl::string_view type) {
  if (sample_name == family) return true;
  if (type != "histogram" && type != "summary") return false;
  if (!absl::StartsWith(sample_name, family)) return false;
  const absl::string_view suffix = sample_name.substr(family.size());
  return suffix == "_sum" || suffix == "_count" || (type == "histogram" && suffix == "_bucket");
}

absl::Status LineError(int line_number, absl::string_view what, absl::string_view line) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": ", what, ": ", line));
}

}  // namespace

absl::StatusOr<std::map<std::string, ScrapedFamily>> ParseExposition(absl::string_view text) {
  std::map<std::string, ScrapedFamily> families;
  std::set<std::string> typed;
  std::set<std::string> series;  // name + labels, to find duplicates
  std::string current;           // the family of the latest HELP/TYPE line
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    if (line.empty()) continue;
    if (absl::StartsWith(line, "#")) {
      std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits(' ', 3));
      if (parts.size() < 3 || (parts[1] != "HELP" && parts[1] != "TYPE")) continue;  // comment
      current = std::string(parts[2]);
      ScrapedFamily& family = families[current];
      const absl::string_view rest = parts.size() == 4 ? parts[3] : absl::string_view();
      if (parts[1] == "HELP") {
        if (family.has_help) return LineError(line_number, "second HELP", line);
        family.has_help = true;
        family.help = UnescapeHelp(rest);
      } else {
        if (!typed.insert(current).second) return LineError(line_number, "second TYPE", line);
        if (!family.samples.empty()) return LineError(line_number, "TYPE after samples", line);
        family.type = std::string(rest);
      }
      continue;
    }
    absl::string_view rest = line;
    Sample sample;
    sample.name = TakeName(&rest);
    if (sample.name.empty()) return LineError(line_number, "no metric name", line);
    if (!rest.empty() && rest.front() == '{') {
      rest.remove_prefix(1);
      while (!rest.empty() && rest.front() != '}') {
        std::string label = TakeName(&rest);
        std::string value;
        if (label.empty() || rest.empty() || rest.front() != '=') {
          return LineError(line_number, "malformed label", line);
        }
        rest.remove_prefix(1);
        if (!TakeQuoted(&rest, &value))
          return LineError(line_number, "malformed label value", line);
        if (!sample.labels.emplace(label, value).second) {
          return LineError(line_number, "repeated label", line);
        }
        if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
      }
      if (rest.empty()) return LineError(line_number, "unterminated label set", line);
      rest.remove_prefix(1);
    }
    if (!absl::ConsumePrefix(&rest, " ")) return LineError(line_number, "no value", line);
    // An optional timestamp may follow the value; the gateway writes none.
    std::vector<absl::string_view> fields = absl::StrSplit(rest, ' ');
    if (fields.size() > 2 || !ParseValue(fields[0], &sample.value)) {
      return LineError(line_number, "malformed value", line);
    }
    auto family = families.find(current);
    const std::string type =
        family == families.end() || family->second.type.empty() ? "untyped" : family->second.type;
    if (family == families.end() || !BelongsTo(sample.name, current, type)) {
      return LineError(line_number, "sample outside its family", line);
    }
    std::vector<std::string> pairs;
    for (const auto& [name, value] : sample.labels) pairs.push_back(absl::StrCat(name, "=", value));
    if (!series.insert(absl::StrCat(sample.name, "{", absl::StrJoin(pairs, ","), "}")).second) {
      return LineError(line_number, "duplicate series", line);
    }
    family->second.samples.push_back(std::move(sample));
  }
  for (auto& [name, family] : families) {
    if (family.type.empty()) family.type = "untyped";
  }
  return families;
}

std::vector<std::string> FamilyLabelNames(const Sample& sample) {
  std::vector<std::string> names;
  const bool bucket = absl::EndsWith(sample.name, "_bucket");
  for (const auto& [name, value] : sample.labels) {
    if (bucket && name == "le") continue;
    names.push_back(name);
  }
  return names;  // std::map keeps them sorted
}

}  // namespace leadgw::testing::observability
