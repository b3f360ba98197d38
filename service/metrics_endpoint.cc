#include "service/metrics_endpoint.h"

namespace leadgw::service {

MetricsEndpoint::MetricsEndpoint(const metrics::Registry& registry,
                                 const ServerSettings& server) {
  if (!server.metrics_tls.has_value()) {
    plain_ = std::make_unique<metrics::Exposer>(
        registry, metrics::ExposerOptions{server.listen_address, server.metrics_port,
                                          server.metrics_threads,
                                          server.metrics_request_timeout});
    return;
  }
  metrics::TlsExposerOptions options;
  options.host = server.listen_address;
  options.port = server.metrics_port;
  options.threads = server.metrics_threads;
  options.request_timeout = server.metrics_request_timeout;
  options.certificate_file = server.metrics_tls->certificate_file;
  options.private_key_file = server.metrics_tls->private_key_file;
  options.client_ca_file = server.metrics_tls->client_ca_file;
  options.refresh_interval = server.metrics_tls->refresh_interval;
  tls_ = std::make_unique<metrics::TlsExposer>(registry, std::move(options));
}

absl::Status MetricsEndpoint::Start() { return tls_ ? tls_->Start() : plain_->Start(); }

void MetricsEndpoint::Stop() {
  if (tls_) {
    tls_->Stop();
  } else {
    plain_->Stop();
  }
}

int MetricsEndpoint::port() const { return tls_ ? tls_->port() : plain_->port(); }

}  // namespace leadgw::service
