// CapacityGate's refusals: which limit is to blame, the retry-after hint, the message.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "upstream/quota/capacity_gate.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream::quota {
namespace {

using quota_internal::Plan;

// Retry-after hint when only running calls hold the concurrency slots: their end is
// unknown, and a typical REST call rarely runs longer.
constexpr absl::Duration kConcurrencyRetryAfter = absl::Seconds(1);

// Rounded up, so that a client honouring it never comes back a fraction too early.
absl::Duration RoundUp(absl::Duration d) {
  return absl::Ceil(std::max(d, absl::ZeroDuration()), absl::Milliseconds(1));
}

std::string Queued(int ahead) {
  return ahead > 0 ? absl::StrCat("; ", ahead, " calls queued ahead") : std::string();
}

}  // namespace

CapacityGate::Refusal CapacityGate::RefuseLocked(const Plan& plan, absl::Time now, int ahead,
                                                 http::RequestPriority priority) const {
  Refusal refusal{plan.limit,
                  plan.upstream_said,
                  absl::ZeroDuration(),
                  ahead,
                  priority,
                  planner_.daily().LimitFor(http::RequestPriority::kBulk),
                  planner_.WindowLimit(),
                  /*fleet=*/false,
                  /*fleet_degraded=*/false,
                  /*fleet_share=*/false};
  switch (plan.limit) {
    case RejectReason::kRateWindow:
    case RejectReason::kDailyQuota:
    case RejectReason::kDeadline:
      refusal.retry_after = plan.not_before - now;
      break;
    case RejectReason::kConcurrency:
      refusal.retry_after = plan.concurrency_hint != absl::InfiniteFuture()
                                ? plan.concurrency_hint - now
                                : kConcurrencyRetryAfter;
      break;
  }
  refusal.retry_after = RoundUp(refusal.retry_after);
  return refusal;
}

absl::Status CapacityGate::RefusalStatus(const Refusal& refusal, RejectReason* reason) const {
  const std::string after = absl::FormatDuration(refusal.retry_after);
  std::string detail;
  switch (refusal.reason) {
    case RejectReason::kRateWindow:
      detail =
          refusal.fleet_degraded
              ? absl::StrCat("fleet coordination (Redis) is unreachable; this replica pauses a ",
                             "window, then keeps to its share; next call allowed in ", after)
          : refusal.fleet
              ? absl::StrCat("the window shared by the fleet is in use; next slot in ", after)
          : refusal.upstream_said
              ? absl::StrCat("the upstream answered rate-limited; next call allowed in ", after)
              : absl::StrCat(refusal.window_limit, " calls per ",
                             absl::FormatDuration(options_.window), " window in use",
                             refusal.window_limit >= options_.calls_per_window
                                 ? std::string()
                             : refusal.fleet_share
                                 ? absl::StrCat(" (this replica's share of ",
                                                options_.calls_per_window,
                                                " while fleet coordination is unreachable)")
                                 : absl::StrCat(" (of ", options_.calls_per_window,
                                                " configured: the upstream rate-limited us)"),
                             "; next slot in ", after);
      break;
    case RejectReason::kDailyQuota:
      detail =
          refusal.upstream_said
              ? absl::StrCat("the upstream reported the daily quota spent; resets in ", after)
              : absl::StrCat("daily quota of ", options_.daily_quota, " calls spent",
                             refusal.fleet ? " across the fleet" : "",
                             refusal.priority == http::RequestPriority::kBulk &&
                                     refusal.bulk_limit < options_.daily_quota
                                 ? absl::StrCat(" (bulk calls stop at ", refusal.bulk_limit, ")")
                                 : std::string(),
                             "; resets in ", after);
      break;
    case RejectReason::kConcurrency:
      detail = absl::StrCat(options_.max_concurrent, " concurrent calls in flight",
                            refusal.fleet ? " across the fleet" : "");
      break;
    case RejectReason::kDeadline:
      detail = refusal.ahead > 0 ? std::string("the calls queued ahead took the capacity")
                                 : std::string("the deadline has passed");
      break;
  }
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat("no upstream capacity before the deadline: ", detail, Queued(refusal.ahead)));
  SetRetryAfter(status, refusal.retry_after);
  // Callers that wait for the next quota day (durable jobs) recognise it as the upstream's
  // own 607, without reading messages.
  if (refusal.reason == RejectReason::kDailyQuota) SetOutcome(status, Outcome::kQuotaExhausted);
  if (reason != nullptr) *reason = refusal.reason;
  return status;
}

}  // namespace leadgw::upstream::quota
