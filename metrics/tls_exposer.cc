#include "metrics/tls_exposer.h"

#include <openssl/ssl.h>
#include <sys/stat.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "httplib.h"

namespace leadgw::metrics {
namespace {

// What changes when a file is replaced or rewritten; empty for a file that cannot be read.
std::string StampOf(const std::string& path) {
  if (path.empty()) return "-";
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return "";
  return absl::StrCat(info.st_dev, ":", info.st_ino, ":", info.st_size, ":",
                      info.st_ctim.tv_sec, ".", info.st_ctim.tv_nsec, ":", info.st_mtim.tv_sec,
                      ".", info.st_mtim.tv_nsec);
}

// SO_REUSEADDR only: unlike httplib's default (which adds SO_REUSEPORT), a second process
// cannot share the port and take half of the scrapes.
void ExclusivePort(socket_t socket) {
  const int yes = 1;
  setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

}  // namespace

TlsExposer::TlsExposer(const Registry& registry, TlsExposerOptions options)
    : registry_(registry), options_(std::move(options)) {}

TlsExposer::~TlsExposer() { Stop(); }

absl::StatusOr<std::unique_ptr<httplib::SSLServer>> TlsExposer::MakeServer() const {
  auto server = std::make_unique<httplib::SSLServer>(
      options_.certificate_file.c_str(), options_.private_key_file.c_str(),
      options_.client_ca_file.empty() ? nullptr : options_.client_ca_file.c_str());
  // httplib reports a bad file only as an invalid server: name the files it was given.
  if (!server->is_valid()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics TLS: cannot load the certificate ", options_.certificate_file, ", its key ",
        options_.private_key_file,
        options_.client_ca_file.empty() ? "" : absl::StrCat(" or the client CA ",
                                                            options_.client_ca_file)));
  }
  SSL_CTX_set_min_proto_version(server->ssl_context(), TLS1_2_VERSION);
  const int threads = options_.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_socket_options(ExclusivePort);
  const auto timeout = absl::ToChronoMicroseconds(options_.request_timeout);
  server->set_read_timeout(timeout);
  server->set_write_timeout(timeout);
  server->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry_.Serialize(), "text/plain");
  });
  server->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  return server;
}

absl::StatusOr<int> TlsExposer::Serve(std::unique_ptr<httplib::SSLServer> server, int port) {
  if (port == 0) {
    port = server->bind_to_any_port(options_.host);
  } else if (!server->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port));
  }
  server_ = std::move(server);
  listener_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
  return port;
}

void TlsExposer::StopServing() {
  if (server_ == nullptr) return;
  server_->stop();
  if (listener_.joinable()) listener_.join();
  server_.reset();
}

absl::Status TlsExposer::Start() {
  if (started_) return absl::FailedPreconditionError("metrics exposer already started");
  started_ = true;
  if (options_.threads < 1) {
    return absl::InvalidArgumentError("metrics exposer needs threads >= 1");
  }
  const std::string stamp = FilesStamp();
  absl::StatusOr<std::unique_ptr<httplib::SSLServer>> server = MakeServer();
  if (!server.ok()) return server.status();
  absl::StatusOr<int> port = Serve(*std::move(server), options_.port);
  if (!port.ok()) return port.status();
  bound_port_ = *port;
  port_.store(*port, std::memory_order_release);
  if (options_.refresh_interval > absl::ZeroDuration()) {
    watcher_ = std::thread([this, stamp] {
      std::string seen = stamp;
      std::unique_lock<std::mutex> lock(mu_);
      while (!stop_requested_.wait_for(lock, absl::ToChronoNanoseconds(options_.refresh_interval),
                                       [this] { return stopping_; })) {
        lock.unlock();
        const std::string now = FilesStamp();
        if (now != seen) {
          seen = now;
          Reload();
        }
        lock.lock();
      }
    });
  }
  return absl::OkStatus();
}

std::string TlsExposer::FilesStamp() const {
  return absl::StrCat(StampOf(options_.certificate_file), "|",
                      StampOf(options_.private_key_file), "|", StampOf(options_.client_ca_file));
}

void TlsExposer::Reload() {
  absl::StatusOr<std::unique_ptr<httplib::SSLServer>> next = MakeServer();
  if (!next.ok()) {
    // Half-written files during a rotation, or a bad one: keep serving the old pair.
    Log(LogLevel::kWarning, "metrics TLS files changed but do not load; kept the old ones",
        {{"reason", std::string(next.status().message())}});
    return;
  }
  StopServing();
  absl::StatusOr<int> served = Serve(*std::move(next), bound_port_);
  if (!served.ok()) {
    port_.store(0, std::memory_order_release);
    Log(LogLevel::kError, "metrics TLS: the port was lost while changing certificates",
        {{"reason", std::string(served.status().message())}});
    return;
  }
  port_.store(*served, std::memory_order_release);
  Log(LogLevel::kInfo, "metrics TLS certificate reloaded", {{"port", absl::StrCat(*served)}});
}

void TlsExposer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (watcher_.joinable()) watcher_.join();
  port_.store(0, std::memory_order_release);
  StopServing();
}

}  // namespace leadgw::metrics
