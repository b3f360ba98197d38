// Marketo's response envelope, read defensively.
//
//   {"requestId": "e42b#14272d07d78", "success": true|false,
//    "errors": [{"code": "601", "message": "..."}], "warnings": [...],
//    "result": [...], "nextPageToken": "...", "moreResult": true|false}
//
// Only requestId and success are always present; everything else is optional. A 200
// answer with success=false is an error (never a success with an empty result).
#ifndef LEADGW_BACKENDS_MARKETO_ENVELOPE_H_
#define LEADGW_BACKENDS_MARKETO_ENVELOPE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace leadgw::backends::marketo {

// One Marketo warning. The spec says {code, message}; error-codes.md speaks of a bare
// informational string, which becomes {code "", message <string>}.
struct Warning {
  std::string code;  // the upstream's code as text ("" when it gave none)
  std::string message;
};

// The warnings of a `warnings` member (nullptr or a non-array: none). Tolerant on purpose,
// since the documented forms disagree: objects and strings are both read, a code may be a
// number or a string, and an item of any other shape is skipped. Never an error: a
// warning is information, and an odd one must not fail a call that succeeded.
std::vector<Warning> ParseWarnings(const rapidjson::Value* warnings);

struct Envelope {
  rapidjson::Document document;  // the whole answer (an object)
  std::string request_id;        // "" when absent
  bool success = false;
  // errors[0] of a failed answer ("" when success or when Marketo sent no errors).
  std::string error_code;
  std::string error_message;
  // nextPageToken ("" when absent) and moreResult (nullopt when absent).
  std::string next_page_token;
  std::optional<bool> more_result;
  // The call-level `warnings` (ParseWarnings); empty when absent.
  std::vector<Warning> warnings;

  // The `result` array, or nullptr when absent or null (merge and associate send none).
  // INVALID_ARGUMENT when `result` is present but not an array.
  absl::StatusOr<const rapidjson::Value*> Result() const;

  // True when another page follows: a non-empty nextPageToken that moreResult does not
  // deny (leads.json sends the token alone; membership and schema calls add moreResult).
  bool HasMorePages() const;
};

// INTERNAL "marketo: unreadable answer (<what>): <detail>" for an answer that breaks the
// envelope or record shapes: the upstream changed or a proxy answered, and nothing the
// caller can fix. Never quotes the answer (it may hold personal data).
absl::Status UnreadableAnswer(absl::string_view what, const absl::Status& detail);

// Parses `body`. INVALID_ARGUMENT describing the defect (never quoting the body) when it
// is not a JSON object, lacks a boolean `success`, or has members of the wrong type.
absl::StatusOr<Envelope> ParseEnvelope(absl::string_view body);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_ENVELOPE_H_
