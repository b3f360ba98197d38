// Paging mechanics of the Marketo backend: batch sizes, the cursor of queries split into
// 300-value chunks, and batch writes split into 300-record calls.
#ifndef LEADGW_BACKENDS_MARKETO_PAGING_H_
#define LEADGW_BACKENDS_MARKETO_PAGING_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends::marketo {

// Marketo's ceiling for records per write, values per filter and records per page.
inline constexpr int kMaxPerCall = 300;

// Marketo's batchSize for a requested page size: 0 (default) and values above the
// ceiling become kMaxPerCall.
int BatchSize(int page_size);

// Where a QueryLeads walk stands: the 300-value chunk of filter_values being read and
// Marketo's nextPageToken inside it ("" = the chunk's first page). Serialised as
// "<chunk>:<token>"; the empty cursor is chunk 0's first page. The service wraps it in
// the gateway's opaque, query-bound page token.
struct FilterCursor {
  int chunk = 0;
  std::string token;
};

// "" for {0, ""}, else "<chunk>:<token>".
std::string EncodeFilterCursor(const FilterCursor& cursor);

// Parses a cursor of a query with `chunks` chunks. INVALID_ARGUMENT naming page_token
// when it is not one (or points past the last chunk).
absl::StatusOr<FilterCursor> DecodeFilterCursor(absl::string_view text, int chunks);

// Writes `count` records as consecutive calls of at most `chunk_size` records:
// write(begin, end) returns one result per record of [begin, end), or the error of the
// call. Results come back in input order with `index` set.
// - An error of the first call is returned as the RPC's error: nothing was written, and
//   Marketo's call-level errors (unknown program, quota) concern the whole request.
// - A later call's error fails its records with ReasonFor(error); when that error is not
//   about the records' content (common::ClassifyWriteFailure == kBatch: quota,
//   unavailable, deadline) the remaining records are FAILED "gateway.not_attempted"
//   without calling Marketo, so a throttled instance is not hammered.
absl::StatusOr<::leadgateway::v1::WriteResponse> RunChunkedWrites(
    int count, int chunk_size,
    absl::FunctionRef<absl::StatusOr<std::vector<::leadgateway::v1::RecordResult>>(int, int)>
        write);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_PAGING_H_
