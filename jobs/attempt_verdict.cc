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
  if (upstream::RejectsTheRequest(status.code()) ||
      status.code() == absl::StatusCode::kUnimplemented) {
    verdict.action = AttemptVerdict::Action::kTerminal;
    verdict.maybe_sent = false;
    return verdict;
  }
  // Rate limits, the gate's refusals and rejected credentials: nothing was processed.
  const absl::StatusCode code = status.code();
  verdict.maybe_sent = code != absl::StatusCode::kResourceExhausted &&
                       code != absl::StatusCode::kUnauthenticated &&
                       code != absl::StatusCode::kPermissionDenied;
  return verdict;
}

bool IsTransientRecordFailure(const ::leadgateway::v1::RecordResult& result, bool* maybe_sent) {
  *maybe_sent = false;
  if (result.status() != ::leadgateway::v1::RECORD_STATUS_FAILED || result.reasons().empty()) {
    return false;
  }
  const std::string& code = result.reasons(0).code();
  if (code == "gateway.not_attempted" || code == "gateway.resource_exhausted" ||
      code == "gateway.unauthenticated" || code == "429") {
    return true;
  }
  if (code == "gateway.unavailable" || code == "gateway.deadline_exceeded" ||
      code == "gateway.cancelled" || code == "gateway.aborted" || code == "gateway.unknown" ||
      code == "gateway.internal") {
    *maybe_sent = true;
    return true;
  }
  // An HTTP 5xx: the server failed, perhaps after writing. (Vendor codes never reach a
  // record's reasons for call-level conditions: backends report those as a failed call.)
  int number = 0;
  if (absl::SimpleAtoi(code, &number) && number >= 500 && number <= 599) {
    *maybe_sent = true;
    return true;
  }
  return false;
}

}  // namespace leadgw::jobs
