// JSON Lines for `leadctl upsert`: one lead object per line, e.g.
//   {"email":"a@example.com","last_name":"山田","address":{"city":"東京"},"leadScore":45}
// Members name Lead fields; "address" and "custom_fields" may be nested objects (their
// members become "address.<name>" and custom fields). Values are strings, numbers,
// booleans or null. A line that does not parse becomes an InputRecord with an error;
// blank lines are skipped.
#ifndef LEADGW_TOOLS_LEADCTL_JSONL_READER_H_
#define LEADGW_TOOLS_LEADCTL_JSONL_READER_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "tools/leadctl/input_record.h"

namespace leadgw::leadctl {

std::vector<InputRecord> ReadJsonLinesRecords(absl::string_view text);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_JSONL_READER_H_
