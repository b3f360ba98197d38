// The steps every gateway RPC takes, written once: validate the request, find the
// connection, derive the upstream deadline, unwrap the page token, call the backend,
// wrap the next page token, record health and observe the outcome, map the status.
//
// Handlers in *_service_impl.cc are one line each on top of RunUnary / RunStream.
#ifndef LEADGW_SERVICE_RPC_RUNNER_H_
#define LEADGW_SERVICE_RPC_RUNNER_H_

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/lead_backend.h"
#include "backends/operation.h"
#include "common/status_macros.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"
#include "service/access/access_policy.h"
#include "service/connection_registry.h"
#include "service/idempotency/replay_guard.h"
#include "service/idempotency/request_digest.h"
#include "service/page_token.h"
#include "service/rpc_priority.h"
#include "service/status_mapping.h"
#include "service/validation.h"

namespace leadgw::service {

// Told of every RPC (metrics, logs). `connection` is empty when the request named no
// configured connection, so labels stay within the configured set. Thread-safe.
class RpcObserver {
 public:
  virtual ~RpcObserver() = default;
  // An RPC arrived (its OnRpcDone follows).
  virtual void OnRpcStart(absl::string_view rpc) {}
  virtual void OnRpcDone(absl::string_view rpc, absl::string_view connection,
                         const absl::Status& status, absl::Duration elapsed,
                         absl::string_view request_id) = 0;
  // The per-record outcomes of a successful batch write.
  virtual void OnRecordResults(absl::string_view rpc, absl::string_view connection,
                               const google::protobuf::RepeatedPtrField<v1::RecordResult>& results) {
  }
  // A write RPC carried an idempotency key: `result` is "miss", "hit" or "conflict".
  virtual void OnIdempotencyKey(absl::string_view rpc, absl::string_view result) {}
  // The access policy decided: `caller` is a configured name, or "unidentified" (then
  // `permission` is "identity"); `permission` is "read", "write", "delete" or "schema".
  virtual void OnAccessDecision(absl::string_view rpc, absl::string_view caller,
                                absl::string_view permission, bool allowed) {}
};

// What handlers share; owned by the server, outlives every RPC.
struct RpcEnv {
  const ConnectionRegistry* registry = nullptr;
  // Deadline given to an RPC whose caller set none.
  absl::Duration default_deadline = absl::Seconds(300);
  // May be null.
  RpcObserver* observer = nullptr;
  // Replays write RPCs carrying an idempotency key (across the fleet in fleet mode); null
  // turns the feature off.
  idempotency::ReplayGuard* idempotency = nullptr;
  // Who may do what (config `access`); null or disabled: every call passes.
  const access::AccessPolicy* access = nullptr;
};

// The metadata key of idempotency keys on write RPCs (docs/reliability.md).
inline constexpr char kIdempotencyKeyHeader[] = "idempotency-key";

namespace rpc_internal {

// Time kept back from the caller's deadline to send the answer.
inline constexpr absl::Duration kReplyMargin = absl::Milliseconds(20);
// A bound on pages one streaming walk may take (100 M records at 1000 per page).
inline constexpr int kMaxStreamPages = 100000;

template <typename T, typename = void>
struct IsPaged : std::false_type {};
template <typename T>
struct IsPaged<T, std::void_t<decltype(std::declval<T&>().mutable_page_token())>> : std::true_type {
};

// The connection named by a request (ConnectionService names it `name`).
template <typename Request>
const std::string& ConnectionOf(const Request& request) {
  return request.connection();
}

// The x-request-id metadata if it is sane, or a new random id.
std::string RequestIdOf(const grpc::ServerContext& context);

// The idempotency-key metadata, nullopt when absent; INVALID_ARGUMENT naming the metadata
// key and the limit (1-255 visible ASCII characters) when malformed.
absl::StatusOr<std::optional<std::string>> IdempotencyKeyOf(const grpc::ServerContext& context);

// Whether an RPC outcome is kept for replay: successes and the caller's own mistakes are;
// transient failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ...) are not, so
// the caller's retry runs again.
bool WorthReplaying(const absl::Status& status);

template <typename T, typename = void>
struct HasRecordResults : std::false_type {};
template <typename T>
struct HasRecordResults<T, std::void_t<decltype(std::declval<const T&>().results())>>
    : std::true_type {};

// Runs `run` (which fills `*response`) at most once per idempotency key: a repeat of a
// finished write replays its stored outcome, a repeat of a running one waits for it (on
// any replica of a fleet). `hold_margin`: see ReplayGuard::Begin().
template <typename Request, typename Response, typename Run>
absl::Status RunIdempotent(const RpcEnv& env, const grpc::ServerContext& context,
                           backends::Operation op, absl::string_view connection,
                           absl::Time deadline, absl::Duration hold_margin,
                           const Request& request, Response* response, Run run) {
  if (env.idempotency == nullptr || !backends::IsWrite(op)) return run();
  LEADGW_ASSIGN_OR_RETURN(std::optional<std::string> key, IdempotencyKeyOf(context));
  if (!key.has_value()) return run();
  const absl::string_view rpc = backends::Info(op).rpc;
  // Deterministic: map order must not make twins differ.
  const std::string bytes = idempotency::DeterministicBytes(request);
  LEADGW_ASSIGN_OR_RETURN(idempotency::ReplayGuard::BeginResult begin,
                          env.idempotency->Begin(absl::StrCat(rpc, "/", connection), *key,
                                                 bytes, deadline, hold_margin));
  switch (begin.outcome) {
    case idempotency::ReplayGuard::Outcome::kConflict:
      if (env.observer != nullptr) env.observer->OnIdempotencyKey(rpc, "conflict");
      return idempotency::KeyReusedError();
    case idempotency::ReplayGuard::Outcome::kReplay:
      if (env.observer != nullptr) env.observer->OnIdempotencyKey(rpc, "hit");
      if (begin.stored.status.ok() && !response->ParseFromString(begin.stored.response_bytes)) {
        return absl::InternalError("stored idempotent response is unreadable");
      }
      return begin.stored.status;
    case idempotency::ReplayGuard::Outcome::kOwner:
      break;
  }
  if (env.observer != nullptr) env.observer->OnIdempotencyKey(rpc, "miss");
  const absl::Status status = run();
  if (!WorthReplaying(status)) {
    env.idempotency->Abandon(std::move(begin.ticket));
    return status;
  }
  idempotency::StoredResult stored;
  stored.status = status;
  if (status.ok()) response->SerializeToString(&stored.response_bytes);
  env.idempotency->Complete(std::move(begin.ticket), std::move(stored));
  return status;
}

// The CallContext for an RPC: its deadline is the caller's less kReplyMargin, capped by
// the default; its cancellation is the caller's (`context` must outlive the call);
// DEADLINE_EXCEEDED when nothing is left.
absl::StatusOr<backends::CallContext> MakeCallContext(const RpcEnv& env,
                                                      const grpc::ServerContext& context,
                                                      backends::CallPriority priority,
                                                      std::string request_id,
                                                      int caller_share);

// Records elapsed time and outcome with the observer when it goes out of scope.
class RpcScope {
 public:
  RpcScope(const RpcEnv& env, absl::string_view rpc, const grpc::ServerContext& context)
      : env_(env),
        context_(context),
        rpc_(rpc),
        request_id_(RequestIdOf(context)),
        start_(absl::Now()) {
    if (env_.observer != nullptr) env_.observer->OnRpcStart(rpc_);
  }
  RpcScope(const RpcScope&) = delete;
  RpcScope& operator=(const RpcScope&) = delete;

  void set_connection(absl::string_view connection) { connection_ = std::string(connection); }
  const std::string& request_id() const { return request_id_; }
  const std::string& connection() const { return connection_; }

  // OK when the access policy is off or knows the caller; UNAUTHENTICATED otherwise. Runs
  // first, so an unknown caller learns nothing from validation or connection lookups.
  absl::Status Identify();

  // OK when the access policy is off, or when the identified caller holds `permission` on
  // `connection`; UNAUTHENTICATED or PERMISSION_DENIED otherwise. Tells the observer of
  // each decision and logs denials.
  absl::Status Authorize(access::Permission permission, absl::string_view connection);

  // Whether Authorize() would allow it, without telling anyone (for filtering listings).
  bool MayAccess(access::Permission permission, absl::string_view connection) const;

  // The identified caller's share of upstream capacity (UpstreamSettings::callers); 0
  // when the policy is off or before Identify().
  int caller_share() const {
    return caller_ == nullptr ? 0 : env_.access->ShareOf(*caller_);
  }
  // The identified caller's configured name; empty when the policy is off or before
  // Identify().
  std::string caller_name() const { return caller_ == nullptr ? "" : caller_->name; }

  grpc::Status Finish(const absl::Status& status) {
    if (env_.observer != nullptr) {
      env_.observer->OnRpcDone(rpc_, connection_, status, absl::Now() - start_, request_id_);
    }
    return ToGrpcStatus(status, connection_);
  }

 private:
  const RpcEnv& env_;
  const grpc::ServerContext& context_;
  // The identified caller, once Authorize() has run; null before or when unidentified.
  const access::CallerRule* caller_ = nullptr;
  std::optional<absl::Status> identified_;  // Identify()'s outcome, once it has run
  absl::string_view rpc_;
  std::string connection_;
  std::string request_id_;
  absl::Time start_;
};

}  // namespace rpc_internal

// Runs a unary RPC served by `method` of the connection's backend.
template <typename Request, typename Response>
grpc::Status RunUnary(const RpcEnv& env, grpc::ServerContext* context, backends::Operation op,
                      const Request& request, Response* response,
                      absl::StatusOr<Response> (backends::LeadBackend::*method)(
                          const backends::CallContext&, const Request&)) {
  rpc_internal::RpcScope scope(env, backends::Info(op).rpc, *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_RETURN_IF_ERROR(scope.Identify());
    LEADGW_RETURN_IF_ERROR(Validate(request));
    LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * entry,
                            env.registry->Find(rpc_internal::ConnectionOf(request)));
    scope.set_connection(entry->settings.name);
    LEADGW_RETURN_IF_ERROR(scope.Authorize(access::PermissionFor(op), entry->settings.name));
    LEADGW_ASSIGN_OR_RETURN(backends::CallContext call,
                            rpc_internal::MakeCallContext(env, *context, UnaryPriority(request),
                                                          scope.request_id(),
                                                          scope.caller_share()));
    auto run = [&]() -> absl::Status {
      absl::StatusOr<Response> answer;
      uint64_t fingerprint = 0;
      if constexpr (rpc_internal::IsPaged<Request>::value) {
        fingerprint = QueryFingerprint(request);
        LEADGW_ASSIGN_OR_RETURN(std::string cursor,
                                DecodePageToken(request.page_token(), fingerprint));
        Request inner = request;
        inner.set_page_token(std::move(cursor));
        answer = ((*entry->backend).*method)(call, inner);
      } else {
        answer = ((*entry->backend).*method)(call, request);
      }
      entry->health.Record(answer.status());
      if (!answer.ok()) return answer.status();
      *response = *std::move(answer);
      if constexpr (rpc_internal::IsPaged<Request>::value) {
        response->set_next_page_token(EncodePageToken(fingerprint, response->next_page_token()));
      }
      if constexpr (rpc_internal::HasRecordResults<Response>::value) {
        if (env.observer != nullptr) {
          env.observer->OnRecordResults(backends::Info(op).rpc, entry->settings.name,
                                        response->results());
        }
      }
      return absl::OkStatus();
    };
    // A fleet marker outlives the call by the longest endpoint timeout: an upstream call
    // abandoned at the deadline may still write for that long.
    return rpc_internal::RunIdempotent(env, *context, op, entry->settings.name, call.deadline,
                                       entry->settings.LongestTimeout(), request, response,
                                       run);
  }();
  return scope.Finish(status);
}

// Runs a server-streaming RPC that walks every page of `method`, writing each item of
// `items(page)` in order. Stops at the last page, when the caller goes away (CANCELLED),
// or at the first error (items already written stay written).
template <typename Request, typename Page, typename Item, typename ItemsOf>
grpc::Status RunStream(const RpcEnv& env, grpc::ServerContext* context, backends::Operation op,
                       const Request& request, grpc::ServerWriter<Item>* writer,
                       absl::StatusOr<Page> (backends::LeadBackend::*method)(
                           const backends::CallContext&, const Request&),
                       ItemsOf items) {
  rpc_internal::RpcScope scope(env, backends::Info(op).stream_rpc, *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_RETURN_IF_ERROR(scope.Identify());
    LEADGW_RETURN_IF_ERROR(Validate(request));
    LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * entry,
                            env.registry->Find(rpc_internal::ConnectionOf(request)));
    scope.set_connection(entry->settings.name);
    LEADGW_RETURN_IF_ERROR(scope.Authorize(access::PermissionFor(op), entry->settings.name));
    LEADGW_ASSIGN_OR_RETURN(backends::CallContext call,
                            rpc_internal::MakeCallContext(env, *context, backends::CallPriority::kBulk,
                                                          scope.request_id(),
                                                          scope.caller_share()));
    const uint64_t fingerprint = QueryFingerprint(request);
    Request inner = request;
    LEADGW_ASSIGN_OR_RETURN(std::string cursor, DecodePageToken(request.page_token(), fingerprint));
    for (int page_number = 0; page_number < rpc_internal::kMaxStreamPages; ++page_number) {
      if (context->IsCancelled()) return absl::CancelledError("the caller cancelled the stream");
      inner.set_page_token(cursor);
      absl::StatusOr<Page> page = ((*entry->backend).*method)(call, inner);
      entry->health.Record(page.status());
      if (!page.ok()) return page.status();
      for (const Item& item : items(*page)) {
        if (!writer->Write(item)) return absl::CancelledError("the caller went away");
      }
      if (page->next_page_token().empty()) return absl::OkStatus();
      if (page->next_page_token() == cursor) {
        return absl::InternalError(
            absl::StrCat(entry->backend->backend_name(), " returned the same page twice"));
      }
      cursor = page->next_page_token();
    }
    return absl::OutOfRangeError(absl::StrCat("stream stopped after ",
                                              rpc_internal::kMaxStreamPages,
                                              " pages; resume with a narrower query"));
  }();
  return scope.Finish(status);
}

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_RPC_RUNNER_H_
