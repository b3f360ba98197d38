// Helpers of the CallCoalescer tests: paced coalescers, deadlines, and waiting until
// members wait in open batches.
#ifndef LEADGW_BACKENDS_COMMON_CALL_COALESCER_TEST_FIXTURE_H_
#define LEADGW_BACKENDS_COMMON_CALL_COALESCER_TEST_FIXTURE_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/call_coalescer.h"
#include "gtest/gtest.h"

namespace leadgw::backends::common::coalescer_testing {

inline CallCoalescerOptions Paced(absl::Duration spacing, int max_items = 300) {
  CallCoalescerOptions options;
  options.max_items = max_items;
  options.max_wait = absl::Seconds(30);
  options.spacing = [spacing] { return spacing; };
  return options;
}

inline CallContext Within(absl::Duration timeout) {
  CallContext ctx;
  ctx.deadline = absl::Now() + timeout;
  return ctx;
}

// Waits (bounded) until `members` members wait in open batches.
inline void AwaitWaiting(const CallCoalescer& coalescer, int members) {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (coalescer.WaitingMembers() < members && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  ASSERT_EQ(coalescer.WaitingMembers(), members);
}

}  // namespace leadgw::backends::common::coalescer_testing

#endif  // LEADGW_BACKENDS_COMMON_CALL_COALESCER_TEST_FIXTURE_H_
