#include "metrics/exposer.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "prometheus/collectable.h"
#include "prometheus/exposer.h"
#include "prometheus/metric_family.h"

namespace leadgw::metrics {
namespace {

// prometheus::Exposer takes collectables by weak_ptr; the Registry is owned by the caller,
// so the exposer registers this forwarding adapter instead.
class RegistryCollectable : public prometheus::Collectable {
 public:
  explicit RegistryCollectable(const Registry& registry) : registry_(registry) {}
  std::vector<prometheus::MetricFamily> Collect() const override { return registry_.Collect(); }

 private:
  const Registry& registry_;
};

// Registered at /healthz so that path answers 200 without collecting the registry.
class NothingToCollect : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override { return {}; }
};

absl::Status CannotListen(const std::string& host, int port, const std::string& reason) {
  return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port, ": ", reason));
}

// Resolves `host` to a numeric address (civetweb's listening_ports takes only numbers) and
// binds it once, as civetweb will (SO_REUSEADDR, no SO_REUSEPORT), so that a port in use
// or an unknown host is reported with its reason; civetweb's own failure is only an
// exception without one. Returns the "address:port" for listening_ports.
absl::StatusOr<std::string> ProbeListenAddress(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* resolved = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &resolved); rc != 0) {
    return CannotListen(host, port, absl::AsciiStrToLower(gai_strerror(rc)));
  }
  char numeric[NI_MAXHOST] = {};
  const int family = resolved->ai_family;
  int rc = getnameinfo(resolved->ai_addr, resolved->ai_addrlen, numeric, sizeof(numeric),
                       nullptr, 0, NI_NUMERICHOST);
  int fd = rc == 0 ? socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0) : -1;
  int error = fd < 0 ? errno : 0;
  if (fd >= 0) {
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (bind(fd, resolved->ai_addr, resolved->ai_addrlen) != 0) error = errno;
    close(fd);
  }
  freeaddrinfo(resolved);
  if (rc != 0) return CannotListen(host, port, absl::AsciiStrToLower(gai_strerror(rc)));
  if (error != 0) return CannotListen(host, port, absl::AsciiStrToLower(std::strerror(error)));
  return family == AF_INET6 ? absl::StrCat("[", numeric, "]:", port)
                            : absl::StrCat(numeric, ":", port);
}

}  // namespace

Exposer::Exposer(const Registry& registry, ExposerOptions options)
    : registry_(registry), options_(std::move(options)) {}

Exposer::~Exposer() { Stop(); }

absl::Status Exposer::Start() {
  if (started_) return absl::FailedPreconditionError("metrics exposer already started");
  started_ = true;
  const int64_t timeout_ms = absl::ToInt64Milliseconds(options_.request_timeout);
  if (options_.threads < 1 || timeout_ms < 1) {
    return absl::InvalidArgumentError(
        "metrics exposer needs threads >= 1 and a request timeout >= 1 ms");
  }
  absl::StatusOr<std::string> address = ProbeListenAddress(options_.host, options_.port);
  if (!address.ok()) return address.status();

  std::vector<std::string> civetweb_options = {
      "listening_ports", *address,
      "num_threads", std::to_string(options_.threads),
      "request_timeout_ms", std::to_string(timeout_ms),
  };
  metrics_ = std::make_shared<RegistryCollectable>(registry_);
  health_ = std::make_shared<NothingToCollect>();
  // prometheus-cpp and civetweb report errors by exception; none may leave this module.
  try {
    server_ = std::make_unique<prometheus::Exposer>(std::move(civetweb_options));
    server_->RegisterCollectable(metrics_, "/metrics");
    server_->RegisterCollectable(health_, "/healthz");
    const std::vector<int> ports = server_->GetListeningPorts();
    if (ports.empty() || ports.front() <= 0) {
      server_.reset();
      return CannotListen(options_.host, options_.port, "no listening port reported");
    }
    port_.store(ports.front(), std::memory_order_release);
  } catch (const std::exception& e) {
    server_.reset();
    return CannotListen(options_.host, options_.port, e.what());
  }
  return absl::OkStatus();
}

void Exposer::Stop() {
  if (server_ == nullptr) return;
  port_.store(0, std::memory_order_release);
  // The destructor stops civetweb and joins its threads; it does not throw.
  server_.reset();
}

}  // namespace leadgw::metrics
