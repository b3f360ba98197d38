#include "tests/observability/metrics_doc.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace leadgw::testing::observability {
namespace {

// The cells of a table row "| a | b |" -> {"a", "b"}, trimmed.
std::vector<std::string> Cells(absl::string_view row) {
  row = absl::StripAsciiWhitespace(row);
  absl::ConsumePrefix(&row, "|");
  absl::ConsumeSuffix(&row, "|");
  std::vector<std::string> cells;
  for (absl::string_view cell : absl::StrSplit(row, '|')) {
    cells.emplace_back(absl::StripAsciiWhitespace(cell));
  }
  return cells;
}

// "`name`" -> "name"; empty when the cell is not one backticked word.
std::string Unquote(absl::string_view cell) {
  if (cell.size() < 3 || cell.front() != '`' || cell.back() != '`') return "";
  cell = cell.substr(1, cell.size() - 2);
  if (absl::StrContains(cell, '`')) return "";
  return std::string(cell);
}

bool IsSeparatorRow(const std::vector<std::string>& cells) {
  return !cells.empty() && absl::StartsWith(cells[0], "---");
}

}  // namespace

absl::StatusOr<std::vector<DocumentedFamily>> ParseMetricsDoc(absl::string_view markdown) {
  std::vector<DocumentedFamily> families;
  std::set<std::string> seen;
  bool in_family_table = false;
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    if (!absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), "|")) {
      in_family_table = false;
      continue;
    }
    const std::vector<std::string> cells = Cells(line);
    if (cells.size() >= 3 && cells[0] == "family" && cells[1] == "type" && cells[2] == "labels") {
      in_family_table = true;
      continue;
    }
    if (!in_family_table || IsSeparatorRow(cells)) continue;
    if (cells.size() < 4) return absl::InvalidArgumentError(absl::StrCat("short row: ", line));
    DocumentedFamily family;
    family.name = Unquote(cells[0]);
    if (family.name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("family not in backticks: ", line));
    }
    if (!seen.insert(family.name).second) {
      return absl::InvalidArgumentError(absl::StrCat("family listed twice: ", family.name));
    }
    // "gauge (1)" -> "gauge".
    const std::vector<std::string> words = absl::StrSplit(cells[1], ' ', absl::SkipEmpty());
    if (words.empty()) return absl::InvalidArgumentError(absl::StrCat("no type: ", line));
    family.type = words[0];
    for (absl::string_view label : absl::StrSplit(cells[2], ',', absl::SkipWhitespace())) {
      family.labels.emplace_back(absl::StripAsciiWhitespace(label));
    }
    std::sort(family.labels.begin(), family.labels.end());
    families.push_back(std::move(family));
  }
  if (families.empty()) return absl::InvalidArgumentError("no family table found");
  return families;
}

}  // namespace leadgw::testing::observability
