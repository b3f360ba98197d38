// Paging mechanics of the Marketo backend: batch sizes, the cursor of queries split into
// 300-value chunks, and batch writes split into calls of at most 300 records and 1 MB.
#ifndef LEADGW_BACKENDS_MARKETO_PAGING_H_
#define LEADGW_BACKENDS_MARKETO_PAGING_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends::marketo {

// Marketo's ceiling for records per write, values per filter and records per page.
inline constexpr int kMaxPerCall = 300;

// The largest write body the gateway sends. Marketo answers 413 above 1 MB; 1,000,000
// bytes stays below it whether the docs mean 10^6 or 2^20 bytes, and leaves 48 KB of the
// latter for whatever a proxy adds. The whole body is measured (members before `input`
// and the closing brackets included), so no other margin is needed.
inline constexpr size_t kMaxBodyBytes = 1000000;

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

// Records [begin, end) of a chunked write: sent in one call, or in none when `unsent`
// says why they cannot be (a record that alone makes a body over kMaxBodyBytes).
struct ChunkRange {
  int begin = 0;
  int end = 0;
  std::optional<::leadgateway::v1::UpstreamReason> unsent;
};

// `count` records in consecutive ranges of `chunk_size` (the last one shorter).
std::vector<ChunkRange> FixedChunks(int count, int chunk_size);

// Writes the records of `chunks` (consecutive, covering 0..n-1 in order), one call per
// range: write(begin, end) returns one result per record of [begin, end), or the error
// of the call. A range with `unsent` is not written: its records are FAILED with that
// reason. Results come back in input order with `index` set.
// - An error of the first call is returned as the RPC's error: nothing was written, and
//   Marketo's call-level errors (unknown program, quota) concern the whole request.
// - A later call's error fails its records with ReasonFor(error); when that error is not
//   about the records' content (common::ClassifyWriteFailure == kBatch: quota,
//   unavailable, deadline) the remaining records are FAILED "gateway.not_attempted"
//   without calling Marketo, so a throttled instance is not hammered.
absl::StatusOr<::leadgateway::v1::WriteResponse> RunChunkedWrites(
    absl::Span<const ChunkRange> chunks,
    absl::FunctionRef<absl::StatusOr<std::vector<::leadgateway::v1::RecordResult>>(int, int)>
        write);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_PAGING_H_
