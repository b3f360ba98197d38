// The last requests an emulator received, exactly as they came off the wire (method, raw
// request target, headers), so end-to-end tests can prove what the gateway sent upstream:
// e.g. that a hostile id stayed inside one percent-encoded path segment.
#ifndef LEADGW_EMULATORS_COMMON_REQUEST_LOG_H_
#define LEADGW_EMULATORS_COMMON_REQUEST_LOG_H_

#include <cstddef>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace leadgw::emulators::common {

// One request as received, before any routing or decoding.
struct ReceivedRequest {
  std::string method;
  // The raw request target of the request line: path and query, still percent-encoded.
  std::string target;
  // Header names and values in arrival order.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Thread-safe ring of the most recent `capacity` requests. Memory stays bounded (the
// sandbox runs the emulators in production), and nothing here changes any answer.
// Holds secrets the gateway sends (api_key query, Authorization): test use only, never
// log or serve it.
class RequestLog {
 public:
  static constexpr size_t kDefaultCapacity = 64;

  explicit RequestLog(size_t capacity = kDefaultCapacity);
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Keeps `request`, dropping the oldest when full.
  void Record(ReceivedRequest request);

  // The kept requests, oldest first.
  std::vector<ReceivedRequest> Recent() const;

  // Forgets every kept request.
  void Clear();

 private:
  const size_t capacity_;
  mutable absl::Mutex mu_;
  std::deque<ReceivedRequest> requests_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_REQUEST_LOG_H_
