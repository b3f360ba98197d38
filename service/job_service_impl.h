// gRPC handlers of leadgateway.v1.JobService (docs/jobs.md): durable write jobs taken
// into the journal, read back, watched and cancelled. The workers that deliver them are
// jobs/job_runner.h's.
#ifndef LEADGW_SERVICE_JOB_SERVICE_IMPL_H_
#define LEADGW_SERVICE_JOB_SERVICE_IMPL_H_

#include "absl/time/time.h"
#include "leadgateway/v1/job_service.grpc.pb.h"
#include "service/job_stack.h"
#include "service/rpc_runner.h"

namespace leadgw::service {

struct JobServiceOptions {
  // A job not delivered by create_time + delivery_ttl ends EXPIRED.
  absl::Duration delivery_ttl = absl::Hours(72);
  // How often WatchJob looks at the journal.
  absl::Duration watch_interval = absl::Milliseconds(200);
};

class JobServiceImpl final : public v1::JobService::Service {
 public:
  // Both must outlive the service. `jobs` null: durable jobs are not configured, and
  // every RPC answers FAILED_PRECONDITION saying so.
  JobServiceImpl(const RpcEnv* env, JobStack* jobs, JobServiceOptions options)
      : env_(env), jobs_(jobs), options_(options) {}

  grpc::Status SubmitJob(grpc::ServerContext* context, const v1::SubmitJobRequest* request,
                         v1::Job* response) override;
  grpc::Status GetJob(grpc::ServerContext* context, const v1::GetJobRequest* request,
                      v1::Job* response) override;
  grpc::Status WatchJob(grpc::ServerContext* context, const v1::WatchJobRequest* request,
                        grpc::ServerWriter<v1::Job>* writer) override;
  grpc::Status ListJobs(grpc::ServerContext* context, const v1::ListJobsRequest* request,
                        v1::ListJobsResponse* response) override;
  grpc::Status CancelJob(grpc::ServerContext* context, const v1::CancelJobRequest* request,
                         v1::Job* response) override;

 private:
  absl::StatusOr<v1::Job> Submit(const v1::SubmitJobRequest& request,
                                 rpc_internal::RpcScope& scope);
  absl::StatusOr<jobs::JobProgress> Find(const std::string& id);
  // Find(), for a caller that must hold the read permission on the job's connection.
  absl::StatusOr<jobs::JobProgress> FindFor(const std::string& id, rpc_internal::RpcScope& scope);
  // The journal; FAILED_PRECONDITION when jobs are not configured.
  absl::StatusOr<jobs::JobJournal*> Journal();

  const RpcEnv* env_;
  JobStack* jobs_;
  const JobServiceOptions options_;
};

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_JOB_SERVICE_IMPL_H_
