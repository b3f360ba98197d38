#include "service/server.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "backends/backend_factory.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "service/business_card_service_impl.h"
#include "service/card_sync_service_impl.h"
#include "service/company_service_impl.h"
#include "service/connection_service_impl.h"
#include "service/field_service_impl.h"
#include "service/job_service_impl.h"
#include "service/lead_service_impl.h"
#include "service/membership_service_impl.h"
#include "service/mirrored_health.h"
#include "service/request_parse_errors.h"
#include "service/server_args.h"
#include "service/server_credentials.h"
#include "service/tls_config.h"
#include "upstream/coord/idempotency_records.h"
#include "upstream/coord/key_locks.h"

namespace leadgw::service {
namespace {

// Why gRPC could not listen on `host`:`port` ("address already in use"), found by binding
// a socket the way gRPC does (SO_REUSEADDR, no SO_REUSEPORT); gRPC's own error is a nested
// status dump. Empty when the bind now succeeds (the port was freed meanwhile).
std::string BindFailureReason(absl::string_view host, int port) {
  const std::string node(absl::StripSuffix(absl::StripPrefix(host, "["), "]"));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* resolved = nullptr;
  if (const int error = getaddrinfo(node.c_str(), absl::StrCat(port).c_str(), &hints, &resolved);
      error != 0) {
    return absl::AsciiStrToLower(gai_strerror(error));
  }
  std::string reason;
  const int fd = socket(resolved->ai_family, SOCK_STREAM, 0);
  if (fd < 0) {
    reason = std::strerror(errno);
  } else {
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, resolved->ai_addr, resolved->ai_addrlen) != 0) reason = std::strerror(errno);
    close(fd);
  }
  freeaddrinfo(resolved);
  return absl::AsciiStrToLower(reason);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewaySettings& settings, RpcObserver* observer,
    upstream::UpstreamMetrics& upstream_metrics) {
  std::vector<std::unique_ptr<ConnectionRegistry::Entry>> entries;
  std::optional<upstream::coord::Fleet> fleet;
  // Set once the health service exists; cleared before it goes.
  auto health_holder =
      std::make_shared<std::atomic<grpc::HealthCheckServiceInterface*>>(nullptr);
  std::unique_ptr<upstream::coord::CoordinationMetrics> coordination_metrics;
  if (settings.server.fleet.enabled()) {
    coordination_metrics =
        std::make_unique<upstream::coord::CoordinationMetrics>(upstream_metrics.registry());
    fleet = upstream::coord::MakeFleet(
        settings.server.fleet,
        [health_holder](bool reachable) {
          if (auto* service = health_holder->load()) {
            service->SetServingStatus(kCoordinationHealthService, reachable);
          }
        },
        coordination_metrics.get());
  }
  for (const backends::ConnectionSettings& connection : settings.connections) {
    auto entry = std::make_unique<ConnectionRegistry::Entry>();
    entry->settings = connection;
    if (fleet.has_value()) entry->coordination = fleet->redis;
    LEADGW_ASSIGN_OR_RETURN(entry->backend,
                            backends::CreateBackend(connection, upstream_metrics,
                                                    fleet.has_value() ? &*fleet : nullptr));
    entries.push_back(std::move(entry));
  }

  std::unique_ptr<GatewayServer> server(new GatewayServer());
  server->coordination_metrics_ = std::move(coordination_metrics);
  server->registry_ = std::make_unique<ConnectionRegistry>(std::move(entries));
  server->env_.registry = server->registry_.get();
  server->env_.default_deadline = settings.server.default_rpc_deadline;
  server->env_.observer = observer;
  server->access_ = settings.access;
  server->env_.access = &server->access_;
  idempotency::CacheOptions cache_options;
  cache_options.ttl = settings.server.idempotency_ttl;
  cache_options.max_entries = static_cast<size_t>(settings.server.idempotency_max_entries);
  std::unique_ptr<upstream::coord::IdempotencyRecords> fleet_records;
  if (fleet.has_value()) {
    upstream::coord::IdempotencyRecordsOptions records_options;
    records_options.key_prefix = fleet->key_prefix;
    records_options.replica_id = fleet->replica_id;
    fleet_records =
        std::make_unique<upstream::coord::IdempotencyRecords>(fleet->redis, records_options);
  }
  server->idempotency_ =
      std::make_unique<idempotency::ReplayGuard>(cache_options, std::move(fleet_records));
  server->env_.idempotency = server->idempotency_.get();

  const RpcEnv* env = &server->env_;
  server->services_.push_back(std::make_unique<LeadServiceImpl>(env));
  server->services_.push_back(std::make_unique<FieldServiceImpl>(env));
  server->services_.push_back(std::make_unique<MembershipServiceImpl>(env));
  server->services_.push_back(std::make_unique<CompanyServiceImpl>(env));
  server->services_.push_back(std::make_unique<BusinessCardServiceImpl>(env));
  server->services_.push_back(std::make_unique<ConnectionServiceImpl>(env));
  if (settings.jobs.enabled) {
    LEADGW_ASSIGN_OR_RETURN(
        server->jobs_, JobStack::Start(settings, *server->registry_, upstream_metrics.registry(),
                                       fleet.has_value() ? fleet->replica_id : std::string()));
  }
  std::shared_ptr<upstream::coord::KeyLocks> card_sync_locks;
  if (fleet.has_value()) card_sync_locks = upstream::coord::MakeKeyLocks(*fleet);
  server->services_.push_back(std::make_unique<CardSyncServiceImpl>(
      env, server->jobs_ != nullptr ? server->jobs_->journal() : nullptr,
      std::move(card_sync_locks)));
  JobServiceOptions job_options;
  job_options.delivery_ttl = settings.jobs.delivery_ttl;
  server->services_.push_back(
      std::make_unique<JobServiceImpl>(env, server->jobs_.get(), job_options));

  grpc::EnableDefaultHealthCheckService(true);
  // Called explicitly: the plugin's static registrar is dropped by the linker otherwise.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // Reflection serves descriptors from protobuf's generated pool, which libgrpc++'s health
  // service (upb inside) does not fill. Naming a generated health message links
  // grpc/health/v1/health.pb.cc in, whose static initializer adds the file to the pool.
  if (grpc::health::v1::HealthCheckRequest::descriptor() == nullptr) {
    return absl::InternalError("the grpc.health.v1 descriptors are not linked in");
  }

  grpc::ServerBuilder builder;
  const std::string address =
      absl::StrCat(settings.server.listen_address, ":", settings.server.grpc_port);
  builder.AddListeningPort(address, ServerCredentialsFor(settings.server.tls),
                           &server->grpc_port_);
  builder.SetMaxReceiveMessageSize(settings.server.max_request_bytes);
  // gRPC's synchronous server adds a thread whenever all are busy; this bounds them.
  grpc::ResourceQuota thread_quota("lead-gateway-threads");
  thread_quota.SetMaxThreads(settings.server.max_threads);
  builder.SetResourceQuota(thread_quota);
  // Threads that finish an RPC stay to poll for the next one, up to idle_threads; with
  // gRPC's default of 2, overlapping RPCs made it start and end a thread per burst.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              settings.server.idle_threads);
  for (const auto& [name, value] : ServerChannelArgs(settings.server)) {
    builder.AddChannelArgument(name, value);
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<RequestParseErrorInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (const auto& service : server->services_) builder.RegisterService(service.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->grpc_port_ == 0) {
    const std::string reason =
        BindFailureReason(settings.server.listen_address, settings.server.grpc_port);
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", address, reason.empty() ? "" : ": ", reason));
  }
  if (!settings.server.tls.has_value() && !IsLoopbackAddress(settings.server.listen_address)) {
    // Plaintext suits the sandbox and loopback; anywhere else whoever can reach the port can
    // read and write the accounts behind it.
    Log(LogLevel::kWarning, "gRPC port without TLS on a non-loopback address",
        {{"grpc_address", address}, {"fix", "set server.tls (docs/security.md)"}});
  }
  if (!settings.server.health_address.empty()) {
    // A server without our services: with the default health service enabled above it
    // serves grpc.health.v1 (and reflection) only, in plaintext for kubelet's probes.
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(settings.server.health_address,
                                    grpc::InsecureServerCredentials(), &server->health_port_);
    server->health_server_ = health_builder.BuildAndStart();
    if (server->health_server_ == nullptr || server->health_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("server.health_address: cannot listen on ", settings.server.health_address));
    }
  }
  std::vector<grpc::HealthCheckServiceInterface*> health_services;
  for (grpc::Server* each : {server->server_.get(), server->health_server_.get()}) {
    if (each == nullptr) continue;
    if (auto* service = each->GetHealthCheckService()) health_services.push_back(service);
  }
  if (!health_services.empty()) {
    server->mirrored_health_ = std::make_unique<MirroredHealth>(std::move(health_services));
  }
  // "" (the whole server) serves by default; each service is reported too, so probes and
  // clients can ask for the one they use.
  if (auto* health = server->mirrored_health_.get()) {
    for (const char* name :
         {v1::LeadService::service_full_name(), v1::FieldService::service_full_name(),
          v1::MembershipService::service_full_name(), v1::CompanyService::service_full_name(),
          v1::BusinessCardService::service_full_name(),
          v1::ConnectionService::service_full_name(), v1::JobService::service_full_name(),
          v1::CardSyncService::service_full_name()}) {
      health->SetServingStatus(name, true);
    }
    if (fleet.has_value()) {
      health->SetServingStatus(kCoordinationHealthService, fleet->redis->reachable());
      server->health_ = std::move(health_holder);
      server->health_->store(health);
    }
  }
  return server;
}

GatewayServer::~GatewayServer() { Shutdown(absl::ZeroDuration()); }

void GatewayServer::Shutdown(absl::Duration grace) {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  if (health_ != nullptr) health_->store(nullptr);  // Redis callbacks stop using it
  if (mirrored_health_ != nullptr) mirrored_health_->SetServingStatus(false);
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
  // Last: probes see NOT_SERVING until the RPCs are done.
  if (health_server_ != nullptr) {
    health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
    health_server_->Wait();
  }
  // After the RPCs: no submit can arrive while the workers hand their jobs back.
  jobs_.reset();
}

}  // namespace leadgw::service
