#include "common/cancellation.h"

#include <atomic>
#include <memory>

namespace leadgw {
namespace {

struct ThrottleState {
  std::function<bool()> poll;
  std::chrono::steady_clock::duration interval;
  std::atomic<bool> cancelled{false};
  // steady_clock ticks before which `poll` is not asked again; min() at first: ask at once.
  std::atomic<std::chrono::steady_clock::rep> next_poll{
      std::chrono::steady_clock::duration::min().count()};
};

}  // namespace

std::function<bool()> ThrottledPoll(std::function<bool()> poll,
                                    std::chrono::steady_clock::duration interval) {
  auto state = std::make_shared<ThrottleState>();
  state->poll = std::move(poll);
  state->interval = interval;
  return [state]() {
    if (state->cancelled.load(std::memory_order_acquire)) return true;
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    if (now.count() < state->next_poll.load(std::memory_order_relaxed)) return false;
    state->next_poll.store((now + state->interval).count(), std::memory_order_relaxed);
    if (!state->poll()) return false;
    state->cancelled.store(true, std::memory_order_release);
    return true;
  };
}

}  // namespace leadgw
