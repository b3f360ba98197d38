// ShareReserves: calls of the rolling window kept for callers that reserved them (config
// `access.callers[].quota_reserve_percent`), so that a caller within its reserve never
// waits for capacity however hard another caller floods the connection.
//
// Each reserving share has its own sliding log of its calls (a WindowLog as long as its
// reserve, so no allocation per call). A call of share t may use the window only up to the
// limit less what other shares reserved and have not used in the current window; the gate
// plans it as if that many calls were ahead of it.
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_SHARE_RESERVES_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_SHARE_RESERVES_H_

#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "upstream/quota/internal/window_log.h"

namespace leadgw::upstream::quota_internal {

// Not thread-safe: used under the gate's lock.
class ShareReserves {
 public:
  // Share i keeps `reserved[i]` calls of every `span` (0: none).
  ShareReserves(const std::vector<int>& reserved, absl::Duration span);

  // A call of `share` was admitted / ended at `t` (as the gate's window log sees it).
  void Open(int share);
  void Close(int share, absl::Time t);

  // Calls of the window a call of `share` must leave free at `now`: the other shares'
  // reserves they have not used in the window.
  int HeldFrom(int share, absl::Time now) const;
  // Concurrency slots a call of `share` must leave free: the other shares' reserves less
  // their calls running now.
  int RunningHeldFrom(int share) const;

  // Whether a call of `share` now would be within its reserve: such a call needs no turn
  // among the waiters, since the slots it takes were kept from everyone else.
  bool HasRoom(int share, absl::Time now) const;

  bool any() const { return any_; }

 private:
  std::vector<std::unique_ptr<WindowLog>> logs_;  // by share; null without a reserve
  bool any_ = false;
};

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_SHARE_RESERVES_H_
