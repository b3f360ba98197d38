// RedisClient: one connection to the Redis that a fleet of gateway replicas shares for
// coordination (rolling windows, leases), for short commands and Lua scripts, each bounded
// by a timeout. Vendor-free.
//
// hiredis 0.14 (Debian bookworm's libhiredis-dev) in blocking mode: a command is one write
// and one read on a socket with send and receive timeouts. Calls share one connection,
// serialised by a mutex: a coordination script is one round trip of tens of microseconds
// on a local network, far below the upstream calls it governs. A broken connection is
// dropped; the next call reconnects, at most once per `reconnect_interval`, so that a
// Redis outage costs callers one quick UNAVAILABLE each, not a connect storm.
//
// No TLS: hiredis 0.14 has none (hiredis_ssl came with 1.0). A deployment that needs it
// puts Redis on the pod's network namespace or behind a TLS sidecar (docs).
#ifndef LEADGW_UPSTREAM_COORD_REDIS_CLIENT_H_
#define LEADGW_UPSTREAM_COORD_REDIS_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/secret.h"

struct redisContext;

namespace leadgw::upstream::coord {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  Secret password;  // empty: no AUTH
  absl::Duration connect_timeout = absl::Milliseconds(200);
  // Bounds each command's write and read (a script is one command).
  absl::Duration command_timeout = absl::Milliseconds(200);
  // Least time between two connection attempts after a failure.
  absl::Duration reconnect_interval = absl::Milliseconds(100);
  // Told when Redis stops or starts answering (false: a connection or a command failed, or
  // the password was refused; true: a command got an answer again). Called with the
  // client's lock held: it must not call back into the client.
  std::function<void(bool reachable)> on_reachability_change;
  // Told of every command: its name (a script's, or the command's in lower case), how long
  // it took and whether it failed (unreachable, timed out, refused, or an error reply).
  // Called with the client's lock held, like on_reachability_change.
  std::function<void(absl::string_view op, absl::Duration took, bool failed)> on_command;
};

// A Redis reply, reduced to the types scripts and plain commands return.
struct RedisReply {
  enum class Type { kNil, kInteger, kString, kStatus, kArray };
  Type type = Type::kNil;
  int64_t integer = 0;
  std::string text;  // kString, kStatus
  std::vector<RedisReply> elements;  // kArray
};

// A Lua script run with EVALSHA; the client loads it on first use and again after Redis
// forgot it (NOSCRIPT: a restart or SCRIPT FLUSH).
struct RedisScript {
  std::string name;  // what it does, for metrics ("window_admit")
  std::string source;
};

// Whether `status` (from a RedisClient) means the fleet cannot coordinate through Redis
// right now: it is unreachable, too slow, or refuses our password. Users fall back to what
// one process can promise (docs/adr/0004-fleet-coordination-down.md); other errors are
// bugs or a misbehaving server, and are passed on.
inline bool IsCoordinationOutage(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kUnauthenticated;
}

// Thread-safe.
class RedisClient {
 public:
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Runs one command (argv[0] is its name). UNAVAILABLE when Redis cannot be reached or
  // does not answer within command_timeout (the connection is then dropped);
  // UNAUTHENTICATED when it rejects the password; INTERNAL for an error reply, with its
  // text. Messages name host:port, never the password.
  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv);

  // EVALSHA of `script` with `keys` and `args`, loading it when Redis does not know it.
  absl::StatusOr<RedisReply> Eval(const RedisScript& script, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args);

  const RedisOptions& options() const { return options_; }

  // Whether the last attempt reached Redis (true before the first), and since when it has
  // not (InfinitePast while it does).
  bool reachable() const { return reachable_.load(std::memory_order_relaxed); }
  absl::Time unreachable_since() const {
    const int64_t nanos = unreachable_since_nanos_.load(std::memory_order_relaxed);
    return nanos == 0 ? absl::InfinitePast() : absl::FromUnixNanos(nanos);
  }

 private:
  absl::Status ConnectLocked();
  absl::StatusOr<RedisReply> CommandLocked(const std::vector<std::string>& argv);
  absl::StatusOr<RedisReply> EvalLocked(const RedisScript& script,
                                        const std::vector<std::string>& keys,
                                        const std::vector<std::string>& args);
  void ObserveLocked(absl::string_view op, absl::Time start, bool failed) const;
  void DropLocked();
  void NoteReachableLocked(bool reachable);
  std::string Where() const;

  const RedisOptions options_;
  std::mutex mu_;
  redisContext* context_ = nullptr;                       // guarded by mu_
  absl::Time next_connect_ = absl::InfinitePast();        // guarded by mu_
  absl::flat_hash_map<std::string, std::string> loaded_;  // source -> sha1, guarded by mu_
  std::atomic<bool> reachable_{true};          // written under mu_
  std::atomic<int64_t> unreachable_since_nanos_{0};  // 0: reachable; written under mu_
};

}  // namespace leadgw::upstream::coord

#endif  // LEADGW_UPSTREAM_COORD_REDIS_CLIENT_H_
