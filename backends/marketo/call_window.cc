#include "backends/marketo/call_window.h"

#include <algorithm>

namespace leadgw::backends::marketo {
namespace {
constexpr absl::Duration kMinRetryAfter = absl::Seconds(1);
}  // namespace

CallWindow::CallWindow(int capacity, absl::Duration window)
    : capacity_(static_cast<size_t>(std::max(capacity, 1))),
      window_(std::max(window, kMinRetryAfter)) {}

void CallWindow::Record(absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.push_back(now);
  while (calls_.size() > capacity_) calls_.pop_front();
}

absl::Duration CallWindow::RetryAfter(absl::Time now) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (absl::Time call : calls_) {
    if (call > now - window_) {
      return std::clamp(call + window_ - now, kMinRetryAfter, window_);
    }
  }
  return kMinRetryAfter;
}

}  // namespace leadgw::backends::marketo
