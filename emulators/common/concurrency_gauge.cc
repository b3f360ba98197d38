#include "emulators/common/concurrency_gauge.h"

#include <algorithm>

namespace leadgw::emulators::common {

ConcurrencyGauge::Ticket::Ticket(Ticket&& other) noexcept : gauge_(other.gauge_) {
  other.gauge_ = nullptr;
}

ConcurrencyGauge::Ticket& ConcurrencyGauge::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    Release();
    gauge_ = other.gauge_;
    other.gauge_ = nullptr;
  }
  return *this;
}

ConcurrencyGauge::Ticket::~Ticket() { Release(); }

void ConcurrencyGauge::Ticket::Release() {
  if (gauge_ != nullptr) {
    gauge_->Leave();
    gauge_ = nullptr;
  }
}

ConcurrencyGauge::ConcurrencyGauge(int max_in_flight) : max_in_flight_(max_in_flight) {}

ConcurrencyGauge::Ticket ConcurrencyGauge::TryEnter() {
  absl::MutexLock lock(&mu_);
  if (max_in_flight_ > 0 && in_flight_ >= max_in_flight_) return Ticket();
  ++in_flight_;
  peak_ = std::max(peak_, in_flight_);
  return Ticket(this);
}

void ConcurrencyGauge::Leave() {
  absl::MutexLock lock(&mu_);
  --in_flight_;
}

int ConcurrencyGauge::in_flight() const {
  absl::MutexLock lock(&mu_);
  return in_flight_;
}

int ConcurrencyGauge::peak() const {
  absl::MutexLock lock(&mu_);
  return peak_;
}

void ConcurrencyGauge::ResetPeak() {
  absl::MutexLock lock(&mu_);
  peak_ = in_flight_;
}

void ConcurrencyGauge::set_max_in_flight(int max_in_flight) {
  absl::MutexLock lock(&mu_);
  max_in_flight_ = max_in_flight;
}

}  // namespace leadgw::emulators::common
