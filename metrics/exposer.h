// HTTP endpoint serving a Registry to Prometheus: GET /metrics and GET /healthz.
#ifndef LEADGW_METRICS_EXPOSER_H_
#define LEADGW_METRICS_EXPOSER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "metrics/registry.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace leadgw::metrics {

struct ExposerOptions {
  // Address to bind. All interfaces by default so an in-cluster Prometheus can scrape;
  // tests use "127.0.0.1".
  std::string host = "0.0.0.0";
  // TCP port; 0 lets the kernel choose (read it back with Exposer::port()).
  int port = 9464;
};

// Serves, on its own thread (cpp-httplib, two worker threads):
//   GET /metrics  200, Content-Type kTextFormatContentType, registry.Serialize()
//   GET /healthz  200, "ok"
//   anything else 404
// Each connection serves one request (Connection: close), so Stop() never waits on an
// idle keep-alive client. The port is bound exclusively (SO_REUSEADDR without
// SO_REUSEPORT): a second process on the same port fails to start instead of silently
// taking half of the scrapes.
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
  // UNAVAILABLE if the address cannot be bound (port in use, unknown host);
  // FAILED_PRECONDITION if already started (an Exposer starts at most once).
  absl::Status Start();

  // Stops accepting, finishes in-flight requests and joins the server thread.
  // Idempotent; a no-op before Start().
  void Stop();

  // The bound port while serving (after a successful Start(), before Stop()), else 0.
  int port() const { return port_.load(std::memory_order_acquire); }

 private:
  const Registry& registry_;
  const ExposerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> listener_done_{false};  // Set when listen_after_bind() returns.
  bool started_ = false;
  std::atomic<int> port_{0};
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_EXPOSER_H_
