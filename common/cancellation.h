// Cancellation: whether the caller of an operation has gone away (its gRPC call was
// cancelled, or its client disconnected), so the work done for it can stop at the next
// boundary instead of spending upstream quota on an answer nobody reads. Polled, not
// pushed: the places that can stop (before quota admission, while waiting for capacity,
// before each attempt, during a transfer, between chunks of a batch) ask when they get
// there. The default never cancels.
#ifndef LEADGW_COMMON_CANCELLATION_H_
#define LEADGW_COMMON_CANCELLATION_H_

#include <chrono>
#include <functional>
#include <utility>

namespace leadgw {

class Cancellation {
 public:
  Cancellation() = default;
  // `poll` must be cheap and thread-safe. grpc::ServerContext::IsCancelled is thread-safe
  // but, on the synchronous server, not cheap: wrap it in ThrottledPoll.
  explicit Cancellation(std::function<bool()> poll) : poll_(std::move(poll)) {}

  bool cancelled() const { return poll_ != nullptr && poll_(); }

 private:
  std::function<bool()> poll_;
};

// A poll that asks `poll` at once, then at most once per `interval`, and keeps a "cancelled"
// answer. On gRPC's synchronous server ServerContext::IsCancelled plucks the call's
// completion queue (futex waits and wake-ups), and libcurl's progress callback asks several
// times per transfer: unthrottled, that was the largest share of a proxied RPC's CPU
// (docs/performance.md, finding 11). A cancellation is then seen at most `interval` late.
// Thread-safe: the shared state is atomic, and `poll` may run on two threads at once.
std::function<bool()> ThrottledPoll(std::function<bool()> poll,
                                    std::chrono::steady_clock::duration interval);

// Whether `cancellation` (null: none) says the caller has gone.
inline bool IsCancelled(const Cancellation* cancellation) {
  return cancellation != nullptr && cancellation->cancelled();
}

}  // namespace leadgw

#endif  // LEADGW_COMMON_CANCELLATION_H_
