#include "tests/jobs/job_test_util.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/faults/fault_test_util.h"

namespace leadgw::testing::jobs {

using faults::ContextWithTimeout;

std::string LocalJobsConfig(absl::string_view jobs_options,
                            absl::string_view connection_options) {
  return absl::StrCat(R"json({
  "server": {"drainGrace": "1s"},
  "jobs": {"journalPath": "JOURNAL_PATH")json",
                      jobs_options, R"json(},
  "connections": [
    {"name": "mkto", "backend": "marketo", "baseUrl": "MKTO_URL", MARKETO_CREDENTIALS)json",
                      connection_options, R"json(}
  ]
})json");
}

std::string EmailOf(const std::string& prefix, int index) {
  return absl::StrCat(prefix, "-", index, "@jobs.example.com");
}

v1::SubmitJobRequest UpsertJob(const std::string& connection, const std::string& prefix,
                               int first, int count, v1::UpsertAction action) {
  v1::SubmitJobRequest request;
  v1::UpsertLeadsRequest* upsert = request.mutable_write()->mutable_upsert_leads();
  upsert->set_connection(connection);
  upsert->set_action(action);
  for (int i = first; i < first + count; ++i) {
    v1::Lead* lead = upsert->add_leads();
    lead->set_email(EmailOf(prefix, i));
    lead->set_last_name(absl::StrCat("Job", i));
  }
  return request;
}

grpc::Status Submit(v1::JobService::Stub& stub, const v1::SubmitJobRequest& request,
                    v1::Job* job) {
  auto context = ContextWithTimeout(kRpcTimeout);
  return stub.SubmitJob(context.get(), request, job);
}

absl::StatusOr<v1::Job> GetJob(v1::JobService::Stub& stub, const std::string& id) {
  auto context = ContextWithTimeout(kRpcTimeout);
  v1::GetJobRequest request;
  request.set_id(id);
  v1::Job job;
  grpc::Status status = stub.GetJob(context.get(), request, &job);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  return job;
}

absl::StatusOr<std::vector<v1::Job>> WaitUntilFinal(v1::JobService::Stub& stub,
                                                    const std::vector<std::string>& ids,
                                                    absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (true) {
    std::vector<v1::Job> jobs;
    std::string unfinished;
    for (const std::string& id : ids) {
      absl::StatusOr<v1::Job> job = GetJob(stub, id);
      if (!job.ok()) return job.status();
      const v1::JobState state = job->state();
      if (unfinished.empty() && state != v1::JOB_STATE_DONE &&
          state != v1::JOB_STATE_CANCELLED && state != v1::JOB_STATE_EXPIRED) {
        unfinished = absl::StrCat(id, " (", v1::JobState_Name(state), ", ", job->records_done(),
                                  "/", job->record_count(), " done, last error: ",
                                  job->last_error(), ")");
      }
      jobs.push_back(*std::move(job));
    }
    if (unfinished.empty()) return jobs;
    if (absl::Now() > give_up) {
      return absl::DeadlineExceededError(absl::StrCat("job not final in time: ", unfinished));
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
}

int RecordsDone(v1::JobService::Stub& stub, const std::vector<std::string>& ids) {
  int done = 0;
  for (const std::string& id : ids) {
    absl::StatusOr<v1::Job> job = GetJob(stub, id);
    if (!job.ok()) return -1;
    done += job->records_done();
  }
  return done;
}

bool WaitForRecordsDone(v1::JobService::Stub& stub, const std::vector<std::string>& ids,
                        int records, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    if (RecordsDone(stub, ids) >= records) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

}  // namespace leadgw::testing::jobs
