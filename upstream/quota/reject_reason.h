// Why the capacity gate turned a call away (also a metric label).
#ifndef LEADGW_UPSTREAM_QUOTA_REJECT_REASON_H_
#define LEADGW_UPSTREAM_QUOTA_REJECT_REASON_H_

#include "absl/strings/string_view.h"

namespace leadgw::upstream::quota {

enum class RejectReason {
  // The rolling window is full (or the upstream answered rate-limited and asked us to
  // hold off) until after the deadline.
  kRateWindow,
  // Today's budget is spent (ours or, as the upstream reported, theirs).
  kDailyQuota,
  // Every concurrency slot stayed busy until the deadline.
  kConcurrency,
  // No single limit was to blame: the deadline had already passed, or the calls queued
  // ahead (interactive first) kept the capacity until the deadline.
  kDeadline,
};

// "rate_window", "daily_quota", "concurrency", "deadline".
inline absl::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kRateWindow:
      return "rate_window";
    case RejectReason::kDailyQuota:
      return "daily_quota";
    case RejectReason::kConcurrency:
      return "concurrency";
    case RejectReason::kDeadline:
      return "deadline";
  }
  return "deadline";
}

}  // namespace leadgw::upstream::quota

#endif  // LEADGW_UPSTREAM_QUOTA_REJECT_REASON_H_
