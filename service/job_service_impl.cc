#include "service/job_service_impl.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "jobs/job_write.h"
#include "common/proto_time.h"
#include "service/field_error.h"
#include "service/idempotency/request_digest.h"
#include "service/validation.h"

namespace leadgw::service {
namespace {

constexpr int kMaxJobIdLength = 64;
constexpr int kMaxIdempotencyKeyLength = 255;
constexpr int kMaxListPageSize = 1000;
constexpr int kDefaultListPageSize = 100;
constexpr int kMaxPageTokenLength = 4096;

// The inner request's error, with its path under the job's `write`.
absl::Status UnderWrite(absl::string_view kind, const absl::Status& status) {
  if (status.ok()) return status;
  const std::optional<std::string> path = InvalidFieldPath(status);
  if (!path.has_value()) return status;
  absl::string_view problem = status.message();
  problem.remove_prefix(std::min(problem.size(), path->size() + 2));  // "<path>: "
  return InvalidField(absl::StrCat("write.", kind, ".", *path), problem);
}

absl::Status ValidateWrite(const v1::JobWrite& write) {
  switch (write.write_case()) {
    case v1::JobWrite::kUpsertLeads:
      return UnderWrite("upsert_leads", Validate(write.upsert_leads()));
    case v1::JobWrite::kDeleteLeads:
      return UnderWrite("delete_leads", Validate(write.delete_leads()));
    case v1::JobWrite::kPushLeads:
      return UnderWrite("push_leads", Validate(write.push_leads()));
    case v1::JobWrite::kUpdateLeadPartitions:
      return UnderWrite("update_lead_partitions", Validate(write.update_lead_partitions()));
    case v1::JobWrite::kCreateCompanies:
      return UnderWrite("create_companies", Validate(write.create_companies()));
    case v1::JobWrite::kUpdateCompanies:
      return UnderWrite("update_companies", Validate(write.update_companies()));
    case v1::JobWrite::kCreateBusinessCards:
      return UnderWrite("create_business_cards", Validate(write.create_business_cards()));
    case v1::JobWrite::kUpdateBusinessCards:
      return UnderWrite("update_business_cards", Validate(write.update_business_cards()));
    case v1::JobWrite::WRITE_NOT_SET:
      break;
  }
  return InvalidField("write", "required: one write request");
}

absl::Status ValidateJobId(const std::string& id) {
  if (id.empty() || id.size() > kMaxJobIdLength) {
    return InvalidField("id", absl::StrCat("required, at most ", kMaxJobIdLength, " characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateIdempotencyKey(const std::string& key) {
  const bool printable =
      std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
  if (key.size() > kMaxIdempotencyKeyLength || !printable) {
    return InvalidField("idempotency_key", absl::StrCat("at most ", kMaxIdempotencyKeyLength,
                                                        " visible ASCII characters"));
  }
  return absl::OkStatus();
}

std::string DigestOf(const v1::JobWrite& write) {
  return idempotency::RequestDigest(idempotency::DeterministicBytes(write));
}

// The job as ListJobs shows it: everything but the per-record results.
v1::Job Summary(const v1::Job& job) {
  v1::Job summary = job;
  summary.clear_results();
  return summary;
}

}  // namespace

absl::StatusOr<jobs::JobJournal*> JobServiceImpl::Journal() {
  if (jobs_ == nullptr) {
    return absl::FailedPreconditionError(
        "durable jobs are not configured on this gateway (the config's `jobs` block)");
  }
  return jobs_->journal();
}

absl::StatusOr<jobs::JobProgress> JobServiceImpl::Find(const std::string& id) {
  LEADGW_ASSIGN_OR_RETURN(jobs::JobJournal * journal, Journal());
  LEADGW_RETURN_IF_ERROR(ValidateJobId(id));
  LEADGW_ASSIGN_OR_RETURN(std::optional<jobs::JobProgress> found, journal->Get(id));
  if (!found.has_value()) {
    return absl::NotFoundError(absl::StrCat("job ", id, " not found (unknown, or purged)"));
  }
  return *std::move(found);
}

absl::StatusOr<jobs::JobProgress> JobServiceImpl::FindFor(const std::string& id,
                                                         rpc_internal::RpcScope& scope) {
  LEADGW_RETURN_IF_ERROR(scope.Identify());
  LEADGW_ASSIGN_OR_RETURN(jobs::JobProgress found, Find(id));
  scope.set_connection(found.job().connection());
  LEADGW_RETURN_IF_ERROR(scope.Authorize(access::Permission::kRead, found.job().connection()));
  return found;
}

absl::StatusOr<v1::Job> JobServiceImpl::Submit(const v1::SubmitJobRequest& request,
                                               rpc_internal::RpcScope& scope) {
  LEADGW_RETURN_IF_ERROR(scope.Identify());
  LEADGW_ASSIGN_OR_RETURN(jobs::JobJournal * journal, Journal());
  LEADGW_RETURN_IF_ERROR(ValidateWrite(request.write()));
  LEADGW_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key()));
  const v1::JobWrite& write = request.write();
  LEADGW_ASSIGN_OR_RETURN(ConnectionRegistry::Entry * entry,
                          env_->registry->Find(jobs::ConnectionOf(write)));
  scope.set_connection(entry->settings.name);
  const v1::JobKind kind = jobs::KindOf(write);
  const backends::Operation op = jobs::OperationOf(kind);
  LEADGW_RETURN_IF_ERROR(scope.Authorize(access::PermissionFor(op), entry->settings.name));
  if (!entry->backend->Supports(op)) {
    return absl::UnimplementedError(absl::StrCat(entry->backend->backend_name(),
                                                 " does not support ",
                                                 backends::Info(op).rpc));
  }

  const absl::Time now = absl::Now();
  jobs::JobRequest stored;
  *stored.mutable_write() = write;
  stored.set_digest(DigestOf(write));
  stored.set_caller(scope.caller_name());
  jobs::JobProgress progress;
  v1::Job& job = *progress.mutable_job();
  job.set_id(jobs::NewJobId(now));
  job.set_connection(entry->settings.name);
  job.set_kind(kind);
  job.set_state(v1::JOB_STATE_QUEUED);
  job.set_idempotency_key(request.idempotency_key());
  job.set_record_count(jobs::RecordCountOf(write));
  *job.mutable_create_time() = common::TimestampOf(now);
  *job.mutable_update_time() = common::TimestampOf(now);
  *job.mutable_next_attempt_time() = common::TimestampOf(now);
  *job.mutable_deliver_by() = common::TimestampOf(now + options_.delivery_ttl);

  LEADGW_ASSIGN_OR_RETURN(jobs::CreateOutcome outcome, journal->Create(stored, progress));
  if (!outcome.created) {
    if (outcome.existing_digest != stored.digest()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "idempotency_key: already used by job ", outcome.existing.job().id(),
          " for another write; use a new key for a new write"));
    }
    return Summary(outcome.existing.job());
  }
  jobs_->metrics()->OnSubmitted(job.connection(), kind);
  jobs_->runner()->Wake();
  return job;
}

grpc::Status JobServiceImpl::SubmitJob(grpc::ServerContext* context,
                                       const v1::SubmitJobRequest* request, v1::Job* response) {
  rpc_internal::RpcScope scope(*env_, "leadgateway.v1.JobService/SubmitJob", *context);
  absl::StatusOr<v1::Job> job = Submit(*request, scope);
  if (job.ok()) *response = *std::move(job);
  return scope.Finish(job.status());
}

grpc::Status JobServiceImpl::GetJob(grpc::ServerContext* context,
                                    const v1::GetJobRequest* request, v1::Job* response) {
  rpc_internal::RpcScope scope(*env_, "leadgateway.v1.JobService/GetJob", *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(jobs::JobProgress found, FindFor(request->id(), scope));
    *response = std::move(*found.mutable_job());
    return absl::OkStatus();
  }();
  return scope.Finish(status);
}

grpc::Status JobServiceImpl::WatchJob(grpc::ServerContext* context,
                                      const v1::WatchJobRequest* request,
                                      grpc::ServerWriter<v1::Job>* writer) {
  rpc_internal::RpcScope scope(*env_, "leadgateway.v1.JobService/WatchJob", *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_ASSIGN_OR_RETURN(jobs::JobProgress progress, FindFor(request->id(), scope));
    std::vector<bool> sent(progress.job().record_count(), false);
    std::string last_sent;  // the last message without its results, to skip repeats
    while (true) {
      v1::Job message = Summary(progress.job());
      for (const v1::RecordResult& result : progress.job().results()) {
        const int index = result.index();
        if (index < 0 || index >= static_cast<int>(sent.size()) || sent[index]) continue;
        sent[index] = true;
        *message.add_results() = result;
      }
      std::string summary = Summary(message).SerializeAsString();
      if (message.results_size() > 0 || summary != last_sent) {
        if (!writer->Write(message)) return absl::CancelledError("the caller went away");
        last_sent = std::move(summary);
      }
      if (jobs::IsFinal(progress.job().state())) return absl::OkStatus();
      const absl::Time next = absl::Now() + options_.watch_interval;
      while (absl::Now() < next) {
        if (context->IsCancelled()) return absl::CancelledError("the caller cancelled the watch");
        absl::SleepFor(std::min(absl::Milliseconds(50), next - absl::Now()));
      }
      LEADGW_ASSIGN_OR_RETURN(progress, Find(request->id()));
    }
  }();
  return scope.Finish(status);
}

grpc::Status JobServiceImpl::ListJobs(grpc::ServerContext* context,
                                      const v1::ListJobsRequest* request,
                                      v1::ListJobsResponse* response) {
  rpc_internal::RpcScope scope(*env_, "leadgateway.v1.JobService/ListJobs", *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_RETURN_IF_ERROR(scope.Identify());
    LEADGW_ASSIGN_OR_RETURN(jobs::JobJournal * journal, Journal());
    if (!v1::JobState_IsValid(request->state())) {
      return InvalidField("state", "must be a JobState value");
    }
    if (request->page_size() < 0 || request->page_size() > kMaxListPageSize) {
      return InvalidField("page_size", absl::StrCat("must be 0-", kMaxListPageSize));
    }
    if (request->page_token().size() > kMaxPageTokenLength) {
      return InvalidField("page_token", absl::StrCat("at most ", kMaxPageTokenLength,
                                                     " characters"));
    }
    jobs::ListFilter filter;
    filter.state = request->state();
    filter.connection = request->connection();
    filter.page_size = request->page_size() == 0 ? kDefaultListPageSize : request->page_size();
    filter.page_token = request->page_token();
    LEADGW_ASSIGN_OR_RETURN(jobs::JobPage page, journal->List(filter));
    for (const jobs::JobProgress& progress : page.jobs) {
      // Jobs on connections the caller may not read are left out (the page may be short).
      if (!scope.MayAccess(access::Permission::kRead, progress.job().connection())) continue;
      *response->add_jobs() = Summary(progress.job());
    }
    response->set_next_page_token(std::move(page.next_page_token));
    return absl::OkStatus();
  }();
  return scope.Finish(status);
}

grpc::Status JobServiceImpl::CancelJob(grpc::ServerContext* context,
                                       const v1::CancelJobRequest* request, v1::Job* response) {
  rpc_internal::RpcScope scope(*env_, "leadgateway.v1.JobService/CancelJob", *context);
  absl::Status status = [&]() -> absl::Status {
    LEADGW_RETURN_IF_ERROR(scope.Identify());
    LEADGW_ASSIGN_OR_RETURN(jobs::JobJournal * journal, Journal());
    LEADGW_ASSIGN_OR_RETURN(jobs::JobProgress found, Find(request->id()));
    scope.set_connection(found.job().connection());
    LEADGW_RETURN_IF_ERROR(scope.Authorize(access::Permission::kWrite, found.job().connection()));
    LEADGW_ASSIGN_OR_RETURN(jobs::JobProgress progress, journal->RequestCancel(request->id()));
    jobs_->runner()->Wake();
    *response = Summary(progress.job());
    return absl::OkStatus();
  }();
  return scope.Finish(status);
}

}  // namespace leadgw::service
