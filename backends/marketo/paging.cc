#include "backends/marketo/paging.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "backends/common/invalid_field.h"
#include "backends/common/write_batch.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;

void FailRecords(int begin, int end, const v1::UpstreamReason& reason, v1::WriteResponse& out) {
  for (int i = begin; i < end; ++i) {
    v1::RecordResult* result = out.add_results();
    result->set_index(i);
    result->set_status(v1::RECORD_STATUS_FAILED);
    *result->add_reasons() = reason;
  }
}

}  // namespace

int BatchSize(int page_size) {
  return page_size <= 0 || page_size > kMaxPerCall ? kMaxPerCall : page_size;
}

std::string EncodeFilterCursor(const FilterCursor& cursor) {
  if (cursor.chunk == 0 && cursor.token.empty()) return "";
  return absl::StrCat(cursor.chunk, ":", cursor.token);
}

absl::StatusOr<FilterCursor> DecodeFilterCursor(absl::string_view text, int chunks) {
  FilterCursor cursor;
  if (text.empty()) return cursor;
  const size_t colon = text.find(':');
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(text.substr(0, colon), &cursor.chunk) ||
      cursor.chunk < 0 || cursor.chunk >= chunks) {
    return common::InvalidField("page_token", "not a page token of this query");
  }
  cursor.token = std::string(text.substr(colon + 1));
  return cursor;
}

std::vector<ChunkRange> FixedChunks(int count, int chunk_size) {
  std::vector<ChunkRange> chunks;
  for (int begin = 0; begin < count; begin += chunk_size) {
    ChunkRange chunk;
    chunk.begin = begin;
    chunk.end = std::min(count, begin + chunk_size);
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

absl::StatusOr<v1::WriteResponse> RunChunkedWrites(
    absl::Span<const ChunkRange> chunks,
    absl::FunctionRef<absl::StatusOr<std::vector<v1::RecordResult>>(int, int)> write) {
  v1::WriteResponse response;
  bool called = false;
  for (size_t k = 0; k < chunks.size(); ++k) {
    const ChunkRange& chunk = chunks[k];
    if (chunk.unsent.has_value()) {
      FailRecords(chunk.begin, chunk.end, *chunk.unsent, response);
      continue;
    }
    absl::StatusOr<std::vector<v1::RecordResult>> results = write(chunk.begin, chunk.end);
    if (results.ok() && static_cast<int>(results->size()) != chunk.end - chunk.begin) {
      results = absl::InternalError(absl::StrCat("marketo: ", results->size(), " results for ",
                                                 chunk.end - chunk.begin, " records"));
    }
    if (results.ok()) {
      called = true;
      for (v1::RecordResult& result : *results) *response.add_results() = std::move(result);
      continue;
    }
    if (!called) return results.status();
    FailRecords(chunk.begin, chunk.end, common::ReasonFor(results.status()), response);
    if (common::ClassifyWriteFailure(results.status()) == common::FailureScope::kBatch) {
      v1::UpstreamReason skipped;
      skipped.set_code("gateway.not_attempted");
      skipped.set_message(absl::StrCat("not attempted: an earlier call failed with ",
                                       absl::StatusCodeToString(results.status().code())));
      for (++k; k < chunks.size(); ++k) {
        // An unsendable record keeps its own reason: it would not be sent on a retry either.
        FailRecords(chunks[k].begin, chunks[k].end, chunks[k].unsent.value_or(skipped), response);
      }
      break;
    }
  }
  return response;
}

}  // namespace leadgw::backends::marketo
