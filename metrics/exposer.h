// HTTP endpoint serving a Registry to Prometheus: GET /metrics and GET /healthz, on
// prometheus-cpp's civetweb-based prometheus::Exposer.
#ifndef LEADGW_METRICS_EXPOSER_H_
#define LEADGW_METRICS_EXPOSER_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "metrics/registry.h"

namespace prometheus {
class Collectable;
class Exposer;
}  // namespace prometheus

namespace leadgw::metrics {

struct ExposerOptions {
  // Address to bind. All interfaces by default so an in-cluster Prometheus can scrape;
  // tests use "127.0.0.1". A host name is resolved once, at Start().
  std::string host = "0.0.0.0";
  // TCP port; 0 lets the kernel choose (read it back with Exposer::port()).
  int port = 9464;
  // civetweb worker threads: each holds one connection until its request is answered
  // or times out, so this many slow clients can be served before scrapes queue.
  int threads = 16;
  // civetweb's request_timeout_ms: a connection whose request is not complete this long
  // after it started is closed, trickling or not (exposer_test), freeing its worker.
  absl::Duration request_timeout = absl::Seconds(2);
};

// Serves, on civetweb's threads:
//   GET /metrics  200, Content-Type "text/plain", registry.Serialize() plus
//                 prometheus-cpp's own exposer_* families (see docs/metrics.md)
//   GET /healthz  200 (the exposer_* families of that endpoint; the status is what counts)
//   anything else 404 (another method: 405)
// The port is bound exclusively (civetweb sets SO_REUSEADDR, never SO_REUSEPORT): a
// second process on the same port fails to start instead of taking half of the scrapes.
//
// Start() and Stop() must be called from one thread; port() from any thread.
class Exposer {
 public:
  // `registry` must outlive the Exposer.
  Exposer(const Registry& registry, ExposerOptions options);
  ~Exposer();  // Calls Stop().
  Exposer(const Exposer&) = delete;
  Exposer& operator=(const Exposer&) = delete;

  // Binds and starts serving; returns once the server accepts connections.
  // UNAVAILABLE if the address cannot be bound ("cannot listen on host:port: address
  // already in use", unknown host); FAILED_PRECONDITION if already started (an Exposer
  // starts at most once); INVALID_ARGUMENT for threads < 1 or a timeout under 1 ms.
  absl::Status Start();

  // Stops accepting, waits for civetweb's threads (at most request_timeout for a slow
  // client). Idempotent; a no-op before Start().
  void Stop();

  // The bound port while serving (after a successful Start(), before Stop()), else 0.
  int port() const { return port_.load(std::memory_order_acquire); }

 private:
  const Registry& registry_;
  const ExposerOptions options_;
  bool started_ = false;
  // prometheus::Exposer holds collectables by weak_ptr: these keep them alive while it
  // serves. `metrics_` forwards to registry_; `health_` collects nothing.
  std::shared_ptr<prometheus::Collectable> metrics_;
  std::shared_ptr<prometheus::Collectable> health_;
  std::unique_ptr<prometheus::Exposer> server_;
  std::atomic<int> port_{0};
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_EXPOSER_H_
