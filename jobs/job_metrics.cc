#include "jobs/job_metrics.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "jobs/job_write.h"

namespace leadgw::jobs {
namespace {

namespace v1 = ::leadgateway::v1;

constexpr v1::JobKind kKinds[] = {
    v1::JOB_KIND_UPSERT_LEADS,      v1::JOB_KIND_DELETE_LEADS,
    v1::JOB_KIND_PUSH_LEADS,        v1::JOB_KIND_UPDATE_LEAD_PARTITIONS,
    v1::JOB_KIND_CREATE_COMPANIES,  v1::JOB_KIND_UPDATE_COMPANIES,
    v1::JOB_KIND_CREATE_BUSINESS_CARDS, v1::JOB_KIND_UPDATE_BUSINESS_CARDS};
constexpr absl::string_view kAttemptResults[] = {"ok", "retry", "parked", "rejected"};
constexpr v1::RecordStatus kFinalStatuses[] = {
    v1::RECORD_STATUS_CREATED, v1::RECORD_STATUS_UPDATED, v1::RECORD_STATUS_DELETED,
    v1::RECORD_STATUS_SKIPPED, v1::RECORD_STATUS_FAILED,  v1::RECORD_STATUS_OUTCOME_UNKNOWN};
constexpr v1::JobState kFinalStates[] = {v1::JOB_STATE_DONE, v1::JOB_STATE_CANCELLED,
                                         v1::JOB_STATE_EXPIRED};

// "created", "outcome_unknown", ...: the enum name without its prefix, in lower case.
std::string StatusLabel(v1::RecordStatus status) {
  std::string name = v1::RecordStatus_Name(status);
  return absl::AsciiStrToLower(absl::StripPrefix(name, "RECORD_STATUS_"));
}

std::string StateLabel(v1::JobState state) {
  std::string name = v1::JobState_Name(state);
  return absl::AsciiStrToLower(absl::StripPrefix(name, "JOB_STATE_"));
}

metrics::Gauge& SingleGauge(metrics::Registry& registry, const char* name, const char* help) {
  return metrics::BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

}  // namespace

JobMetrics::JobMetrics(metrics::Registry& registry, JobJournal* journal,
                       absl::Span<const std::string> connections)
    : journal_(journal),
      submitted_(metrics::BuildCounter()
                     .Name("leadgw_jobs_submitted_total")
                     .Help("Durable jobs journaled (acknowledged submits), by kind.")
                     .LabelNames({"connection", "kind"})
                     .Register(registry)),
      records_(metrics::BuildCounter()
                   .Name("leadgw_job_records_total")
                   .Help("Records of durable jobs that got their final result, by status: the "
                         "drain rate.")
                   .LabelNames({"connection", "kind", "status"})
                   .Register(registry)),
      attempts_(metrics::BuildCounter()
                    .Name("leadgw_job_attempts_total")
                    .Help("Upstream attempts of durable jobs, by result: ok, retry (transient "
                          "failure), parked (daily quota spent), rejected (records failed).")
                    .LabelNames({"connection", "kind", "result"})
                    .Register(registry)),
      finished_(metrics::BuildCounter()
                    .Name("leadgw_jobs_finished_total")
                    .Help("Durable jobs that reached a final state: done, cancelled, expired.")
                    .LabelNames({"connection", "state"})
                    .Register(registry)),
      open_(SingleGauge(registry, "leadgw_jobs_open",
                        "Durable jobs not final (queue depth), as the journal holds them.")),
      parked_(SingleGauge(registry, "leadgw_jobs_parked",
                          "Durable jobs parked until the upstream's quota day resets.")),
      pending_records_(SingleGauge(registry, "leadgw_job_records_pending",
                                   "Records of open durable jobs without a final result.")),
      oldest_age_(SingleGauge(registry, "leadgw_job_oldest_age_seconds",
                              "Age of the oldest open durable job; 0 when none.")),
      journal_up_(SingleGauge(registry, "leadgw_job_journal_up",
                              "1 when the job journal answered the last scrape, else 0.")) {
  for (const std::string& connection : connections) {
    for (v1::JobKind kind : kKinds) {
      const std::string kind_label(KindName(kind));
      submitted_.Add({{"connection", connection}, {"kind", kind_label}});
      for (absl::string_view result : kAttemptResults) {
        attempts_.Add({{"connection", connection}, {"kind", kind_label}, {"result", std::string(result)}});
      }
    }
    for (v1::JobKind kind : kKinds) {
      for (v1::RecordStatus status : kFinalStatuses) {
        records_.Add({{"connection", connection},
                      {"kind", std::string(KindName(kind))},
                      {"status", StatusLabel(status)}});
      }
    }
    for (v1::JobState state : kFinalStates) {
      finished_.Add({{"connection", connection}, {"state", StateLabel(state)}});
    }
  }
  registry.AddCollectHook([this] { Collect(); });
}

void JobMetrics::OnSubmitted(absl::string_view connection, v1::JobKind kind) {
  submitted_.Add({{"connection", std::string(connection)}, {"kind", std::string(KindName(kind))}})
      .Increment();
}

JobHooks JobMetrics::Hooks() {
  JobHooks hooks;
  hooks.on_record = [this](const v1::Job& job, v1::RecordStatus status) {
    records_
        .Add({{"connection", job.connection()},
              {"kind", std::string(KindName(job.kind()))},
              {"status", StatusLabel(status)}})
        .Increment();
  };
  hooks.on_attempt = [this](const v1::Job& job, absl::string_view result) {
    attempts_
        .Add({{"connection", job.connection()},
              {"kind", std::string(KindName(job.kind()))},
              {"result", std::string(result)}})
        .Increment();
  };
  hooks.on_final = [this](const v1::Job& job) {
    finished_.Add({{"connection", job.connection()}, {"state", StateLabel(job.state())}})
        .Increment();
  };
  return hooks;
}

void JobMetrics::Collect() {
  absl::StatusOr<JournalStats> stats = journal_->Stats();
  journal_up_.Set(stats.ok() ? 1 : 0);
  if (!stats.ok()) return;
  open_.Set(static_cast<double>(stats->open_jobs));
  parked_.Set(static_cast<double>(stats->parked_jobs));
  pending_records_.Set(static_cast<double>(stats->open_records));
  oldest_age_.Set(stats->oldest_open_create_time == absl::InfiniteFuture()
                      ? 0.0
                      : std::max(0.0, absl::ToDoubleSeconds(absl::Now() -
                                                            stats->oldest_open_create_time)));
}

}  // namespace leadgw::jobs
