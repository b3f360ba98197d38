#include "tools/leadctl/csv_reader.h"

#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::leadctl {
namespace {

constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Reads one row at a time; `pos_` and `line_` track where the next row starts.
class CsvScanner {
 public:
  explicit CsvScanner(absl::string_view text) : text_(text) {
    if (absl::StartsWith(text_, kByteOrderMark)) pos_ = kByteOrderMark.size();
  }

  bool AtEnd() const { return pos_ >= text_.size(); }

  // The next row (AtEnd() must be false). Blank lines yield an empty cell list.
  CsvRow Next() {
    CsvRow row;
    row.line = line_;
    std::vector<std::string> cells;
    if (AtLineEnd()) {
      SkipLineEnd();
      row.cells = std::move(cells);
      return row;
    }
    while (true) {
      absl::StatusOr<std::string> cell = ReadCell();
      if (!cell.ok()) {
        SkipRestOfLine();
        row.cells = cell.status();
        return row;
      }
      cells.push_back(*std::move(cell));
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      SkipLineEnd();
      row.cells = std::move(cells);
      return row;
    }
  }

 private:
  bool AtLineEnd() const {
    return pos_ >= text_.size() || text_[pos_] == '\n' ||
           (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n');
  }
  void SkipLineEnd() {
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
  }
  void SkipRestOfLine() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    SkipLineEnd();
  }

  // One cell, leaving pos_ on the ',' or line end after it.
  absl::StatusOr<std::string> ReadCell() {
    std::string cell;
    if (pos_ < text_.size() && text_[pos_] == '"') return ReadQuotedCell();
    while (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd()) {
      if (text_[pos_] == '"') {
        return absl::InvalidArgumentError(
            "a quote inside an unquoted field (quote the whole field and double the quote)");
      }
      cell.push_back(text_[pos_++]);
    }
    return cell;
  }

  absl::StatusOr<std::string> ReadQuotedCell() {
    const int start_line = line_;
    std::string cell;
    ++pos_;  // the opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '\n') ++line_;
      if (c != '"') {
        cell.push_back(c);
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '"') {  // a doubled quote is one quote
        cell.push_back('"');
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd()) {
        return absl::InvalidArgumentError("text after a closing quote");
      }
      return cell;
    }
    return absl::InvalidArgumentError(
        absl::StrCat("the quote opened on line ", start_line, " is never closed"));
  }

  absl::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

absl::StatusOr<FieldList> RowToFields(const std::vector<std::string>& header,
                                      const std::vector<std::string>& cells) {
  if (cells.size() != header.size()) {
    return absl::InvalidArgumentError(absl::StrCat(cells.size(), " fields, the header has ",
                                                   header.size()));
  }
  FieldList fields;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;
    if (!IsValidUtf8(cells[i])) {
      return absl::InvalidArgumentError(absl::StrCat(header[i], ": not valid UTF-8"));
    }
    google::protobuf::Value value;
    value.set_string_value(cells[i]);
    fields.emplace_back(header[i], std::move(value));
  }
  return fields;
}

}  // namespace

std::vector<CsvRow> ParseCsvRows(absl::string_view text) {
  std::vector<CsvRow> rows;
  CsvScanner scanner(text);
  while (!scanner.AtEnd()) {
    CsvRow row = scanner.Next();
    if (row.cells.ok() && row.cells->empty()) continue;  // a blank line
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<std::vector<InputRecord>> ReadCsvRecords(absl::string_view text) {
  std::vector<CsvRow> rows = ParseCsvRows(text);
  if (rows.empty()) return grpc_call::UsageError("the CSV file has no header row");
  if (!rows[0].cells.ok()) {
    return grpc_call::UsageError(
        absl::StrCat("the CSV header is malformed: ", rows[0].cells.status().message()));
  }
  const std::vector<std::string>& header = *rows[0].cells;
  std::set<std::string> seen;
  for (const std::string& name : header) {
    if (name.empty() || !seen.insert(name).second || !IsValidUtf8(name)) {
      return grpc_call::UsageError(
          absl::StrCat("the CSV header needs distinct, non-empty field names; not '", name, "'"));
    }
  }
  std::vector<InputRecord> records;
  records.reserve(rows.size() - 1);
  for (size_t i = 1; i < rows.size(); ++i) {
    InputRecord record;
    record.line = rows[i].line;
    record.fields =
        rows[i].cells.ok() ? RowToFields(header, *rows[i].cells) : rows[i].cells.status();
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace leadgw::leadctl
