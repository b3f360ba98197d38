#include "service/status_mapping.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/address_redaction.h"
#include "common/utf8.h"
#include "upstream/upstream_error.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "service/field_error.h"

namespace leadgw::service {
namespace {

constexpr size_t kMaxMessageBytes = 2048;

// Cuts at a UTF-8 character boundary so the message stays valid text.
std::string Truncate(absl::string_view message) {
  if (message.size() <= kMaxMessageBytes) return std::string(message);
  return absl::StrCat(Utf8Truncate(message, kMaxMessageBytes), "...");
}

// The message a caller may see: no upstream address, but the connection it concerns.
std::string CallerMessage(absl::string_view message, absl::string_view connection) {
  std::string redacted = RedactNetworkAddresses(message);
  if (redacted == message || connection.empty()) return redacted;
  return absl::StrCat("connection '", connection, "': ", redacted);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view connection) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(static_cast<int>(status.code()));
  const std::string message = Truncate(CallerMessage(status.message(), connection));

  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  if (auto upstream_code = upstream::UpstreamCode(status)) {
    google::rpc::ErrorInfo info;
    info.set_reason(*upstream_code);
    info.set_domain(upstream::UpstreamBackend(status).value_or("upstream"));
    details.add_details()->PackFrom(info);
  }
  if (auto delay = upstream::RetryAfter(status)) {
    google::rpc::RetryInfo retry;
    const int64_t ms = absl::ToInt64Milliseconds(*delay);
    retry.mutable_retry_delay()->set_seconds(ms / 1000);
    retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>((ms % 1000) * 1000000));
    details.add_details()->PackFrom(retry);
  }
  if (auto field = InvalidFieldPath(status)) {
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(*field);
    violation->set_description(message);
    details.add_details()->PackFrom(bad_request);
  }
  if (details.details().empty()) return grpc::Status(code, message);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace leadgw::service
