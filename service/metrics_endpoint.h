// The /metrics endpoint main() serves: prometheus-cpp's civetweb Exposer in plaintext, or
// the TLS server (metrics/tls_exposer.h) when server.metrics.tls is set.
#ifndef LEADGW_SERVICE_METRICS_ENDPOINT_H_
#define LEADGW_SERVICE_METRICS_ENDPOINT_H_

#include <memory>

#include "absl/status/status.h"
#include "metrics/exposer.h"
#include "metrics/registry.h"
#include "metrics/tls_exposer.h"
#include "service/config.h"

namespace leadgw::service {

class MetricsEndpoint {
 public:
  // `registry` must outlive the endpoint.
  MetricsEndpoint(const metrics::Registry& registry, const ServerSettings& server);

  // As Exposer::Start / TlsExposer::Start.
  absl::Status Start();
  void Stop();
  int port() const;
  bool tls() const { return tls_ != nullptr; }

 private:
  std::unique_ptr<metrics::Exposer> plain_;
  std::unique_ptr<metrics::TlsExposer> tls_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_METRICS_ENDPOINT_H_
