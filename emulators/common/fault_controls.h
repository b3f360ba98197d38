// Fault-injection knobs read by an emulator on every request: added latency, error rates
// per code, dropped connections, a "down" switch and a one-shot forced token expiry.
#ifndef LEADGW_EMULATORS_COMMON_FAULT_CONTROLS_H_
#define LEADGW_EMULATORS_COMMON_FAULT_CONTROLS_H_

#include <cstdint>
#include <map>
#include <random>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace leadgw::emulators::common {

// The knobs. Defaults inject nothing.
struct FaultConfig {
  // Added to every faultable request before it is answered.
  absl::Duration latency = absl::ZeroDuration();
  // code -> probability in [0, 1]. A code is an HTTP status ("500", "503") or a vendor
  // code ("604", "606"); the emulator decides how to render it. The probabilities are
  // exclusive slices of one draw, so their sum must not exceed 1.
  std::map<std::string, double> error_rates;
  // Probability in [0, 1] that the connection is dropped without an answer.
  double drop_rate = 0.0;
  // Probability in [0, 1] that a request is answered only after `stall` more (on top of
  // `latency`): a client whose timeout is shorter sees a timeout.
  double stall_rate = 0.0;
  absl::Duration stall = absl::Seconds(5);
  // When true every faultable request answers HTTP 503.
  bool down = false;
  // When true the vendor emulator expires its tokens on the next request (one-shot;
  // see FaultControls::ConsumeTokenExpiry).
  bool expire_tokens = false;
};

// What to do with one request, drawn by FaultControls::Decide().
struct FaultDecision {
  absl::Duration latency = absl::ZeroDuration();
  bool down = false;
  bool drop = false;
  // Empty, or the code whose error must be answered instead of running the endpoint.
  std::string error_code;
};

// Thread-safe. Draws use a std::mt19937_64, seeded from a random device unless Seed() is
// called, so a seeded sequence of Decide() calls is reproducible.
class FaultControls {
 public:
  FaultControls();
  FaultControls(const FaultControls&) = delete;
  FaultControls& operator=(const FaultControls&) = delete;

  // Replaces every knob. Returns INVALID_ARGUMENT (and changes nothing) for a negative
  // latency, a rate outside [0, 1] or error rates summing above 1.
  absl::Status Set(const FaultConfig& config);
  FaultConfig Get() const;

  // Applies a JSON object; keys that are absent keep their value:
  //   {"latency_ms": 250, "error_rates": {"604": 0.1, "500": 0.05}, "drop_rate": 0.02,
  //    "stall_rate": 0.05, "stall_ms": 2000, "down": false, "expire_tokens": true,
  //    "seed": 42}
  // "error_rates" replaces the whole map ({} clears it). "seed" reseeds the generator.
  // Unknown keys, wrong types and invalid values are INVALID_ARGUMENT; nothing changes then.
  absl::Status ApplyJson(absl::string_view json);

  // The current knobs in the ApplyJson format (without "seed").
  std::string ToJson() const;

  // Back to defaults (the generator keeps its state).
  void Reset();

  // Reseeds the generator for reproducible decisions.
  void Seed(uint64_t seed);

  // Draws the fate of one request: drop first (drop_rate), otherwise one error code
  // (error_rates, codes in lexicographic order over a single uniform draw); a stall
  // (stall_rate) adds `stall` to the latency of a request that is not dropped.
  FaultDecision Decide();

  // Returns true once after expire_tokens was set, and clears it.
  bool ConsumeTokenExpiry();

 private:
  mutable absl::Mutex mu_;
  FaultConfig config_ ABSL_GUARDED_BY(mu_);
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_FAULT_CONTROLS_H_
