#include "upstream/upstream_error.h"

#include <cstdint>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace leadgw::upstream {
namespace {

constexpr absl::string_view kUpstreamCodeUrl = "leadgw.upstream_code";
constexpr absl::string_view kBackendUrl = "leadgw.backend";
constexpr absl::string_view kRetryAfterMsUrl = "leadgw.retry_after_ms";
constexpr absl::string_view kOutcomeUrl = "leadgw.outcome";
constexpr absl::string_view kUpstreamWaitMsUrl = "leadgw.upstream_wait_ms";

std::optional<std::string> Payload(const absl::Status& status, absl::string_view url) {
  auto payload = status.GetPayload(url);
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

std::optional<absl::Duration> Milliseconds(const absl::Status& status, absl::string_view url) {
  std::optional<std::string> ms = Payload(status, url);
  int64_t value = 0;
  if (!ms.has_value() || !absl::SimpleAtoi(*ms, &value) || value < 0) return std::nullopt;
  return absl::Milliseconds(value);
}

}  // namespace

absl::Status UpstreamError(absl::StatusCode code, absl::string_view backend,
                           absl::string_view upstream_code, absl::string_view message) {
  absl::Status status(code, absl::StrCat(backend, " ", upstream_code, ": ", message));
  status.SetPayload(kUpstreamCodeUrl, absl::Cord(upstream_code));
  status.SetPayload(kBackendUrl, absl::Cord(backend));
  return status;
}

void SetRetryAfter(absl::Status& status, absl::Duration delay) {
  if (status.ok()) return;
  status.SetPayload(kRetryAfterMsUrl,
                    absl::Cord(absl::StrCat(absl::ToInt64Milliseconds(delay))));
}

std::optional<std::string> UpstreamCode(const absl::Status& status) {
  return Payload(status, kUpstreamCodeUrl);
}

std::optional<std::string> UpstreamBackend(const absl::Status& status) {
  return Payload(status, kBackendUrl);
}

std::optional<absl::Duration> RetryAfter(const absl::Status& status) {
  return Milliseconds(status, kRetryAfterMsUrl);
}

void SetOutcome(absl::Status& status, Outcome outcome, absl::Duration upstream_wait) {
  if (status.ok()) return;
  status.SetPayload(kOutcomeUrl, absl::Cord(OutcomeName(outcome)));
  if (upstream_wait > absl::ZeroDuration()) {
    status.SetPayload(kUpstreamWaitMsUrl,
                      absl::Cord(absl::StrCat(absl::ToInt64Milliseconds(upstream_wait))));
  }
}

bool RejectsTheRequest(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kOutOfRange:
      return true;
    default:
      return false;
  }
}

std::optional<Outcome> OutcomeOf(const absl::Status& status) {
  std::optional<std::string> name = Payload(status, kOutcomeUrl);
  if (!name.has_value()) return std::nullopt;
  for (int i = 0; i < kOutcomeCount; ++i) {
    const Outcome outcome = static_cast<Outcome>(i);
    if (OutcomeName(outcome) == *name) return outcome;
  }
  return std::nullopt;
}

absl::Duration UpstreamWait(const absl::Status& status) {
  return Milliseconds(status, kUpstreamWaitMsUrl).value_or(absl::ZeroDuration());
}

}  // namespace leadgw::upstream
