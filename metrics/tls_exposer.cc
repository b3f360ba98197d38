#include "metrics/tls_exposer.h"

#include <openssl/ssl.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "httplib.h"

namespace leadgw::metrics {

TlsExposer::TlsExposer(const Registry& registry, TlsExposerOptions options)
    : registry_(registry), options_(std::move(options)) {}

TlsExposer::~TlsExposer() { Stop(); }

absl::Status TlsExposer::Start() {
  if (started_) return absl::FailedPreconditionError("metrics exposer already started");
  started_ = true;
  if (options_.threads < 1) {
    return absl::InvalidArgumentError("metrics exposer needs threads >= 1");
  }
  // httplib reports a bad file only as an invalid server: name the files it was given.
  server_ = std::make_unique<httplib::SSLServer>(
      options_.certificate_file.c_str(), options_.private_key_file.c_str(),
      options_.client_ca_file.empty() ? nullptr : options_.client_ca_file.c_str());
  if (!server_->is_valid()) {
    server_.reset();
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics TLS: cannot load the certificate ", options_.certificate_file, ", its key ",
        options_.private_key_file,
        options_.client_ca_file.empty() ? "" : absl::StrCat(" or the client CA ",
                                                            options_.client_ca_file)));
  }
  SSL_CTX_set_min_proto_version(server_->ssl_context(), TLS1_2_VERSION);
  const int threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  const auto timeout = absl::ToChronoMicroseconds(options_.request_timeout);
  server_->set_read_timeout(timeout);
  server_->set_write_timeout(timeout);
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry_.Serialize(), "text/plain");
  });
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port));
  }
  port_.store(port, std::memory_order_release);
  listener_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
  return absl::OkStatus();
}

void TlsExposer::Stop() {
  if (server_ == nullptr) return;
  port_.store(0, std::memory_order_release);
  server_->stop();
  if (listener_.joinable()) listener_.join();
  server_.reset();
}

}  // namespace leadgw::metrics
