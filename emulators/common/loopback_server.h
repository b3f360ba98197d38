// An httplib::Server listening on a loopback port, run by its own thread, for the
// in-process emulators and their tests.
#ifndef LEADGW_EMULATORS_COMMON_LOOPBACK_SERVER_H_
#define LEADGW_EMULATORS_COMMON_LOOPBACK_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "emulators/common/request_log.h"
#include "httplib.h"

namespace leadgw::emulators::common {

// Lifecycle: construct, register routes on server(), Start() once, Stop() (or destroy).
// Start/Stop/port/base_url are thread-safe; routes must be registered before Start().
class LoopbackHttpServer {
 public:
  // `worker_threads` bounds how many requests are handled at once; keep-alive
  // connections each hold a worker while open, so leave headroom above the emulated
  // concurrency ceiling (Marketo: 10 in flight).
  explicit LoopbackHttpServer(int worker_threads = 32);
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;
  // Stops the server and joins its thread.
  ~LoopbackHttpServer();

  // The underlying server, to register routes and handlers before Start().
  httplib::Server& server() { return server_; }

  // The last requests received (raw targets and headers), recorded before routing; for
  // tests that check what the gateway put on the wire. Do not replace the server's
  // pre-routing handler, which records them.
  const RequestLog& received_requests() const { return received_; }
  RequestLog& received_requests() { return received_; }

  // Listen backlog applied after binding. httplib's compiled-in backlog is 5, which
  // drops bursts of simultaneous connects into SYN retransmits (1 s stalls).
  static constexpr int kListenBacklog = 128;

  // Binds `host`:`port` (port 0 picks a free port), starts serving in a new thread and
  // returns the bound port once the accept loop runs. UNAVAILABLE if the bind fails,
  // FAILED_PRECONDITION if already started (a stopped server cannot be restarted).
  absl::StatusOr<int> Start(const std::string& host = "127.0.0.1", int port = 0);

  // Stops accepting, waits for in-flight handlers and joins the thread. Idempotent.
  void Stop();

  // The bound port, or 0 before Start().
  int port() const;

  // "http://HOST:PORT" (a wildcard host is rendered as 127.0.0.1); empty before Start().
  std::string base_url() const;

 private:
  // Exposes the listening socket (a protected member of httplib::Server).
  class Server : public httplib::Server {
   public:
    socket_t listening_socket() const { return svr_sock_; }
  };

  RequestLog received_;
  Server server_;
  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  int port_ ABSL_GUARDED_BY(mu_) = 0;
  std::string host_ ABSL_GUARDED_BY(mu_);
  std::thread thread_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leadgw::emulators::common

#endif  // LEADGW_EMULATORS_COMMON_LOOPBACK_SERVER_H_
