#include "jobs/attempt_verdict.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "upstream/upstream_error.h"

namespace leadgw::jobs {

AttemptVerdict JudgeFailure(const absl::Status& status) {
  AttemptVerdict verdict;
  verdict.wait = upstream::RetryAfter(status).value_or(absl::ZeroDuration());
  if (upstream::OutcomeOf(status) == upstream::Outcome::kQuotaExhausted) {
    verdict.action = AttemptVerdict::Action::kPark;
    verdict.maybe_sent = false;
    return verdict;
  }
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kUnimplemented:
      verdict.action = AttemptVerdict::Action::kTerminal;
      verdict.maybe_sent = false;
      return verdict;
    // Rate limits, the gate's refusals and rejected credentials: nothing was processed.
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      verdict.maybe_sent = false;
      return verdict;
    default:
      return verdict;
  }
}

bool IsTransientRecordFailure(const ::leadgateway::v1::RecordResult& result, bool* maybe_sent) {
  *maybe_sent = false;
  if (result.status() != ::leadgateway::v1::RECORD_STATUS_FAILED || result.reasons().empty()) {
    return false;
  }
  const std::string& code = result.reasons(0).code();
  if (code == "gateway.not_attempted" || code == "gateway.resource_exhausted" ||
      code == "gateway.unauthenticated" || code == "429" || code == "606" || code == "607" ||
      code == "615") {
    return true;
  }
  if (code == "gateway.unavailable" || code == "gateway.deadline_exceeded" ||
      code == "gateway.cancelled" || code == "gateway.aborted" || code == "gateway.unknown" ||
      code == "gateway.internal") {
    *maybe_sent = true;
    return true;
  }
  // HTTP 5xx, and Marketo's transient server codes (604 timed out, 608 temporarily
  // unavailable, 611 system error, 713 transient error).
  int number = 0;
  if (absl::SimpleAtoi(code, &number) &&
      ((number >= 500 && number <= 599) || number == 604 || number == 608 || number == 611 ||
       number == 713)) {
    *maybe_sent = true;
    return true;
  }
  return false;
}

}  // namespace leadgw::jobs
