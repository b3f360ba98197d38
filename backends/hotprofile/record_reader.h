// HotProfile JSON object -> neutral record (v1::Lead, v1::Company, v1::BusinessCard).
//
// Driven by the object's field table through protobuf reflection, like record_writer.h:
// ids and integers become decimal strings (or int32 / enum numbers where the neutral field
// is one), dates "yyyy/mm/dd" become "YYYY-MM-DD", timestamps (Japan time) become
// google.protobuf.Timestamp, flags "1"/"0" become bool custom fields, arrays become
// repeated strings or list values, and keys the table does not know land in custom_fields
// under their HotProfile name. Null members are left unset. Leads and cards whose answer
// has a full name (name / name_kana) but neither of its parts get the parts split from it
// (SplitFullName). Thread-safe.
#ifndef LEADGW_BACKENDS_HOTPROFILE_RECORD_READER_H_
#define LEADGW_BACKENDS_HOTPROFILE_RECORD_READER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "backends/hotprofile/field_table.h"
#include "google/protobuf/message.h"
#include "leadgateway/v1/lead.pb.h"
#include "rapidjson/document.h"

namespace leadgw::backends::hotprofile {

// Fills `record` from the JSON object `json`. `record` is the neutral message of `kind`
// (Lead, Company, BusinessCard), else INTERNAL. INVALID_ARGUMENT "<key>: expected ..."
// when a member has a type its field cannot take (callers report it as an unexpected
// upstream answer); `json` not being an object is one too.
absl::Status ReadRecord(ObjectKind kind, const rapidjson::Value& json,
                        google::protobuf::Message* record);

// Keeps only the fields `selection` names (HotProfile names such as "family_name" or
// neutral names such as "last_name"; custom_fields keys by HotProfile name) and `id`.
// An empty selection keeps everything.
void KeepSelectedFields(absl::Span<const std::string> selection, leadgateway::v1::Lead* lead);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_RECORD_READER_H_
