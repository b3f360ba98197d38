// Counts requests in flight and refuses the ones beyond a ceiling (Marketo's 615).
#ifndef LEADGW_EMULATORS_COMMON_CONCURRENCY_GAUGE_H_
#define LEADGW_EMULATORS_COMMON_CONCURRENCY_GAUGE_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace leadgw::emulators::common {

// Thread-safe. Use TryEnter() at the start of a request and keep the returned Ticket
// alive until the answer is ready; a refused ticket holds no slot.
class ConcurrencyGauge {
 public:
  // RAII slot. Movable; releases its slot (if admitted) on destruction.
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();

    // True when the request got a slot and may run.
    bool admitted() const { return gauge_ != nullptr; }

   private:
    friend class ConcurrencyGauge;
    explicit Ticket(ConcurrencyGauge* gauge) : gauge_(gauge) {}
    void Release();
    ConcurrencyGauge* gauge_ = nullptr;
  };

  // `max_in_flight` <= 0 disables the ceiling.
  explicit ConcurrencyGauge(int max_in_flight);
  ConcurrencyGauge(const ConcurrencyGauge&) = delete;
  ConcurrencyGauge& operator=(const ConcurrencyGauge&) = delete;

  // Takes a slot if fewer than the ceiling are in flight.
  Ticket TryEnter();

  int in_flight() const;
  // Highest in_flight() seen since construction or ResetPeak().
  int peak() const;
  void ResetPeak();
  void set_max_in_flight(int max_in_flight);

 private:
  void Leave();

  mutable absl::Mutex mu_;
  int max_in_flight_ ABSL_GUARDED_BY(mu_);
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  int peak_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_CONCURRENCY_GAUGE_H_
