// google.protobuf.Value (custom_fields, form_fields) to JSON, for request bodies.
//
// Request bodies are written in one pass with a rapidjson::Writer into one buffer rather
// than built as a rapidjson DOM and then serialised: the DOM cost an allocation and a copy
// per member and a second walk, most of the gateway's CPU for a 300-lead upsert (issue 16).
//
// Generic, not Marketo-specific: a candidate for backends/common/value_json.h, which has
// the reverse direction (JsonToValue) but not this one.
#ifndef LEADGW_BACKENDS_MARKETO_VALUE_TO_JSON_H_
#define LEADGW_BACKENDS_MARKETO_VALUE_TO_JSON_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace leadgw::backends::marketo {

// The writer request bodies are written with (compact output, UTF-8 passed through).
class JsonWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Writer::Writer;

  // A string value or key, as String() writes it. Text with nothing to escape (nearly
  // all) is copied in one piece: rapidjson's String() costs about 20 instructions per
  // character, most of a 300-lead upsert body's writing (docs/performance.md, finding 13).
  bool Text(absl::string_view text);
};

// A request body being written: the buffer is reserved once for the expected size, so a
// large body grows (and copies) rarely or never. Not copyable (the writer points into it).
class JsonBody {
 public:
  explicit JsonBody(size_t expected_bytes) : writer_(buffer_) { buffer_.Reserve(expected_bytes); }
  JsonBody(const JsonBody&) = delete;
  JsonBody& operator=(const JsonBody&) = delete;

  JsonWriter& writer() { return writer_; }
  // Bytes written so far (chunked writes keep bodies under Marketo's size limit with it).
  size_t size() const { return buffer_.GetSize(); }
  // The text written so far (a complete document once the writer closed its root).
  std::string Text() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  JsonWriter writer_;
};

// A JsonWriter stand-in that writes nothing. Validating a request before its calls are
// built walks the very code that writes them (so both report the same errors) at the cost
// of the walk alone.
struct DiscardingJsonWriter {
  bool Null() { return true; }
  bool Bool(bool) { return true; }
  bool Int64(int64_t) { return true; }
  bool Double(double) { return true; }
  bool Key(const char*) { return true; }
  bool StartObject() { return true; }
  bool EndObject() { return true; }
  bool StartArray() { return true; }
  bool EndArray() { return true; }
};

// A JSON string holding a copy of `text` (which may contain NULs), from `allocator`.
rapidjson::Value JsonString(absl::string_view text, rapidjson::Document::AllocatorType& allocator);

// Writes `text` (which may contain NULs) as a JSON string: a value, or a member name when
// the writer expects one.
void WriteJsonString(absl::string_view text, JsonWriter& out);
inline void WriteJsonString(absl::string_view, DiscardingJsonWriter&) {}

// Writes `value`. Numbers without a fraction that fit an int64 become JSON integers
// ("leadScore": 45, not 45.0, which integer fields reject); structs and lists recurse.
// INVALID_ARGUMENT for an unset value or a non-finite number anywhere inside; `out` then
// holds a partial document, which the caller must discard.
absl::Status WriteValueJson(const google::protobuf::Value& value, JsonWriter& out);
absl::Status WriteValueJson(const google::protobuf::Value& value, DiscardingJsonWriter& out);

}  // namespace leadgw::backends::marketo

#endif  // LEADGW_BACKENDS_MARKETO_VALUE_TO_JSON_H_
