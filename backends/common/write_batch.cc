#include "backends/common/write_batch.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/address_redaction.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::common {

namespace v1 = ::leadgateway::v1;

FailureScope ClassifyWriteFailure(const absl::Status& status) {
  if (!upstream::UpstreamCode(status).has_value()) return FailureScope::kBatch;
  return upstream::RejectsTheRequest(status.code()) ? FailureScope::kRecord
                                                    : FailureScope::kBatch;
}

v1::UpstreamReason ReasonFor(const absl::Status& status) {
  v1::UpstreamReason reason;
  absl::string_view message = status.message();
  if (std::optional<std::string> code = upstream::UpstreamCode(status)) {
    const std::string prefix = absl::StrCat(upstream::UpstreamBackend(status).value_or(""), " ", *code, ": ");
    absl::ConsumePrefix(&message, prefix);
    reason.set_code(*code);
  } else {
    reason.set_code(
        absl::StrCat("gateway.", absl::AsciiStrToLower(absl::StatusCodeToString(status.code()))));
  }
  // Reasons reach callers (WriteResponse, job results): a transport failure must not name
  // the upstream host.
  reason.set_message(RedactNetworkAddresses(message));
  return reason;
}

absl::StatusOr<v1::WriteResponse> RunSequentialWrites(
    int count, absl::FunctionRef<absl::StatusOr<v1::RecordResult>(int)> write) {
  v1::WriteResponse response;
  std::optional<absl::Status> stopped;
  for (int i = 0; i < count; ++i) {
    v1::RecordResult* result = response.add_results();
    result->set_index(i);
    if (stopped.has_value()) {
      result->set_status(v1::RECORD_STATUS_FAILED);
      v1::UpstreamReason* reason = result->add_reasons();
      reason->set_code("gateway.not_attempted");
      reason->set_message(absl::StrCat("not attempted: an earlier record failed with ",
                                       absl::StatusCodeToString(stopped->code())));
      continue;
    }
    absl::StatusOr<v1::RecordResult> outcome = write(i);
    if (outcome.ok()) {
      *result = *std::move(outcome);
      result->set_index(i);
      continue;
    }
    if (ClassifyWriteFailure(outcome.status()) == FailureScope::kBatch) {
      if (i == 0) return outcome.status();
      stopped = outcome.status();
    }
    result->set_status(v1::RECORD_STATUS_FAILED);
    *result->add_reasons() = ReasonFor(outcome.status());
  }
  return response;
}

}  // namespace leadgw::backends::common
