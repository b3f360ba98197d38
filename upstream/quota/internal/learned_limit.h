// LearnedLimit: the share of an upstream rate window this gateway actually has. The
// configured calls_per_window is an upper bound: other integrations of the same account
// (a CRM sync, another tool) spend calls from the same upstream window, and the only sign
// of them is a rate-limit answer. So, like TCP's congestion window (AIMD):
//   - a rate-limit answer halves the limit (never below 1), at most once per span, since
//     the calls already under way when the first answer came were admitted on the old
//     limit and their answers say nothing new;
//   - every full span without a rate-limit answer regrows it by max(1, configured / 20),
//     up to the configured limit (from 1 back to 100 in 20 spans). The span right after a
//     decrease does not count: the gate pauses through it.
// Pure: no clock, no lock (CapacityPlanner holds it under the gate's lock).
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_LEARNED_LIMIT_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_LEARNED_LIMIT_H_

#include "absl/time/time.h"

namespace leadgw::upstream::quota_internal {

class LearnedLimit {
 public:
  // `configured` <= 0: no limit to learn (current() stays 0).
  LearnedLimit(int configured, absl::Duration span);

  // Regrows the limit for the full spans since the last change. Call before reading.
  void Advance(absl::Time now);

  // The upstream answered rate-limited at `now`. Returns true when the limit dropped.
  bool OnLimitAnswer(absl::Time now);

  int current() const { return current_; }
  int configured() const { return configured_; }

 private:
  const int configured_;
  const int step_;
  const absl::Duration span_;
  int current_;
  // Spans of regrowth are counted from here; a decrease sets it one span ahead.
  absl::Time last_change_ = absl::InfinitePast();
  absl::Time last_decrease_ = absl::InfinitePast();
};

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_LEARNED_LIMIT_H_
