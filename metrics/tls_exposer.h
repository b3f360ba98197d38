// /metrics and /healthz over TLS (config server.metrics.tls), on cpp-httplib's SSLServer.
//
// Why not prometheus-cpp's civetweb Exposer, which serves plaintext /metrics: Debian
// bookworm's civetweb 1.15 loads libssl at run time and looks up SSL_get_peer_certificate,
// which OpenSSL 3 no longer exports; the first TLS connection then calls a null pointer
// (civetweb/civetweb#1334). cpp-httplib links OpenSSL 3 properly and is already a
// dependency (the emulators).
//
// Rotation: the files are checked every `refresh_interval` (their inode, size and change
// time, so a Kubernetes Secret's symlink swap counts). When they changed and load, a new
// server takes the port over from the old one: a scrape in that moment may be refused and
// is retried at the next interval. Files that do not load are logged and the old
// certificate is kept. The SSL context is not changed in place: httplib creates each
// connection's SSL from it under a lock of its own.
#ifndef LEADGW_METRICS_TLS_EXPOSER_H_
#define LEADGW_METRICS_TLS_EXPOSER_H_

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "metrics/registry.h"

namespace httplib {
class SSLServer;
}  // namespace httplib

namespace leadgw::metrics {

struct TlsExposerOptions {
  std::string host = "0.0.0.0";
  int port = 9464;  // 0: the kernel chooses (read it back with port())
  int threads = 16;
  // A request not read, or an answer not taken, within this is dropped.
  absl::Duration request_timeout = absl::Seconds(2);
  std::string certificate_file;  // PEM chain
  std::string private_key_file;  // PEM key; never logged
  // PEM CA bundle: set, a client must present a certificate it signed (mutual TLS).
  std::string client_ca_file;
  // How often the files are checked for a rotation; zero: never.
  absl::Duration refresh_interval = absl::Seconds(60);
};

// Serves GET /metrics (200, text/plain, registry.Serialize()) and GET /healthz (200) over
// TLS 1.2 or later; anything else 404. Start() and Stop() from one thread.
class TlsExposer {
 public:
  // `registry` must outlive the exposer.
  TlsExposer(const Registry& registry, TlsExposerOptions options);
  ~TlsExposer();  // Calls Stop().
  TlsExposer(const TlsExposer&) = delete;
  TlsExposer& operator=(const TlsExposer&) = delete;

  // INVALID_ARGUMENT when the certificate, key or CA cannot be loaded (named by path, never
  // by contents) or threads < 1; UNAVAILABLE "cannot listen on host:port"; FAILED_PRECONDITION
  // when already started.
  absl::Status Start();
  // Stops accepting and joins the server's threads. Idempotent.
  void Stop();
  int port() const { return port_.load(std::memory_order_acquire); }

 private:
  // One server with the files as they are now, not yet bound.
  absl::StatusOr<std::unique_ptr<httplib::SSLServer>> MakeServer() const;
  // Binds `server` to `port` (0: any) and serves it on listener_; returns the port or an error.
  absl::StatusOr<int> Serve(std::unique_ptr<httplib::SSLServer> server, int port);
  void StopServing();
  // The files changed: serve them on the same port if they load (on the watcher thread).
  void Reload();
  std::string FilesStamp() const;

  const Registry& registry_;
  const TlsExposerOptions options_;
  bool started_ = false;
  std::unique_ptr<httplib::SSLServer> server_;  // touched by Start/Stop and the watcher,
  std::thread listener_;                         // never at once (the watcher is joined
  std::atomic<int> port_{0};                     // first)
  int bound_port_ = 0;  // the port served, kept across reloads
  std::thread watcher_;  // checks the files every refresh_interval until Stop()
  std::mutex mu_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;  // guarded by mu_
};

}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_TLS_EXPOSER_H_
