// LazySeries: one series of a family with fixed labels, added on first use.
//
// For call paths that must not lock: the first Get() adds the series (Family::Add takes the
// family's lock), every later one is an atomic load. Series appear in the exposition only
// once something happened, which keeps scrapes free of hundreds of zero series.
#ifndef LEADGW_METRICS_LAZY_SERIES_H_
#define LEADGW_METRICS_LAZY_SERIES_H_

#include <atomic>
#include <utility>

#include "metrics/family.h"
#include "metrics/labels.h"

namespace leadgw::metrics {

template <typename T>
class LazySeries {
 public:
  LazySeries(Family<T>& family, Labels labels)
      : family_(family), labels_(std::move(labels)) {}
  LazySeries(const LazySeries&) = delete;
  LazySeries& operator=(const LazySeries&) = delete;

  T& Get() {
    T* series = series_.load(std::memory_order_acquire);
    if (series != nullptr) return *series;
    // Two first users may both Add(): the family returns the same series to both.
    series = &family_.Add(labels_);
    series_.store(series, std::memory_order_release);
    return *series;
  }

 private:
  Family<T>& family_;
  const Labels labels_;
  std::atomic<T*> series_{nullptr};
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_LAZY_SERIES_H_
