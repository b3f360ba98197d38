// The fixture of the GuardedCalls tests (guarded_calls_test.cc, guarded_calls_quota_test.cc):
// a scripted backend attempt, statuses as an error table makes them, and a guard built on
// a fake clock with its metrics in a private registry.
#ifndef LEADGW_UPSTREAM_GUARD_GUARDED_CALLS_TEST_FIXTURE_H_
#define LEADGW_UPSTREAM_GUARD_GUARDED_CALLS_TEST_FIXTURE_H_

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "metrics/registry.h"
#include "testing/fake_clock.h"
#include "upstream/guard/guarded_calls.h"
#include "upstream/upstream_error.h"

namespace leadgw::upstream::guard_testing {

// What a backend's attempt returns, scripted in order (the last one repeats); counts the
// attempts and keeps the last timeout it was given.
class ScriptedAttempts {
 public:
  void Push(absl::Status status) { script_.push_back(std::move(status)); }
  absl::Status operator()(const Attempt& attempt) {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    last_timeout_ = attempt.timeout;
    if (script_.size() > 1) {
      absl::Status status = std::move(script_.front());
      script_.pop_front();
      return status;
    }
    return script_.front();
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  absl::Duration last_timeout() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_timeout_;
  }

 private:
  std::mutex mu_;
  std::deque<absl::Status> script_;
  int calls_ = 0;
  absl::Duration last_timeout_;
};

// A status as a backend's error table makes it.
inline absl::Status Answered(absl::StatusCode code, Outcome outcome, absl::string_view upstream_code,
                      absl::Duration upstream_wait = absl::ZeroDuration()) {
  absl::Status status = UpstreamError(code, "vendor", upstream_code, "answer");
  SetOutcome(status, outcome, upstream_wait);
  return status;
}

inline UpstreamSettings Settings() {
  UpstreamSettings settings;
  settings.name = "conn";
  settings.limits.calls_per_window = 1000;
  settings.limits.window = absl::Seconds(1);
  settings.endpoint_timeouts = {{"get_lead", absl::Seconds(30)}};
  return settings;
}

class GuardedCallsTest : public ::testing::Test {
 protected:
  GuardedCallsTest() : families_(registry_) {}

  // With `fake_gate_clock` the gate reads clock_ too: only for tests where the gate
  // never waits (it would wait in real time for simulated time that never passes).
  std::unique_ptr<GuardedCalls> Make(UpstreamSettings settings = Settings(),
                                     bool fake_gate_clock = false) {
    GuardOptions options = GuardOptionsFor(settings);
    options.clock = &clock_;
    if (fake_gate_clock) options.gate.clock = &clock_;
    auto metrics =
        std::make_shared<ConnectionMetrics>(families_, settings, "vendor",
                                            std::vector<std::string>{"429", "999"});
    return std::make_unique<GuardedCalls>(settings, metrics, options);
  }

  CallSpec Spec(bool idempotent = true) {
    CallSpec spec;
    spec.endpoint = "get_lead";
    spec.idempotent = idempotent;
    spec.deadline = absl::Now() + absl::Seconds(60);
    return spec;
  }

  absl::Status Run(GuardedCalls& guard, const CallSpec& spec) {
    return guard.Run(spec, [this](const Attempt& a) { return attempts_(a); });
  }

  std::string Scrape() { return registry_.Serialize(); }

  metrics::Registry registry_;
  UpstreamMetrics families_;
  testing_util::FakeClock clock_{absl::Now()};
  ScriptedAttempts attempts_;
};

// An attempt that takes `latency` of the fake clock, then answers `status`.
inline auto Taking(testing_util::FakeClock& clock, absl::Duration latency, absl::Status status) {
  return [&clock, latency, status](const Attempt&) {
    clock.Advance(latency);
    return status;
  };
}

}  // namespace leadgw::upstream::guard_testing

#endif  // LEADGW_UPSTREAM_GUARD_GUARDED_CALLS_TEST_FIXTURE_H_
