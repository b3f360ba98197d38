// HotProfile answers -> neutral results. Every answer is read defensively (json_reader.h):
// a body that is not JSON is UNAVAILABLE (a proxy or a half-written answer: a later call
// may succeed); JSON of the wrong shape is INTERNAL (the upstream contract changed;
// retrying will not help). Both are upstream::UpstreamError(..., "hotprofile", "200", ...), naming
// the endpoint but never quoting the body (it may hold personal data). Thread-safe.
#ifndef LEADGW_BACKENDS_HOTPROFILE_RESPONSES_H_
#define LEADGW_BACKENDS_HOTPROFILE_RESPONSES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/hotprofile/field_table.h"
#include "google/protobuf/message.h"

namespace leadgw::backends::hotprofile {

// The "pages" object of a list answer.
struct PageInfo {
  int64_t current_number = 0;
  int64_t display_number = 0;
  int64_t total_count = 0;   // matches, all pages together
  int64_t total_number = 0;  // pages
};

// {"id": N} of a create / update -> "N".
absl::StatusOr<std::string> ParseWriteAnswer(absl::string_view body, absl::string_view endpoint);

// {"<plural>": [{...}, ...], "pages": {...}}: for each item calls add() and fills the
// message it returns (record_reader.h). A missing "pages" object is INTERNAL.
absl::StatusOr<PageInfo> ParseListAnswer(ObjectKind kind, absl::string_view body,
                                         absl::string_view endpoint,
                                         absl::FunctionRef<google::protobuf::Message*()> add);

// One lead of a look-up page: its id and the text of the looked-up key ("" when null).
struct LookupCandidate {
  std::string id;
  std::string value;
};

struct LookupPage {
  std::vector<LookupCandidate> candidates;
  PageInfo page;
};

// A lead list answer reduced to (id, value of `key`) pairs, for exact-match look-ups.
absl::StatusOr<LookupPage> ParseLookupAnswer(absl::string_view body, absl::string_view key,
                                             absl::string_view endpoint);

// Our cursor for the page after `page`: its number, or "" on the last page.
std::string NextCursor(const PageInfo& page);

// HotProfile's error body {"errors":[{"field": f, "message": m}, ...]} as
// "f: m; m2; ..." (a message already naming its field is not prefixed twice), or "" when
// the body is not in that format.
std::string DescribeErrorBody(absl::string_view body);

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_RESPONSES_H_
