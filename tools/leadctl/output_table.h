// Plain-text tables for leadctl's default output: a header row, then one row per item,
// columns padded to the widest cell. Widths count terminal columns, so Japanese names (two
// columns per character) line up with ASCII ones.
#ifndef LEADGW_TOOLS_LEADCTL_OUTPUT_TABLE_H_
#define LEADGW_TOOLS_LEADCTL_OUTPUT_TABLE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace leadgw::leadctl {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

  // A row; missing cells are blank, extra cells are dropped. Line breaks and tabs in a cell
  // print as spaces so that each row stays one line.
  void AddRow(std::vector<std::string> cells);

  // The table, each line ending in "\n"; only the header when there are no rows.
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// Terminal columns `text` (UTF-8) takes: 2 for East Asian wide characters, 1 otherwise.
int DisplayWidth(absl::string_view text);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_OUTPUT_TABLE_H_
