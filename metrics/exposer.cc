#include "metrics/exposer.h"

#include <sys/socket.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "httplib.h"
#include "metrics/text_serializer.h"

namespace leadgw::metrics {
namespace {

// Upper bound on waiting for the listener thread to enter its accept loop.
constexpr absl::Duration kStartTimeout = absl::Seconds(10);
constexpr int kWorkerThreads = 2;

// SO_REUSEADDR (fast restart over TIME_WAIT) but not httplib's default SO_REUSEPORT,
// which would let two processes share the port.
void ExclusivePortOptions(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

}  // namespace

Exposer::Exposer(const Registry& registry, ExposerOptions options)
    : registry_(registry), options_(std::move(options)) {}

Exposer::~Exposer() { Stop(); }

absl::Status Exposer::Start() {
  if (started_) return absl::FailedPreconditionError("metrics exposer already started");
  started_ = true;

  server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server_->set_socket_options(ExclusivePortOptions);
  server_->set_keep_alive_max_count(1);
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry_.Serialize(), std::string(kTextFormatContentType));
  });
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok", "text/plain; charset=utf-8");
  });

  int port = options_.port;
  bool bound;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
    bound = port > 0;
  } else {
    bound = server_->bind_to_port(options_.host, port);
  }
  if (!bound) {
    return absl::UnavailableError(
        absl::StrCat("metrics exposer cannot bind ", options_.host, ":", options_.port));
  }

  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listener_done_.store(true, std::memory_order_release);
  });
  // httplib's stop() is a no-op until the listener has marked itself running (the thread
  // would then accept forever), and must not be called twice while it runs. Waiting here
  // makes Stop() a single, effective stop() call.
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (!server_->is_running() && !listener_done_.load(std::memory_order_acquire)) {
    if (absl::Now() > deadline) {
      // Leave thread_ joinable; Stop() retries once the listener runs.
      return absl::DeadlineExceededError("metrics exposer listener did not start");
    }
    absl::SleepFor(absl::Microseconds(200));
  }
  if (listener_done_.load(std::memory_order_acquire)) {
    thread_.join();
    return absl::UnavailableError(
        absl::StrCat("metrics exposer stopped listening on ", options_.host, ":", port));
  }
  port_.store(port, std::memory_order_release);
  return absl::OkStatus();
}

void Exposer::Stop() {
  if (!thread_.joinable()) return;
  // Bounded by the listener's start-up; normally already running (see Start()).
  while (!server_->is_running() && !listener_done_.load(std::memory_order_acquire)) {
    absl::SleepFor(absl::Microseconds(200));
  }
  server_->stop();
  thread_.join();
  port_.store(0, std::memory_order_release);
}

}  // namespace leadgw::metrics
