// What a failed attempt of a durable job means: wait for the quota day, retry after a
// backoff, or give the records a final FAILED result; and whether the records it carried
// may have been written anyway (so a replay must look them up first).
#ifndef LEADGW_JOBS_ATTEMPT_VERDICT_H_
#define LEADGW_JOBS_ATTEMPT_VERDICT_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::jobs {

struct AttemptVerdict {
  enum class Action {
    kPark,      // the daily quota is spent: wait until `wait` (its reset) has passed
    kRetry,     // transient: retry after max(backoff, `wait`)
    kTerminal,  // the request itself is wrong: its records fail for good
  };
  Action action = Action::kRetry;
  // The upstream's or the gate's hint; zero when none.
  absl::Duration wait = absl::ZeroDuration();
  // The call may have reached the upstream and been processed (a timeout, a 5xx, a
  // cancelled transfer); false when it provably was not (refused before sending, a rate
  // limit, a quota, rejected credentials).
  bool maybe_sent = true;
};

// The verdict on an attempt that answered `status` (not OK).
AttemptVerdict JudgeFailure(const absl::Status& status);

// Whether a FAILED record result may change on another attempt (its reason is transient:
// not attempted, throttled, timed out, unavailable), and then whether the record may have
// been written (`*maybe_sent`).
bool IsTransientRecordFailure(const ::leadgateway::v1::RecordResult& result, bool* maybe_sent);

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_ATTEMPT_VERDICT_H_
