// RFC 4180 CSV for `leadctl upsert`: a header row of field names, then one lead per
// record. Quoted fields may hold commas, doubled quotes ("") and line breaks; CRLF and LF
// both end records; a UTF-8 byte order mark is skipped. A malformed record becomes an
// InputRecord with an error and reading goes on at the next line, so no other record is
// lost.
#ifndef LEADGW_TOOLS_LEADCTL_CSV_READER_H_
#define LEADGW_TOOLS_LEADCTL_CSV_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/leadctl/input_record.h"

namespace leadgw::leadctl {

struct CsvRow {
  int line = 0;  // 1-based line where the row starts
  absl::StatusOr<std::vector<std::string>> cells;
};

// The rows of `text`, blank lines skipped.
std::vector<CsvRow> ParseCsvRows(absl::string_view text);

// The records after the header row; cells map to the header's names, and empty cells are
// left out (not sent). A usage error when the header itself is missing or malformed.
absl::StatusOr<std::vector<InputRecord>> ReadCsvRecords(absl::string_view text);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_CSV_READER_H_
