// Neutral record -> HotProfile write parameters, with HotProfile's own rules checked first.
//
// Works on any of v1::Lead, v1::Company and v1::BusinessCard through protobuf reflection,
// driven by the object's field table (field_table.h), so leads, clients and cards share
// one code path. Every set neutral field must map to a HotProfile parameter; custom_fields
// keys must be HotProfile names without a typed neutral field. Output-only fields and keys
// (client_name, name, tags, created_at, address1, ...) are ignored and never sent
// (AIP-203), so a record read from a search can be written back unchanged.
// Errors are INVALID_ARGUMENT from common::InvalidField naming the neutral field path and
// the limit, e.g. `cards[2].last_name: at most 100 characters (HotProfile family_name)`.
// Thread-safe: pure functions.
#ifndef LEADGW_BACKENDS_HOTPROFILE_RECORD_WRITER_H_
#define LEADGW_BACKENDS_HOTPROFILE_RECORD_WRITER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/hotprofile/field_table.h"
#include "google/protobuf/message.h"

namespace leadgw::backends::hotprofile {

// Request parameters in order, names unencoded ("search[family_name]").
using Params = std::vector<std::pair<std::string, std::string>>;

enum class WriteMode { kCreate, kUpdate };

// The parameters that create or update `record` (a message of `kind`), in field-table
// order. Checks, per set field: it is writable on HotProfile; text within the character
// limit and valid UTF-8; ids decimal; extension digits within the limit; codes allowed
// (status 1|2, open_status 1|3); dates YYYY-MM-DD (sent as yyyy/mm/dd); flags boolean
// (sent as 1/0); coordinates; then every parameter required by `mode` present and
// non-empty, and on update no field required on create set to "". `path` prefixes
// field paths in errors ("cards[2]"; "" for none).
absl::StatusOr<Params> BuildWriteParams(ObjectKind kind, WriteMode mode,
                                        const google::protobuf::Message& record,
                                        absl::string_view path);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_RECORD_WRITER_H_
