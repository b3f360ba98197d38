// Chunked Marketo writes: which records go in which call. Every write takes at most
// kMaxPerCall records per call; sync and push bodies, whose records can be large (custom
// fields), are also kept under kMaxBodyBytes, since Marketo rejects a larger body whole
// (413) instead of taking part of it.
#ifndef LEADGW_BACKENDS_MARKETO_WRITE_CHUNKS_H_
#define LEADGW_BACKENDS_MARKETO_WRITE_CHUNKS_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "backends/marketo/paging.h"
#include "backends/marketo/rest_stub.h"
#include "backends/marketo/value_to_json.h"

namespace leadgw::backends::marketo {

// The calls of a chunked write, built before the first is sent: a request with one bad
// record is rejected as a whole (INVALID_ARGUMENT naming it) before anything is written.
struct ChunkedWrite {
  // Consecutive ranges covering every record, in input order (RunChunkedWrites).
  std::vector<ChunkRange> chunks;
  // calls[k] sends chunks[k]; a default MarketoCall for a chunk with `unsent`.
  std::vector<MarketoCall> calls;

  // The call of the chunk that starts at record `begin` (one of chunks[k].begin).
  const MarketoCall& CallAt(int begin) const;
};

// Builds the call of records [begin, end) of a chunked write.
using ChunkCallBuilder = std::function<absl::StatusOr<MarketoCall>(int begin, int end)>;

// One call per kMaxPerCall records of `count`, for bodies that stay small whatever the
// records hold (ids, partition names).
absl::StatusOr<ChunkedWrite> BuildChunkCalls(int count, const ChunkCallBuilder& build);

// A write body holding records [begin, end), or none when record `begin` alone is too
// large for one.
struct SizedBody {
  int end = 0;
  std::optional<std::string> json;  // empty: record `begin` alone passes the limit
  size_t bytes = 0;                 // of `json`, or of the too-large body not kept
};

// Writes {<header members>, "input": [<record begin>, <record begin+1>, ...]} in one pass,
// records from `begin` up to `max_end`, ending before the first record that would take
// the body past `max_bytes` (then the body is written again without it: rare, and cheaper
// than sizing every record twice). `record(i, out)` writes record i's object;
// `reserve_bytes` sizes the buffer up front. The error of header or record is returned
// as is (nothing is kept).
absl::StatusOr<SizedBody> WriteSizedBody(int begin, int max_end, size_t max_bytes,
                                         size_t reserve_bytes,
                                         absl::FunctionRef<void(JsonWriter&)> header,
                                         absl::FunctionRef<absl::Status(int, JsonWriter&)> record);

// The JSON of a body written with no size limit, which always keeps it. (Not `*json`:
// GCC -O2 cannot prove it set and fails the build on -Wmaybe-uninitialized.)
std::string UnlimitedJson(SizedBody body);

// The calls of `count` records: each chunk is body(begin, min(count, begin +
// kMaxPerCall)) sent with call(json). A record body() could not fit alone gets a chunk of
// its own with `unsent` = FAILED "gateway.record_too_large" naming the 1 MB limit, so
// the other records are still written.
absl::StatusOr<ChunkedWrite> BuildSizedChunkCalls(
    int count, absl::FunctionRef<absl::StatusOr<SizedBody>(int begin, int max_end)> body,
    absl::FunctionRef<MarketoCall(std::string json)> call);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_WRITE_CHUNKS_H_
