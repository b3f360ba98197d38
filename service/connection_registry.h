// ConnectionRegistry: the configured connections, each with its backend and health.
//
// Built once at start-up and immutable afterwards (health changes inside each entry), so
// lookups take no lock.
#ifndef LEADGW_SERVICE_CONNECTION_REGISTRY_H_
#define LEADGW_SERVICE_CONNECTION_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "backends/connection_settings.h"
#include "backends/lead_backend.h"
#include "upstream/coord/redis_client.h"
#include "leadgateway/v1/connection_service.pb.h"

namespace leadgw::service {

// Health of one connection, from the outcomes of the calls made on it: a success makes it
// HEALTHY; quota answers make it DEGRADED; `kUnavailableAfter` consecutive upstream
// failures (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, UNAUTHENTICATED) make it
// UNAVAILABLE. Caller mistakes (INVALID_ARGUMENT, NOT_FOUND, ...) say nothing about the
// upstream and are ignored. Thread-safe.
class HealthTracker {
 public:
  static constexpr int kUnavailableAfter = 5;

  // Records the outcome of one operation on the connection.
  void Record(const absl::Status& outcome, absl::Time now = absl::Now());

  // Current state, detail (the last failure, for people) and when the state began.
  void Snapshot(::leadgateway::v1::Connection& out) const;

 private:
  void SetState(::leadgateway::v1::ConnectionHealth state, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  ::leadgateway::v1::ConnectionHealth state_ ABSL_GUARDED_BY(mu_) =
      ::leadgateway::v1::CONNECTION_HEALTH_HEALTHY;
  std::string detail_ ABSL_GUARDED_BY(mu_) = "no upstream call yet";
  absl::Time since_ ABSL_GUARDED_BY(mu_) = absl::Now();
  int consecutive_failures_ ABSL_GUARDED_BY(mu_) = 0;
};

class ConnectionRegistry {
 public:
  struct Entry {
    backends::ConnectionSettings settings;
    std::unique_ptr<backends::LeadBackend> backend;
    HealthTracker health;
    // The fleet's Redis (null outside fleet mode): while it is unreachable the connection
    // runs on its 1/N shares, which Describe() reports as degraded health.
    std::shared_ptr<const upstream::coord::RedisClient> coordination;
  };

  // Takes ownership of the connections; names must be unique (config guarantees it).
  explicit ConnectionRegistry(std::vector<std::unique_ptr<Entry>> entries);

  // The connection named `name`; NOT_FOUND naming it and the configured ones.
  absl::StatusOr<Entry*> Find(absl::string_view name) const;

  // Every connection, sorted by name.
  const std::vector<std::unique_ptr<Entry>>& entries() const { return entries_; }

  // The public description of `entry`: kind, supported RPCs, health. No secrets and no
  // upstream URL (base_url stays empty).
  static ::leadgateway::v1::Connection Describe(const Entry& entry);

 private:
  std::vector<std::unique_ptr<Entry>> entries_;
  absl::flat_hash_map<std::string, Entry*> by_name_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_CONNECTION_REGISTRY_H_
