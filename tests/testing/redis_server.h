// RedisServer: a real redis-server (Debian's /usr/bin/redis-server) on a free loopback
// port for tests of fleet coordination. No persistence; killed when destroyed.
#ifndef LEADGW_TESTS_TESTING_REDIS_SERVER_H_
#define LEADGW_TESTS_TESTING_REDIS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tests/testing/child_process.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::testing {

class RedisServer {
 public:
  // Starts redis-server on 127.0.0.1 and a port free at the time, with `password`
  // (requirepass) unless empty, and waits until it answers PING. Tries a few ports when
  // another process takes the chosen one first.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(const std::string& password = "");

  int port() const { return port_; }

  // Options for a client of this server, with timeouts generous enough for a saturated
  // test machine (the defaults are for production) and its password.
  upstream::coord::RedisOptions ClientOptions() const;

  // SIGKILL, as a crash: the data is gone (there is no persistence).
  void Kill();

  // Starts it again on the same port after Kill().
  absl::Status Restart();

 private:
  RedisServer(int port, std::string password, std::string dir)
      : port_(port), password_(std::move(password)), dir_(std::move(dir)) {}
  absl::Status Launch();

  const int port_;
  const std::string password_;
  const std::string dir_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_TESTING_REDIS_SERVER_H_
