#include "jobs/job_execution.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/common/write_batch.h"
#include "common/address_redaction.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "jobs/attempt_verdict.h"
#include "jobs/job_write.h"
#include "common/proto_time.h"

namespace leadgw::jobs {
namespace {

using common::TimeOf;
using common::TimestampOf;

v1::RecordResult ResultOf(int index, v1::RecordStatus status, absl::string_view code,
                          absl::string_view message) {
  v1::RecordResult result;
  result.set_index(index);
  result.set_status(status);
  v1::UpstreamReason* reason = result.add_reasons();
  reason->set_code(std::string(code));
  reason->set_message(std::string(message));
  return result;
}

absl::string_view FinalCode(v1::JobState state) {
  return state == v1::JOB_STATE_CANCELLED ? "gateway.job_cancelled" : "gateway.job_expired";
}

}  // namespace

LeaseHolder::LeaseHolder(JobJournal* journal, Lease lease, const JobRunnerOptions& options)
    : journal_(journal), options_(options), lease_(std::move(lease)) {}

absl::Status LeaseHolder::SaveLocked(const JobProgress& progress) {
  if (lost()) return absl::FailedPreconditionError("lease lost");
  Lease extended = lease_;
  extended.expires = options_.now() + options_.lease;
  absl::StatusOr<bool> cancel = journal_->Save(extended, progress);
  if (!cancel.ok()) {
    if (cancel.status().code() == absl::StatusCode::kFailedPrecondition) {
      lost_.store(true, std::memory_order_release);
    }
    return cancel.status();
  }
  lease_ = extended;
  last_ = progress;
  saved_once_ = true;
  if (*cancel) cancel_requested_.store(true, std::memory_order_release);
  return absl::OkStatus();
}

absl::Status LeaseHolder::Save(const JobProgress& progress) {
  std::lock_guard<std::mutex> lock(mu_);
  return SaveLocked(progress);
}

absl::Status LeaseHolder::Release(const JobProgress& progress) {
  std::lock_guard<std::mutex> lock(mu_);
  if (lost()) return absl::FailedPreconditionError("lease lost");
  absl::Status released = journal_->Release(lease_, progress);
  if (released.code() == absl::StatusCode::kFailedPrecondition) {
    lost_.store(true, std::memory_order_release);
  }
  released_ = released.ok();
  return released;
}

void LeaseHolder::Renew() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!saved_once_ || released_ || lost()) return;
  absl::Status renewed = SaveLocked(last_);
  if (!renewed.ok()) {
    Log(LogLevel::kWarning, "job lease not renewed",
        {{"job", lease_.job_id}, {"error", std::string(renewed.message())}});
  }
}

JobExecution::JobExecution(LeaseHolder& holder, const JobRequest& request, JobProgress progress,
                           backends::LeadBackend* backend, const JobRunnerOptions& options,
                           const JobHooks& hooks, const std::atomic<bool>& stopping)
    : holder_(holder),
      request_(request),
      progress_(std::move(progress)),
      backend_(backend),
      options_(options),
      hooks_(hooks),
      stopping_(stopping),
      record_count_(RecordCountOf(request.write())),
      results_(record_count_),
      unanswered_(record_count_, false) {
  for (const v1::RecordResult& result : progress_.job().results()) {
    if (result.index() >= 0 && result.index() < record_count_) results_[result.index()] = result;
  }
  for (int index : progress_.unanswered()) {
    if (index >= 0 && index < record_count_) unanswered_[index] = true;
  }
}

std::vector<int> JobExecution::Pending(int limit) const {
  std::vector<int> pending;
  for (int i = 0; i < record_count_ && static_cast<int>(pending.size()) < limit; ++i) {
    if (results_[i].status() == v1::RECORD_STATUS_UNSPECIFIED) pending.push_back(i);
  }
  return pending;
}

bool JobExecution::IsUnanswered(int index) const { return unanswered_[index]; }

void JobExecution::SetUnanswered(const std::vector<int>& indexes, bool unanswered) {
  for (int index : indexes) unanswered_[index] = unanswered;
}

void JobExecution::SetResult(v1::RecordResult result) {
  const int index = result.index();
  unanswered_[index] = false;
  if (hooks_.on_record) hooks_.on_record(progress_.job(), result.status());
  results_[index] = std::move(result);
}

void JobExecution::SyncProgress() {
  v1::Job& job = *progress_.mutable_job();
  job.clear_results();
  progress_.clear_unanswered();
  for (int i = 0; i < record_count_; ++i) {
    if (results_[i].status() != v1::RECORD_STATUS_UNSPECIFIED) *job.add_results() = results_[i];
    if (unanswered_[i]) progress_.add_unanswered(i);
  }
  job.set_records_done(job.results_size());
  *job.mutable_update_time() = TimestampOf(Now());
}

absl::Status JobExecution::Save() {
  SyncProgress();
  return holder_.Save(progress_);
}

backends::CallContext JobExecution::NewCallContext() const {
  backends::CallContext context;
  context.deadline = Now() + options_.attempt_timeout;
  context.request_id = progress_.job().id();
  context.priority = backends::CallPriority::kBulk;
  if (options_.caller_share) context.caller_share = options_.caller_share(request_.caller());
  const LeaseHolder* holder = &holder_;
  const std::atomic<bool>* stopping = &stopping_;
  context.cancellation = Cancellation([holder, stopping] {
    return stopping->load(std::memory_order_acquire) || holder->cancel_requested() ||
           holder->lost();
  });
  return context;
}

void JobExecution::Run() {
  v1::Job& job = *progress_.mutable_job();
  job.set_state(v1::JOB_STATE_RUNNING);
  job.clear_next_attempt_time();
  if (!Save().ok()) return;
  while (true) {
    if (holder_.lost()) return;
    if (holder_.cancel_requested()) return Finish(v1::JOB_STATE_CANCELLED);
    if (job.has_deliver_by() && Now() >= TimeOf(job.deliver_by())) {
      return Finish(v1::JOB_STATE_EXPIRED);
    }
    if (stopping_.load(std::memory_order_acquire)) {
      // Handed back at once: another worker (or this one after a restart) goes on.
      return Wait(v1::JOB_STATE_RETRYING, absl::ZeroDuration(), absl::OkStatus());
    }
    const std::vector<int> chunk = Pending(options_.chunk_records);
    if (chunk.empty()) return Finish(v1::JOB_STATE_DONE);
    if (backend_ == nullptr) {
      for (int index : chunk) {
        SetResult(ResultOf(index, v1::RECORD_STATUS_FAILED, "gateway.unknown_connection",
                           "the job's connection is no longer configured"));
      }
      if (!Save().ok()) return;
      continue;
    }
    if (!ReplayIsSafe(request_.write())) {
      absl::StatusOr<bool> settled = ResolveUnanswered(chunk);
      if (!settled.ok()) return;
      if (*settled) continue;  // the chunk changed: take the pending records again
    }
    if (!SendChunk(chunk).ok()) return;
  }
}

absl::StatusOr<bool> JobExecution::ResolveUnanswered(const std::vector<int>& chunk) {
  std::vector<int> lost;
  for (int index : chunk) {
    if (IsUnanswered(index)) lost.push_back(index);
  }
  if (lost.empty()) return false;
  absl::StatusOr<std::vector<Presence>> presence =
      LookUp(*backend_, NewCallContext(), request_.write(), lost);
  if (!presence.ok()) {
    // The records stay unanswered; a terminal verdict must not fail them unlooked.
    const absl::Status failed = presence.status();
    if (JudgeFailure(failed).action != AttemptVerdict::Action::kTerminal) {
      return OnFailure({}, failed);
    }
    for (int index : lost) {
      SetResult(ResultOf(index, v1::RECORD_STATUS_OUTCOME_UNKNOWN, "gateway.answer_lost",
                         absl::StrCat("sent, but the answer was lost, and the lookup that "
                                      "would tell failed: ", failed.message())));
    }
    LEADGW_RETURN_IF_ERROR(Save());
    return true;
  }
  bool settled = false;
  for (size_t i = 0; i < lost.size(); ++i) {
    switch ((*presence)[i]) {
      case Presence::kAbsent:
        unanswered_[lost[i]] = false;  // provably not written: it may go again
        break;
      case Presence::kPresent:
        settled = true;
        SetResult(ResultOf(lost[i], v1::RECORD_STATUS_OUTCOME_UNKNOWN, "gateway.answer_lost",
                           "sent, but the answer was lost, and a matching record exists "
                           "upstream: not sent again, to avoid writing it twice"));
        break;
      case Presence::kUnknown:
        settled = true;
        SetResult(ResultOf(lost[i], v1::RECORD_STATUS_OUTCOME_UNKNOWN, "gateway.answer_lost",
                           "sent, but the answer was lost, and the record has no key to look "
                           "it up by: not sent again, to avoid writing it twice"));
        break;
    }
  }
  LEADGW_RETURN_IF_ERROR(Save());
  return settled;
}

absl::Status JobExecution::SendChunk(const std::vector<int>& chunk) {
  // Journaled before it goes: a crash from here on leaves these records unanswered.
  SetUnanswered(chunk, true);
  LEADGW_RETURN_IF_ERROR(Save());
  absl::StatusOr<v1::WriteResponse> answer =
      SendRecords(*backend_, NewCallContext(), request_.write(), chunk);
  progress_.mutable_job()->set_attempts(progress_.job().attempts() + 1);
  if (!answer.ok()) return OnFailure(chunk, answer.status());
  bool any_transient = false;
  absl::Status transient_reason = absl::OkStatus();
  for (v1::RecordResult& result : *answer->mutable_results()) {
    bool maybe_sent = false;
    if (IsTransientRecordFailure(result, &maybe_sent)) {
      unanswered_[result.index()] = maybe_sent;
      if (!any_transient) {
        transient_reason = absl::UnavailableError(result.reasons(0).message());
      }
      any_transient = true;
      continue;
    }
    SetResult(std::move(result));
  }
  if (hooks_.on_attempt) hooks_.on_attempt(progress_.job(), any_transient ? "retry" : "ok");
  if (any_transient) {
    progress_.set_failures_in_a_row(progress_.failures_in_a_row() + 1);
    Wait(v1::JOB_STATE_RETRYING, absl::ZeroDuration(), transient_reason);
    return transient_reason;
  }
  progress_.set_failures_in_a_row(0);
  return Save();
}

absl::Status JobExecution::OnFailure(const std::vector<int>& chunk, const absl::Status& status) {
  if (holder_.lost()) return status;
  const AttemptVerdict verdict = JudgeFailure(status);
  if (!verdict.maybe_sent) SetUnanswered(chunk, false);
  if (holder_.cancel_requested()) {  // the cancellation cut the call short
    Finish(v1::JOB_STATE_CANCELLED);
    return status;
  }
  if (verdict.action == AttemptVerdict::Action::kTerminal) {
    if (hooks_.on_attempt) hooks_.on_attempt(progress_.job(), "rejected");
    const v1::UpstreamReason reason = backends::common::ReasonFor(status);
    for (int index : chunk) {
      SetResult(ResultOf(index, v1::RECORD_STATUS_FAILED, reason.code(), reason.message()));
    }
    progress_.set_failures_in_a_row(0);
    return Save();
  }
  if (verdict.action == AttemptVerdict::Action::kPark) {
    if (hooks_.on_attempt) hooks_.on_attempt(progress_.job(), "parked");
    Wait(v1::JOB_STATE_PARKED,
         verdict.wait > absl::ZeroDuration() ? verdict.wait : options_.park_without_hint, status);
    return status;
  }
  if (hooks_.on_attempt) hooks_.on_attempt(progress_.job(), "retry");
  progress_.set_failures_in_a_row(progress_.failures_in_a_row() + 1);
  Wait(v1::JOB_STATE_RETRYING, verdict.wait, status);
  return status;
}

void JobExecution::Wait(v1::JobState state, absl::Duration wait, const absl::Status& why) {
  if (state == v1::JOB_STATE_RETRYING && progress_.failures_in_a_row() > 0) {
    const double doublings = std::min(progress_.failures_in_a_row() - 1, 30);
    const absl::Duration backoff =
        std::min(options_.max_backoff, options_.initial_backoff * std::pow(2.0, doublings));
    wait = std::max(wait, backoff);
  }
  v1::Job& job = *progress_.mutable_job();
  job.set_state(state);
  // last_error reaches callers through JobService; the upstream host stays in the logs.
  if (!why.ok()) job.set_last_error(RedactNetworkAddresses(why.message()));
  *job.mutable_next_attempt_time() = TimestampOf(Now() + wait);
  Release();
}

void JobExecution::Release() {
  SyncProgress();
  absl::Status released = holder_.Release(progress_);
  if (!released.ok()) {
    Log(LogLevel::kWarning, "job not handed back",
        {{"job", progress_.job().id()}, {"error", std::string(released.message())}});
  }
}

void JobExecution::Finish(v1::JobState state) {
  for (int index : Pending(record_count_)) {
    if (IsUnanswered(index)) {
      SetResult(ResultOf(index, v1::RECORD_STATUS_OUTCOME_UNKNOWN, FinalCode(state),
                         "sent, but the answer was lost before the job ended"));
    } else {
      SetResult(ResultOf(index, v1::RECORD_STATUS_FAILED, FinalCode(state),
                         state == v1::JOB_STATE_CANCELLED ? "the job was cancelled first"
                                                          : "not delivered by the job's deadline"));
    }
  }
  v1::Job& job = *progress_.mutable_job();
  job.set_state(state);
  job.clear_next_attempt_time();
  *job.mutable_expire_time() = TimestampOf(Now() + options_.result_ttl);
  Release();
  if (hooks_.on_final && !holder_.lost()) hooks_.on_final(progress_.job());
}

}  // namespace leadgw::jobs
