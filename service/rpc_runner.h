// The steps every gateway RPC takes, written once: validate the request, find the
// connection, derive the upstream deadline, unwrap the page token, call the backend,
// wrap the next page token, record health and observe the outcome, map the status.
//
// Handlers in *_service_impl.cc are one line each on top of RunUnary / RunStream.
#ifndef LEADGW_SERVICE_RPC_RUNNER_H_
#define LEADGW_SERVICE_RPC_RUNNER_H_

#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "adapters/lead_backend.h"
#include "adapters/operation.h"
#include "common/status_macros.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"
#include "service/connection_registry.h"
#include "service/page_token.h"
#include "service/status_mapping.h"
#include "service/validation.h"

namespace leadgw::service {

// Told of every finished RPC (metrics, logs). `connection` is empty when the request
// named no configured connection, so labels stay within the configured set.
class RpcObserver {
 public:
  virtual ~RpcObserver() = default;
  virtual void OnRpcDone(absl::string_view rpc, absl::string_view connection,
                         const absl::Status& status, absl::Duration elapsed,
                         absl::string_view request_id) = 0;
};

// What handlers share; owned by the server, outlives every RPC.
struct RpcEnv {
  const ConnectionRegistry* registry = nullptr;
  // Deadline given to an RPC whose caller set none.
  absl::Duration default_deadline = absl::Seconds(300);
  // May be null.
  RpcObserver* observer = nullptr;
};

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

// The CallContext for an RPC: its deadline is the caller's less kReplyMargin, capped by
// the default; DEADLINE_EXCEEDED when nothing is left.
absl::StatusOr<adapters::CallContext> MakeCallContext(const RpcEnv& env,
                                                      const grpc::ServerContext& context,
                                                      adapters::CallPriority priority,
                                                      std::string request_id);

// Records elapsed time and outcome with the observer when it goes out of scope.
class RpcScope {
 public:
  RpcScope(const RpcEnv& env, absl::string_view rpc, const grpc::ServerContext& context)
      : env_(env), rpc_(rpc), request_id_(RequestIdOf(context)), start_(absl::Now()) {}
  RpcScope(const RpcScope&) = delete;
  RpcScope& operator=(const RpcScope&) = delete;

  void set_connection(absl::string_view connection) { connection_ = std::string(connection); }
  const std::string& request_id() const { return request_id_; }

  grpc::Status Finish(const absl::Status& status) {
    if (env_.observer != nullptr) {
      env_.observer->OnRpcDone(rpc_, connection_, status, absl::Now() - start_, request_id_);
    }
    return ToGrpcStatus(status);
  }

 private:
  const RpcEnv& env_;
  absl::string_view rpc_;
  std::string connection_;
  std::string request_id_;
  absl::Time start_;
};

}  // namespace rpc_internal

// Runs a unary RPC served by `method` of the connection's backend.
template <typename Request, typename Response>
grpc::Status RunUnary(const RpcEnv& env, grpc::ServerContext* context, adapters::Operation op,
                      const Request& request, Response* response,
                      absl::StatusOr<Response> (adapters::LeadBackend::*method)(
                          const adapters::CallContext&, const Request&)) {
  rpc_internal::RpcScope scope(env, adapters::Info(op).rpc, *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_RETURN_IF_ERROR(Validate(request));
    LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * entry,
                            env.registry->Find(rpc_internal::ConnectionOf(request)));
    scope.set_connection(entry->settings.name);
    LEADGW_ASSIGN_OR_RETURN(
        adapters::CallContext call,
        rpc_internal::MakeCallContext(env, *context, adapters::CallPriority::kInteractive,
                                      scope.request_id()));
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
    return absl::OkStatus();
  }();
  return scope.Finish(status);
}

// Runs a server-streaming RPC that walks every page of `method`, writing each item of
// `items(page)` in order. Stops at the last page, when the caller goes away (CANCELLED),
// or at the first error (items already written stay written).
template <typename Request, typename Page, typename Item, typename ItemsOf>
grpc::Status RunStream(const RpcEnv& env, grpc::ServerContext* context, adapters::Operation op,
                       const Request& request, grpc::ServerWriter<Item>* writer,
                       absl::StatusOr<Page> (adapters::LeadBackend::*method)(
                           const adapters::CallContext&, const Request&),
                       ItemsOf items) {
  rpc_internal::RpcScope scope(env, adapters::Info(op).stream_rpc, *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_RETURN_IF_ERROR(Validate(request));
    LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * entry,
                            env.registry->Find(rpc_internal::ConnectionOf(request)));
    scope.set_connection(entry->settings.name);
    LEADGW_ASSIGN_OR_RETURN(adapters::CallContext call,
                            rpc_internal::MakeCallContext(
                                env, *context, adapters::CallPriority::kBulk, scope.request_id()));
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
