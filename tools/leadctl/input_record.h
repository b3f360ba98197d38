// One record of an upsert input file, whatever its format: where it starts in the file
// and either its fields or why it cannot be sent.
#ifndef LEADGW_TOOLS_LEADCTL_INPUT_RECORD_H_
#define LEADGW_TOOLS_LEADCTL_INPUT_RECORD_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace leadgw::leadctl {

// Field name (a Lead field such as "email" or "address.city", or a custom field's API
// name) and value, in input order.
using FieldList = std::vector<std::pair<std::string, google::protobuf::Value>>;

struct InputRecord {
  int line = 0;  // 1-based line of the file where the record starts
  // INVALID_ARGUMENT saying what is malformed; such a record is reported, never sent.
  absl::StatusOr<FieldList> fields;
};

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF):
// the gateway refuses a whole request over one bad string, so readers check each record.
bool IsValidUtf8(absl::string_view text);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_INPUT_RECORD_H_
