#include "tests/testing/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace leadgw::testing {
namespace {

constexpr char kRedisServer[] = "/usr/bin/redis-server";

// A loopback port that was free a moment ago (the kernel's pick for port 0).
absl::StatusOr<int> FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) return absl::InternalError("cannot bind a loopback port");
  return ntohs(address.sin_port);
}

// Whether something accepts TCP connections on 127.0.0.1:port.
bool Accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(const std::string& password) {
  absl::Status last = absl::UnavailableError("no attempt");
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<int> port = FreeLoopbackPort();
    if (!port.ok()) return port.status();
    std::unique_ptr<RedisServer> server(new RedisServer(*port, password, MakeTempDir()));
    last = server->Launch();
    if (last.ok()) return server;
  }
  return last;
}

absl::Status RedisServer::Launch() {
  std::vector<std::string> argv = {kRedisServer,  "--port",       absl::StrCat(port_),
                                   "--bind",      "127.0.0.1",    "--save",
                                   "",            "--appendonly", "no",
                                   "--dir",       dir_,           "--daemonize",
                                   "no"};
  if (!password_.empty()) {
    argv.push_back("--requirepass");
    argv.push_back(password_);
  }
  const std::string log = absl::StrCat(dir_, "/redis.log");
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(argv, {}, log);
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  // Generous: a saturated machine may take a while to start a process.
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (absl::Now() < give_up) {
    if (process_->Poll().has_value()) {
      return absl::UnavailableError(
          absl::StrCat("redis-server exited at start: ", ReadWholeFile(log)));
    }
    if (Accepts(port_)) return absl::OkStatus();
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat("redis-server did not listen on ", port_));
}

upstream::coord::RedisOptions RedisServer::ClientOptions() const {
  upstream::coord::RedisOptions options;
  options.port = port_;
  options.password = Secret(password_);
  options.connect_timeout = absl::Seconds(2);
  options.command_timeout = absl::Seconds(2);
  return options;
}

void RedisServer::Kill() {
  if (process_ == nullptr) return;
  (void)process_->Stop(SIGKILL, absl::Seconds(10));
  process_.reset();
}

absl::Status RedisServer::Restart() {
  Kill();
  return Launch();
}

}  // namespace leadgw::testing
