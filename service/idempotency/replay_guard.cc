#include "service/idempotency/replay_guard.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "service/idempotency/request_digest.h"
#include "service/idempotency/stored_result_codec.h"

namespace leadgw::service::idempotency {
namespace {

using upstream::coord::IdempotencyRecords;

// A deadline further out than this is a bug upstream of us; the fleet marker must expire
// some time all the same (the RPC layer caps deadlines far below it).
constexpr absl::Duration kLongestHold = absl::Hours(1);

}  // namespace

// ---- Ticket ----

ReplayGuard::Ticket& ReplayGuard::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    AbandonIfActive();
    guard_ = other.guard_;
    claim_ = std::move(other.claim_);
    fleet_key_ = std::move(other.fleet_key_);
    fleet_token_ = std::move(other.fleet_token_);
    digest_ = std::move(other.digest_);
  }
  return *this;
}

ReplayGuard::Ticket::~Ticket() { AbandonIfActive(); }

void ReplayGuard::Ticket::AbandonIfActive() {
  if (active() && guard_ != nullptr) guard_->Abandon(std::move(*this));
}

// ---- ReplayGuard ----

ReplayGuard::ReplayGuard(CacheOptions cache, std::unique_ptr<IdempotencyRecords> fleet)
    : ttl_(cache.ttl), local_(std::move(cache)), fleet_(std::move(fleet)) {}

absl::StatusOr<ReplayGuard::BeginResult> ReplayGuard::Begin(absl::string_view scope,
                                                            absl::string_view key,
                                                            absl::string_view request_bytes,
                                                            absl::Time deadline,
                                                            absl::Duration hold_margin) {
  std::string digest = RequestDigest(request_bytes);
  absl::StatusOr<IdempotencyCache::BeginResult> local =
      local_.Begin(scope, key, LocalFingerprintOf(digest), deadline);
  if (!local.ok()) return local.status();
  BeginResult result;
  switch (local->outcome) {
    case IdempotencyCache::Outcome::kReplay:
      result.outcome = Outcome::kReplay;
      result.stored = std::move(local->stored);
      return result;
    case IdempotencyCache::Outcome::kConflict:
      result.outcome = Outcome::kConflict;
      return result;
    case IdempotencyCache::Outcome::kOwner:
      break;
  }
  result.ticket.guard_ = this;
  result.ticket.claim_ = std::move(local->claim);
  result.ticket.digest_ = std::move(digest);
  if (fleet_ == nullptr) return result;
  return BeginInFleet(std::move(result), scope, key, deadline, hold_margin);
}

absl::StatusOr<ReplayGuard::BeginResult> ReplayGuard::BeginInFleet(BeginResult local,
                                                                   absl::string_view scope,
                                                                   absl::string_view key,
                                                                   absl::Time deadline,
                                                                   absl::Duration hold_margin) {
  // Length-prefixed scope: unambiguous for any bytes in scope and key.
  std::string fleet_key = absl::StrCat(scope.size(), ":", scope, key);
  const absl::Time hold_until = std::min(deadline, absl::Now() + kLongestHold) + hold_margin;
  absl::StatusOr<IdempotencyRecords::BeginResult> fleet =
      fleet_->Begin(fleet_key, local.ticket.digest_, deadline, hold_until);
  if (!fleet.ok()) {
    if (!upstream::coord::IsCoordinationOutage(fleet.status())) {
      return fleet.status();  // `local`'s ticket abandons the local claim
    }
    NoteFleetReachable(false, fleet.status());
    return local;  // fail open: owner in this process only
  }
  NoteFleetReachable(true, absl::OkStatus());
  BeginResult result;
  switch (fleet->outcome) {
    case IdempotencyRecords::Outcome::kOwner:
      local.ticket.fleet_key_ = std::move(fleet_key);
      local.ticket.fleet_token_ = std::move(fleet->token);
      return local;
    case IdempotencyRecords::Outcome::kConflict:
      // This process holds no result for the key: local duplicates ask the fleet again.
      local_.Abandon(std::move(local.ticket.claim_));
      result.outcome = Outcome::kConflict;
      return result;
    case IdempotencyRecords::Outcome::kReplay: {
      absl::StatusOr<StoredResult> stored = DecodeStoredResult(fleet->result);
      if (!stored.ok()) return stored.status();  // abandons the local claim
      // Local waiters get the replay too, and later local retries need no Redis.
      local_.Complete(std::move(local.ticket.claim_), *stored);
      result.outcome = Outcome::kReplay;
      result.stored = *std::move(stored);
      return result;
    }
  }
  return absl::InternalError("unknown idempotency-record outcome");
}

void ReplayGuard::Complete(Ticket ticket, StoredResult result) {
  if (!ticket.active()) return;
  if (!ticket.fleet_token_.empty()) {
    // Ignored on error: the marker expires at its hold, and a retry then runs again.
    (void)fleet_->Complete(ticket.fleet_key_, ticket.fleet_token_, ticket.digest_,
                           EncodeStoredResult(result), ttl_);
  }
  local_.Complete(std::move(ticket.claim_), std::move(result));
}

void ReplayGuard::Abandon(Ticket ticket) {
  if (!ticket.active()) return;
  if (!ticket.fleet_token_.empty()) fleet_->Abandon(ticket.fleet_key_, ticket.fleet_token_);
  local_.Abandon(std::move(ticket.claim_));
}

void ReplayGuard::NoteFleetReachable(bool reachable, const absl::Status& error) {
  if (reachable) {
    if (fleet_down_.exchange(false)) {
      Log(LogLevel::kInfo, "idempotency records shared by the fleet again: Redis reachable",
          {{"bypassed", absl::StrCat(fleet_bypassed_.load())}});
    }
    return;
  }
  ++fleet_bypassed_;
  if (!fleet_down_.exchange(true)) {
    Log(LogLevel::kWarning,
        "idempotency held in this process only: fleet Redis unreachable (a retry on another "
        "replica may write again)",
        {{"error", std::string(error.message())}});
  }
}

}  // namespace leadgw::service::idempotency
