#include "service/job_stack.h"

#include <unistd.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "jobs/redis_journal.h"
#include "jobs/sqlite_journal.h"
#include "upstream/coord/redis_client.h"

namespace leadgw::service {
namespace {

// Job records can be megabytes (a 5,000-lead request): the journal's client has its own
// connection and a longer timeout than the fleet's coordination calls.
constexpr absl::Duration kJournalCommandTimeout = absl::Seconds(5);

absl::StatusOr<std::unique_ptr<jobs::JobJournal>> OpenJournal(const GatewaySettings& settings) {
  const upstream::coord::FleetSettings& fleet = settings.server.fleet;
  if (fleet.enabled()) {
    upstream::coord::RedisOptions options;
    options.host = fleet.redis_host;
    options.port = fleet.redis_port;
    options.password = fleet.redis_password;
    options.connect_timeout = absl::Seconds(1);
    options.command_timeout = kJournalCommandTimeout;
    jobs::RedisJournalOptions journal;
    journal.key_prefix = fleet.key_prefix;
    return std::make_unique<jobs::RedisJournal>(
        std::make_shared<upstream::coord::RedisClient>(options), journal);
  }
  jobs::SqliteJournalOptions options;
  options.path = settings.jobs.journal_path;
  options.max_bytes = settings.jobs.journal_max_bytes;
  LEADGW_ASSIGN_OR_RETURN(std::unique_ptr<jobs::SqliteJournal> journal,
                          jobs::SqliteJournal::Open(options));
  return journal;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JobStack>> JobStack::Start(const GatewaySettings& settings,
                                                         const ConnectionRegistry& registry,
                                                         metrics::Registry& metrics,
                                                         const std::string& fleet_replica_id) {
  std::unique_ptr<JobStack> stack(new JobStack());
  LEADGW_ASSIGN_OR_RETURN(stack->journal_, OpenJournal(settings));
  std::vector<std::string> connections;
  for (const auto& entry : registry.entries()) connections.push_back(entry->settings.name);
  stack->metrics_ =
      std::make_unique<jobs::JobMetrics>(metrics, stack->journal_.get(), connections);
  jobs::JobRunnerOptions options = settings.jobs.runner;
  options.worker_name =
      fleet_replica_id.empty() ? absl::StrCat("pid-", getpid()) : fleet_replica_id;
  // A copy: the runner's workers may outlive `settings`.
  auto access = std::make_shared<const access::AccessPolicy>(settings.access);
  options.caller_share = [access](absl::string_view caller) {
    return access->ShareOfName(caller);
  };
  const ConnectionRegistry* backends = &registry;
  stack->runner_ = std::make_unique<jobs::JobRunner>(
      stack->journal_.get(),
      [backends](absl::string_view connection) -> absl::StatusOr<backends::LeadBackend*> {
        LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * entry, backends->Find(connection));
        return entry->backend.get();
      },
      options, stack->metrics_->Hooks());
  stack->runner_->Start();
  return stack;
}

JobStack::~JobStack() {
  if (runner_ != nullptr) runner_->Stop();
}

}  // namespace leadgw::service
