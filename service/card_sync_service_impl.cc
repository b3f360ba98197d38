#include "service/card_sync_service_impl.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "card_sync/link_store.h"
#include "card_sync/sync_runner.h"
#include "common/decimal_id.h"
#include "common/proto_time.h"
#include "common/status_macros.h"

namespace leadgw::service {
namespace {

using backends::Operation;

constexpr char kSyncRpc[] = "SyncCardsToLeads";
constexpr char kListLinksRpc[] = "ListCardLinks";
constexpr int kDefaultMaxCards = 1000;
constexpr int kDefaultLinksPageSize = 100;
// In a fleet, the longest a run may take: its fleet lock cannot be renewed, so the run must
// end before the lock does. A run cut here is finished by the next (links and cursor are
// stored as it goes).
constexpr absl::Duration kMaxFleetRun = absl::Hours(1);
// A call abandoned at the run's deadline may still run upstream for an endpoint timeout:
// the lock outlives the deadline by more than any.
constexpr absl::Duration kFleetLockMargin = absl::Minutes(5);

absl::Status NeedsJournal(const jobs::JobJournal* journal) {
  if (journal != nullptr) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "card sync keeps its links in the job journal: enable `jobs` in the gateway config");
}

absl::Status NeedsOperation(const ConnectionRegistry::Entry& entry, Operation op,
                            absl::string_view role) {
  if (entry.backend->Supports(op)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("connection ", entry.settings.name, " (", entry.backend->backend_name(),
                   ") cannot be the ", role, " of a card sync: it has no ",
                   backends::Info(op).rpc));
}

// Runs of one sync name at a time in this process.
class RunningSync {
 public:
  RunningSync(std::mutex& mu, std::set<std::string>& running, std::string name)
      : mu_(mu), running_(running), name_(std::move(name)) {
    std::lock_guard<std::mutex> lock(mu_);
    owner_ = running_.insert(name_).second;
  }
  ~RunningSync() {
    if (!owner_) return;
    std::lock_guard<std::mutex> lock(mu_);
    running_.erase(name_);
  }
  absl::Status status() const {
    if (owner_) return absl::OkStatus();
    return absl::AbortedError(absl::StrCat("card sync ", name_, " is already running"));
  }

 private:
  std::mutex& mu_;
  std::set<std::string>& running_;
  const std::string name_;
  bool owner_ = false;
};

// Takes the fleet-wide lock of sync `name` until `run_deadline` (plus the margin), or
// says another replica runs it. Without Redis no run starts: two replicas could then run
// the same sync and push its people twice.
absl::StatusOr<std::string> HoldAcrossFleet(upstream::coord::KeyLocks& locks,
                                            const std::string& key, const std::string& name,
                                            absl::Time run_deadline) {
  // One try: a run waits for nobody.
  absl::StatusOr<std::string> token =
      locks.Lock(key, absl::Now(), run_deadline + kFleetLockMargin);
  if (token.ok()) return token;
  if (absl::IsDeadlineExceeded(token.status())) {
    return absl::AbortedError(
        absl::StrCat("card sync ", name, " is already running on another replica"));
  }
  return absl::UnavailableError(absl::StrCat("card sync ", name,
                                             " cannot take its fleet lock: ",
                                             token.status().message()));
}

}  // namespace

grpc::Status CardSyncServiceImpl::SyncCardsToLeads(
    grpc::ServerContext* context, const v1::SyncCardsToLeadsRequest* request,
    grpc::ServerWriter<v1::SyncCardsProgress>* writer) {
  rpc_internal::RpcScope scope(*env_, kSyncRpc, *context);
  return scope.Finish(Sync(*context, scope, *request, *writer));
}

absl::Status CardSyncServiceImpl::Sync(grpc::ServerContext& context,
                                       rpc_internal::RpcScope& scope,
                                       const v1::SyncCardsToLeadsRequest& request,
                                       grpc::ServerWriter<v1::SyncCardsProgress>& writer) {
  LEADGW_RETURN_IF_ERROR(scope.Identify());
  LEADGW_RETURN_IF_ERROR(Validate(request));
  LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * cards,
                          env_->registry->Find(request.card_connection()));
  LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * leads,
                          env_->registry->Find(request.lead_connection()));
  scope.set_connection(leads->settings.name);
  const v1::CardConsentPolicy consent =
      request.consent_policy() == v1::CARD_CONSENT_POLICY_UNSPECIFIED
          ? v1::CARD_CONSENT_TO_LEADS
          : request.consent_policy();
  // Both ways, a real run writes opt-outs to the card system's leads.
  const bool writes_cards = consent == v1::CARD_CONSENT_BOTH_WAYS && !request.dry_run();
  LEADGW_RETURN_IF_ERROR(scope.Authorize(
      writes_cards ? access::Permission::kWrite : access::Permission::kRead,
      cards->settings.name));
  LEADGW_RETURN_IF_ERROR(scope.Authorize(
      request.dry_run() ? access::Permission::kRead : access::Permission::kWrite,
      leads->settings.name));
  LEADGW_RETURN_IF_ERROR(NeedsJournal(journal_));
  LEADGW_RETURN_IF_ERROR(NeedsOperation(*cards, Operation::kSearchBusinessCards, "card source"));
  LEADGW_RETURN_IF_ERROR(NeedsOperation(*leads, Operation::kQueryLeads, "lead target"));
  LEADGW_RETURN_IF_ERROR(NeedsOperation(*leads, Operation::kPushLeads, "lead target"));
  if (consent != v1::CARD_CONSENT_NONE) {
    LEADGW_RETURN_IF_ERROR(NeedsOperation(*cards, Operation::kQueryLeads, "consent source"));
  }
  if (consent == v1::CARD_CONSENT_BOTH_WAYS) {
    LEADGW_RETURN_IF_ERROR(NeedsOperation(*cards, Operation::kUpsertLeads, "consent target"));
    LEADGW_RETURN_IF_ERROR(NeedsOperation(*leads, Operation::kDescribeLeads, "consent source"));
  }
  RunningSync running(running_mu_, running_, request.sync_name());
  LEADGW_RETURN_IF_ERROR(running.status());
  LEADGW_ASSIGN_OR_RETURN(
      backends::CallContext call,
      rpc_internal::MakeCallContext(*env_, context, backends::CallPriority::kBulk,
                                    scope.request_id(), scope.caller_share()));
  const std::string fleet_key = absl::StrCat("card-sync/", request.sync_name());
  std::string fleet_token;
  if (fleet_locks_ != nullptr) {
    call.deadline = std::min(call.deadline, absl::Now() + kMaxFleetRun);
    LEADGW_ASSIGN_OR_RETURN(
        fleet_token, HoldAcrossFleet(*fleet_locks_, fleet_key, request.sync_name(), call.deadline));
  }
  absl::Cleanup release_fleet_lock = [&] {
    if (fleet_locks_ != nullptr) fleet_locks_->Unlock(fleet_key, fleet_token);
  };

  card_sync::SyncRunSettings settings;
  settings.card_connection = cards->settings.name;
  settings.lead_connection = leads->settings.name;
  settings.dry_run = request.dry_run();
  settings.default_program = request.default_program();
  for (const auto& [lead_source, program] : request.programs_by_lead_source()) {
    settings.programs_by_lead_source[lead_source] = program;
  }
  if (!request.source().empty()) settings.source = request.source();
  settings.reason = absl::StrCat("card sync ", request.sync_name());
  settings.max_cards = request.max_cards() > 0 ? request.max_cards() : kDefaultMaxCards;
  settings.consent = consent;
  const upstream::UpstreamLimits& limits = leads->settings.limits;
  settings.lead_call_spacing = limits.window / std::max(1, limits.calls_per_window);

  card_sync::LinkStore store(journal_, request.sync_name());
  absl::Status status = card_sync::RunCardSync(
      call, *cards->backend, *leads->backend, store, settings,
      [&writer](const v1::SyncCardsProgress& message) { return writer.Write(message); });
  leads->health.Record(status);
  return status;
}

grpc::Status CardSyncServiceImpl::ListCardLinks(grpc::ServerContext* context,
                                                const v1::ListCardLinksRequest* request,
                                                v1::ListCardLinksResponse* response) {
  rpc_internal::RpcScope scope(*env_, kListLinksRpc, *context);
  return scope.Finish(ListLinks(scope, *request, *response));
}

absl::Status CardSyncServiceImpl::ListLinks(rpc_internal::RpcScope& scope,
                                            const v1::ListCardLinksRequest& request,
                                            v1::ListCardLinksResponse& response) {
  LEADGW_RETURN_IF_ERROR(scope.Identify());
  LEADGW_RETURN_IF_ERROR(Validate(request));
  LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * cards,
                          env_->registry->Find(request.card_connection()));
  scope.set_connection(cards->settings.name);
  LEADGW_RETURN_IF_ERROR(scope.Authorize(access::Permission::kRead, cards->settings.name));
  LEADGW_RETURN_IF_ERROR(NeedsJournal(journal_));
  const uint64_t fingerprint = QueryFingerprint(request);
  LEADGW_ASSIGN_OR_RETURN(std::string after, DecodePageToken(request.page_token(), fingerprint));

  card_sync::LinkStore store(journal_, request.sync_name());
  LEADGW_ASSIGN_OR_RETURN(card_sync::SyncState state, store.Load());
  if (state.cursor.has_value()) {
    *response.mutable_cursor() = common::TimestampOf(*state.cursor);
  }
  // Card ids are decimal: numeric order, so pages follow the ids as people read them.
  const auto numeric = common::DecimalIdOrMax;
  std::vector<const card_sync::CardLinkRecord*> links;
  for (const auto& [card_id, record] : state.links) {
    if (after.empty() || numeric(card_id) > numeric(after)) links.push_back(&record);
  }
  std::sort(links.begin(), links.end(), [&](const auto* a, const auto* b) {
    return numeric(a->link().card_id()) < numeric(b->link().card_id());
  });
  const size_t page_size =
      request.page_size() > 0 ? request.page_size() : kDefaultLinksPageSize;
  for (size_t i = 0; i < links.size() && i < page_size; ++i) {
    *response.add_links() = links[i]->link();
  }
  if (links.size() > page_size) {
    response.set_next_page_token(
        EncodePageToken(fingerprint, response.links(response.links_size() - 1).card_id()));
  }
  return absl::OkStatus();
}

}  // namespace leadgw::service
