#include "emulators/common/loopback_server.h"

#include <sys/socket.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace leadgw::emulators::common {

LoopbackHttpServer::LoopbackHttpServer(int worker_threads) {
  const size_t threads = worker_threads > 0 ? static_cast<size_t>(worker_threads) : 1;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // The default (5 requests per connection) makes pooled clients reconnect constantly.
  server_.set_keep_alive_max_count(1000);
  // Without TCP_NODELAY every answer on a reused keep-alive connection waits ~40 ms for
  // Nagle + delayed ACK, which would dominate every latency the tests and benches see.
  server_.set_tcp_nodelay(true);
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
    ReceivedRequest received{req.method, req.target, {}};
    for (const auto& [name, value] : req.headers) received.headers.emplace_back(name, value);
    received_.Record(std::move(received));
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

LoopbackHttpServer::~LoopbackHttpServer() { Stop(); }

absl::StatusOr<int> LoopbackHttpServer::Start(const std::string& host, int port) {
  absl::MutexLock lock(&mu_);
  if (started_) return absl::FailedPreconditionError("server already started");
  int bound = 0;
  if (port == 0) {
    bound = server_.bind_to_any_port(host);
  } else if (server_.bind_to_port(host, port)) {
    bound = port;
  }
  if (bound <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot bind ", host, ":", port));
  }
  // Calling listen() again on a listening socket only changes its backlog.
  ::listen(server_.listening_socket(), kListenBacklog);
  started_ = true;
  port_ = bound;
  host_ = (host == "0.0.0.0" || host == "::" || host.empty()) ? "127.0.0.1" : host;
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // stop() is a no-op until the accept loop marks itself running, so wait for that
  // (bounded) before handing the server out; connections made meanwhile queue in the
  // listen backlog anyway.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (!server_.is_running() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  if (!server_.is_running()) {
    return absl::InternalError("HTTP server thread did not start");
  }
  return bound;
}

void LoopbackHttpServer::Stop() {
  std::thread thread;
  {
    absl::MutexLock lock(&mu_);
    if (!thread_.joinable()) return;
    thread = std::move(thread_);
  }
  server_.stop();
  thread.join();
}

int LoopbackHttpServer::port() const {
  absl::MutexLock lock(&mu_);
  return port_;
}

std::string LoopbackHttpServer::base_url() const {
  absl::MutexLock lock(&mu_);
  if (!started_) return "";
  return absl::StrCat("http://", host_, ":", port_);
}

}  // namespace leadgw::emulators::common
