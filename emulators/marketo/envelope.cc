#include "emulators/marketo/envelope.h"

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "emulators/common/json_util.h"

namespace leadgw::emulators::marketo {

std::string RequestIdGenerator::Next() {
  const uint32_t n = counter_.fetch_add(1);
  return absl::StrFormat("%x#%x", n, absl::ToUnixMillis(absl::Now()));
}

rapidjson::Value JsonString(absl::string_view s, rapidjson::Document::AllocatorType& alloc) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

rapidjson::Value CodeMessage(absl::string_view code, absl::string_view message,
                             rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("code", JsonString(code, alloc), alloc);
  v.AddMember("message", JsonString(message, alloc), alloc);
  return v;
}

std::string DefaultMessage(absl::string_view code) {
  if (code == "601") return "Access token invalid";
  if (code == "602") return "Access token expired";
  if (code == "603") return "Access denied";
  if (code == "604") return "Request timed out";
  if (code == "605") return "HTTP Method not supported";
  if (code == "606") return "Max rate limit exceeded";
  if (code == "607") return "Daily quota reached";
  if (code == "608") return "API Temporarily Unavailable";
  if (code == "609") return "Invalid JSON";
  if (code == "610") return "Requested resource not found";
  if (code == "611") return "System error";
  if (code == "612") return "Invalid Content Type";
  if (code == "613") return "Invalid Multipart Request";
  if (code == "614") return "Invalid Subscription";
  if (code == "615") return "Concurrent access limit reached";
  if (code == "616") return "Invalid subscription type";
  if (code == "701") return "cannot be blank";
  if (code == "702") return "No data found for given search scenario";
  if (code == "713") return "Transient Error";
  return "Error";
}

Reply ErrorReply(absl::string_view request_id, absl::string_view code,
                 absl::string_view message) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("requestId", JsonString(request_id, a), a);
  doc.AddMember("success", false, a);
  rapidjson::Value errors(rapidjson::kArrayType);
  errors.PushBack(CodeMessage(code, message, a), a);
  doc.AddMember("errors", errors, a);
  Reply reply;
  reply.body = common::ToJsonString(doc);
  reply.outcome = std::string(code);
  return reply;
}

SuccessEnvelope::SuccessEnvelope(absl::string_view request_id)
    : doc_(rapidjson::kObjectType), result_(rapidjson::kArrayType) {
  doc_.AddMember("requestId", JsonString(request_id, doc_.GetAllocator()),
                 doc_.GetAllocator());
}

void SuccessEnvelope::SetPaging(const std::string& next_page_token, bool more_result) {
  has_paging_ = true;
  next_page_token_ = next_page_token;
  more_result_ = more_result;
}

Reply SuccessEnvelope::Finish(bool include_result) {
  auto& a = doc_.GetAllocator();
  doc_.AddMember("success", true, a);
  if (include_result) doc_.AddMember("result", result_, a);
  if (has_paging_) {
    if (!next_page_token_.empty()) {
      doc_.AddMember("nextPageToken", JsonString(next_page_token_, a), a);
    }
    doc_.AddMember("moreResult", more_result_, a);
  }
  Reply reply;
  reply.body = common::ToJsonString(doc_);
  return reply;
}

rapidjson::Value RecordStatus(int64_t id, absl::string_view status,
                              rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value v(rapidjson::kObjectType);
  if (id > 0) v.AddMember("id", static_cast<int64_t>(id), alloc);
  v.AddMember("status", JsonString(status, alloc), alloc);
  return v;
}

rapidjson::Value SkippedRecord(int64_t id, absl::string_view code,
                               absl::string_view message,
                               rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value v = RecordStatus(id, "skipped", alloc);
  rapidjson::Value reasons(rapidjson::kArrayType);
  reasons.PushBack(CodeMessage(code, message, alloc), alloc);
  v.AddMember("reasons", reasons, alloc);
  return v;
}

}  // namespace leadgw::emulators::marketo
