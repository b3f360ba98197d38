// Marketo's response envelope: {requestId, success, result | errors, warnings,
// nextPageToken, moreResult}, with error codes as quoted strings.
#ifndef LEADGW_EMULATORS_MARKETO_ENVELOPE_H_
#define LEADGW_EMULATORS_MARKETO_ENVELOPE_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::marketo {

// A rendered answer. `outcome` feeds RequestCounters: "ok" or the error code.
struct Reply {
  int http_status = 200;
  std::string body;
  std::string content_type = "application/json;charset=UTF-8";
  std::string outcome = "ok";
};

// Thread-safe generator of request ids shaped like Marketo's ("e42b#14272d07d78").
class RequestIdGenerator {
 public:
  std::string Next();

 private:
  std::atomic<uint32_t> counter_{0x1000};
};

// {"requestId":..,"success":false,"errors":[{"code":"<code>","message":..}]}, HTTP 200.
Reply ErrorReply(absl::string_view request_id, absl::string_view code,
                 absl::string_view message);

// The canonical message of a response-level code ("601" -> "Access token invalid").
std::string DefaultMessage(absl::string_view code);

// Builds a successful envelope. Not thread-safe; one per request.
class SuccessEnvelope {
 public:
  explicit SuccessEnvelope(absl::string_view request_id);

  rapidjson::Document::AllocatorType& alloc() { return doc_.GetAllocator(); }
  // The "result" array to append records to.
  rapidjson::Value& result() { return result_; }
  // Adds "nextPageToken" (when non-empty) and "moreResult".
  void SetPaging(const std::string& next_page_token, bool more_result);
  // Renders with "result" (or without, for ResponseWithoutResult endpoints).
  Reply Finish(bool include_result = true);

 private:
  rapidjson::Document doc_;
  rapidjson::Value result_;
  std::string next_page_token_;
  bool has_paging_ = false;
  bool more_result_ = false;
};

// {"code": code, "message": message} for reasons[] and errors[].
rapidjson::Value CodeMessage(absl::string_view code, absl::string_view message,
                             rapidjson::Document::AllocatorType& alloc);

// Per-record results: {"id":id,"status":status} and
// {"id":id?,"status":"skipped","reasons":[{"code","message"}]} (id omitted when <= 0).
rapidjson::Value RecordStatus(int64_t id, absl::string_view status,
                              rapidjson::Document::AllocatorType& alloc);
rapidjson::Value SkippedRecord(int64_t id, absl::string_view code,
                               absl::string_view message,
                               rapidjson::Document::AllocatorType& alloc);

// A JSON string value copied into `alloc`.
rapidjson::Value JsonString(absl::string_view s, rapidjson::Document::AllocatorType& alloc);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_ENVELOPE_H_
