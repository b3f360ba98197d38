#include "backends/marketo/write_chunks.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;

// What closes a body after its last record: the `input` array and the object.
constexpr size_t kClosingBytes = 2;  // "]}"

ChunkRange Range(int begin, int end) {
  ChunkRange range;
  range.begin = begin;
  range.end = end;
  return range;
}

v1::UpstreamReason TooLarge(size_t bytes) {
  v1::UpstreamReason reason;
  reason.set_code("gateway.record_too_large");
  reason.set_message(absl::StrCat("this record alone makes a ", bytes,
                                  "-byte request body; Marketo takes at most 1 MB (the gateway "
                                  "sends at most ",
                                  kMaxBodyBytes, " bytes) per call"));
  return reason;
}

}  // namespace

const MarketoCall& ChunkedWrite::CallAt(int begin) const {
  auto it = std::lower_bound(chunks.begin(), chunks.end(), begin,
                             [](const ChunkRange& chunk, int b) { return chunk.begin < b; });
  return calls[static_cast<size_t>(it - chunks.begin())];
}

absl::StatusOr<ChunkedWrite> BuildChunkCalls(int count, const ChunkCallBuilder& build) {
  ChunkedWrite write;
  write.chunks = FixedChunks(count, kMaxPerCall);
  for (const ChunkRange& chunk : write.chunks) {
    LEADGW_ASSIGN_OR_RETURN(MarketoCall call, build(chunk.begin, chunk.end));
    write.calls.push_back(std::move(call));
  }
  return write;
}

absl::StatusOr<SizedBody> WriteSizedBody(int begin, int max_end, size_t max_bytes,
                                         size_t reserve_bytes,
                                         absl::FunctionRef<void(JsonWriter&)> header,
                                         absl::FunctionRef<absl::Status(int, JsonWriter&)> record) {
  int end = max_end;
  // Two passes at most: the second writes only records the first found to fit.
  for (;;) {
    JsonBody body(reserve_bytes);
    JsonWriter& out = body.writer();
    out.StartObject();
    header(out);
    out.Key("input");
    out.StartArray();
    int i = begin;
    for (; i < end; ++i) {
      LEADGW_RETURN_IF_ERROR(record(i, out));
      // Measured on the written buffer: no second serialisation to size a record.
      if (body.size() + kClosingBytes > max_bytes) break;
    }
    SizedBody sized;
    if (i == begin) {  // the first record alone is too large
      sized.end = begin + 1;
      sized.bytes = body.size() + kClosingBytes;
      return sized;
    }
    if (i < end) {
      end = i;
      continue;
    }
    out.EndArray();
    out.EndObject();
    sized.end = end;
    sized.json = body.Text();
    sized.bytes = sized.json->size();
    return sized;
  }
}

std::string UnlimitedJson(SizedBody body) { return std::move(body.json).value_or(std::string()); }

absl::StatusOr<ChunkedWrite> BuildSizedChunkCalls(
    int count, absl::FunctionRef<absl::StatusOr<SizedBody>(int begin, int max_end)> body,
    absl::FunctionRef<MarketoCall(std::string json)> call) {
  ChunkedWrite write;
  for (int begin = 0; begin < count;) {
    LEADGW_ASSIGN_OR_RETURN(SizedBody sized, body(begin, std::min(count, begin + kMaxPerCall)));
    ChunkRange chunk = Range(begin, sized.end);
    if (sized.json.has_value()) {
      write.calls.push_back(call(*std::move(sized.json)));
    } else {
      chunk.unsent = TooLarge(sized.bytes);
      write.calls.emplace_back();
    }
    write.chunks.push_back(std::move(chunk));
    begin = sized.end;
  }
  return write;
}

}  // namespace leadgw::backends::marketo
