// Per-endpoint request and outcome counters kept by an emulator, so tests can assert how
// many calls reached the upstream and which answers (e.g. 606, 615, 607, 429) were given.
#ifndef LEADGW_EMULATORS_COMMON_REQUEST_COUNTERS_H_
#define LEADGW_EMULATORS_COMMON_REQUEST_COUNTERS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace leadgw::emulators::common {

// Outcome recorded for an answer that was not an error.
inline constexpr absl::string_view kOutcomeOk = "ok";
// Outcome recorded when a fault dropped the connection without an answer.
inline constexpr absl::string_view kOutcomeDropped = "dropped";

// A consistent copy of all counters.
struct CounterSnapshot {
  // endpoint name -> number of requests received.
  std::map<std::string, int64_t> requests;
  // (endpoint name, outcome code) -> number of answers. The outcome is kOutcomeOk, an
  // HTTP status ("414", "429", "503") or a vendor code ("601", "606").
  std::map<std::pair<std::string, std::string>, int64_t> outcomes;
};

// Thread-safe counters. Endpoint names are free-form but should come from a small fixed
// set per emulator (e.g. "identity", "sync_leads", "unknown").
class RequestCounters {
 public:
  RequestCounters() = default;
  RequestCounters(const RequestCounters&) = delete;
  RequestCounters& operator=(const RequestCounters&) = delete;

  // Counts one request to `endpoint`.
  void RecordRequest(absl::string_view endpoint);

  // Counts one answer with `outcome` (see CounterSnapshot::outcomes) for `endpoint`.
  void RecordOutcome(absl::string_view endpoint, absl::string_view outcome);

  // Requests received for `endpoint` (0 if never seen).
  int64_t Requests(absl::string_view endpoint) const;

  // Answers with `outcome` for `endpoint` (0 if never seen).
  int64_t Outcomes(absl::string_view endpoint, absl::string_view outcome) const;

  // Answers with `outcome` summed over every endpoint.
  int64_t OutcomesForCode(absl::string_view outcome) const;

  // Requests summed over every endpoint.
  int64_t TotalRequests() const;

  CounterSnapshot Snapshot() const;

  // Renders the snapshot as
  // {"total_requests":N,"requests":{"ep":N,...},"outcomes":{"ep":{"code":N,...},...}}.
  std::string ToJson() const;

  // Zeroes every counter.
  void Reset();

 private:
  mutable absl::Mutex mu_;
  CounterSnapshot data_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_REQUEST_COUNTERS_H_
