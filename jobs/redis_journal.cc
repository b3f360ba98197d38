#include "jobs/redis_journal.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "jobs/redis_journal_scripts.h"

namespace leadgw::jobs {
namespace {

using ::leadgw::upstream::coord::RedisReply;
using ::leadgw::upstream::coord::RedisScript;
using redis_journal_internal::AcquireScript;
using redis_journal_internal::CancelScript;
using redis_journal_internal::CreateScript;
using redis_journal_internal::ListScript;
using redis_journal_internal::PurgeScript;
using redis_journal_internal::StatsScript;
using redis_journal_internal::StoreScript;

// Waiting jobs one Acquire moves into the stream, and final jobs one PurgeExpired script
// deletes: bounds on how long one script holds Redis.
constexpr int kMovePerAcquire = 100;
constexpr int kPurgePerScript = 200;
// List examines at most this many jobs per job of the page size.
constexpr int kListExamineFactor = 10;

absl::Status Malformed(absl::string_view what) {
  return absl::InternalError(absl::StrCat("job journal: unexpected answer of Redis to ", what));
}

absl::Status Corrupt(absl::string_view what, absl::string_view job_id) {
  return absl::InternalError(absl::StrCat("job journal: corrupt ", what, " of job ", job_id));
}

bool IsString(const RedisReply& reply) { return reply.type == RedisReply::Type::kString; }

std::string Millis(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }
std::string Millis(const google::protobuf::Timestamp& ts) { return Millis(common::TimeOf(ts)); }

std::string StateArg(JobState state) { return absl::StrCat(static_cast<int>(state)); }

// Records of the job without a result, counted in JournalStats::open_records while open.
std::string PendingArg(const JobProgress& progress) {
  if (IsFinal(progress.job().state())) return "0";
  return absl::StrCat(std::max(0, progress.job().record_count() - progress.job().records_done()));
}

absl::StatusOr<JobProgress> ParseProgress(const std::string& bytes, absl::string_view cancel,
                                          absl::string_view job_id) {
  JobProgress progress;
  if (!progress.ParseFromString(bytes)) return Corrupt("progress", job_id);
  progress.mutable_job()->set_cancel_requested(cancel == "1");
  return progress;
}

std::string NewToken() {
  thread_local absl::BitGen bitgen;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(bitgen),
                         absl::Uniform<uint64_t>(bitgen));
}

}  // namespace

RedisJournal::RedisJournal(std::shared_ptr<upstream::coord::RedisClient> redis,
                           RedisJournalOptions options)
    : redis_(std::move(redis)),
      options_(std::move(options)),
      prefix_(absl::StrCat(options_.key_prefix, ":jobs:")) {}

std::string RedisJournal::Key(absl::string_view suffix) const {
  return absl::StrCat(prefix_, suffix);
}

std::string RedisJournal::JobKey(absl::string_view job_id) const {
  return absl::StrCat(prefix_, "job:", job_id);
}

std::vector<std::string> RedisJournal::SharedKeys() const {
  return {Key("runnable"), Key("waiting"), Key("leases"), Key("index"),
          Key("open"),     Key("parked"),  Key("expiry"), Key("stats")};
}

namespace {
absl::Status MapError(const absl::Status& status) {
  if (upstream::coord::IsCoordinationOutage(status)) {
    return absl::UnavailableError(absl::StrCat("job journal: ", status.message()));
  }
  if (absl::StrContains(status.message(), "OOM command not allowed")) {
    return absl::ResourceExhaustedError(absl::StrCat("job journal full: ", status.message()));
  }
  return status;
}
}  // namespace

absl::StatusOr<RedisReply> RedisJournal::Eval(const RedisScript& script,
                                              std::vector<std::string> keys,
                                              std::vector<std::string> args) {
  std::vector<std::string> all_keys = SharedKeys();
  all_keys.insert(all_keys.end(), keys.begin(), keys.end());
  args.insert(args.begin(), {Key("job:"), options_.consumer_group});
  absl::StatusOr<RedisReply> reply = redis_->Eval(script, all_keys, args);
  if (!reply.ok()) return MapError(reply.status());
  return reply;
}

absl::StatusOr<RedisReply> RedisJournal::Command(const std::vector<std::string>& argv) {
  absl::StatusOr<RedisReply> reply = redis_->Command(argv);
  if (!reply.ok()) return MapError(reply.status());
  return reply;
}

absl::StatusOr<CreateOutcome> RedisJournal::Create(const JobRequest& request,
                                                   const JobProgress& progress) {
  const leadgateway::v1::Job& job = progress.job();
  JobProgress stored = progress;
  stored.mutable_job()->set_cancel_requested(false);  // the journal's flag starts clear
  LEADGW_ASSIGN_OR_RETURN(
      RedisReply reply,
      Eval(CreateScript(), {JobKey(job.id()), Key(absl::StrCat("key:", job.idempotency_key()))},
           {job.id(), request.SerializeAsString(), stored.SerializeAsString(),
            job.idempotency_key(), Millis(job.create_time()), Millis(job.next_attempt_time()),
            StateArg(job.state()), job.connection(), PendingArg(progress)}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.empty() ||
      reply.elements[0].type != RedisReply::Type::kInteger) {
    return Malformed("create");
  }
  CreateOutcome outcome;
  switch (reply.elements[0].integer) {
    case 1:
      outcome.created = true;
      return outcome;
    case 2:
      return absl::AlreadyExistsError(absl::StrCat("job journal: job id ", job.id(), " in use"));
    case 0:
      break;
    default:
      return Malformed("create");
  }
  if (reply.elements.size() != 4 || !IsString(reply.elements[1]) ||
      !IsString(reply.elements[2]) || !IsString(reply.elements[3])) {
    return Malformed("create");
  }
  const std::string key = absl::StrCat("key ", job.idempotency_key());
  LEADGW_ASSIGN_OR_RETURN(outcome.existing, ParseProgress(reply.elements[1].text,
                                                          reply.elements[2].text, key));
  JobRequest existing_request;
  if (!existing_request.ParseFromString(reply.elements[3].text)) {
    return Corrupt("request", outcome.existing.job().id());
  }
  outcome.existing_digest = existing_request.digest();
  return outcome;
}

absl::StatusOr<std::optional<JobProgress>> RedisJournal::Get(absl::string_view job_id) {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply,
                          Command({"HMGET", JobKey(job_id), "progress", "cancel"}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() != 2) {
    return Malformed("get");
  }
  if (!IsString(reply.elements[0])) return std::nullopt;
  LEADGW_ASSIGN_OR_RETURN(JobProgress progress,
                          ParseProgress(reply.elements[0].text, reply.elements[1].text, job_id));
  return progress;
}

absl::StatusOr<JobRequest> RedisJournal::GetRequest(absl::string_view job_id) {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply, Command({"HGET", JobKey(job_id), "request"}));
  if (!IsString(reply)) return absl::NotFoundError(absl::StrCat("job ", job_id, " not found"));
  JobRequest request;
  if (!request.ParseFromString(reply.text)) return Corrupt("request", job_id);
  return request;
}

absl::StatusOr<JobPage> RedisJournal::List(const ListFilter& filter) {
  const int page_size = filter.page_size <= 0 ? 100 : std::min(filter.page_size, 1000);
  std::vector<std::string> start = {"rank", "0"};
  std::pair<std::string, std::string> token;  // score, id
  if (!filter.page_token.empty()) {
    token = absl::StrSplit(filter.page_token, absl::MaxSplits(':', 1));
    double score;
    if (token.second.empty() || !absl::SimpleAtod(token.first, &score)) {
      return absl::InvalidArgumentError("job journal: malformed page token");
    }
    start = {"after", token.second};
  }
  const std::string filters[] = {StateArg(filter.state), filter.connection,
                                 absl::StrCat(page_size),
                                 absl::StrCat(kListExamineFactor * page_size)};
  for (int round = 0; round < 2; ++round) {
    std::vector<std::string> args = start;
    args.insert(args.end(), std::begin(filters), std::end(filters));
    LEADGW_ASSIGN_OR_RETURN(RedisReply reply, Eval(ListScript(), {}, std::move(args)));
    if (reply.type != RedisReply::Type::kArray || reply.elements.empty() ||
        reply.elements[0].type != RedisReply::Type::kInteger) {
      return Malformed("list");
    }
    if (reply.elements[0].integer == -1) {
      // The token's job was purged since: start after the jobs that sorted before it (a
      // greater create time, or the same one and a greater id).
      LEADGW_ASSIGN_OR_RETURN(
          RedisReply greater,
          Command({"ZCOUNT", Key("index"), absl::StrCat("(", token.first), "+inf"}));
      LEADGW_ASSIGN_OR_RETURN(
          RedisReply ties,
          Command({"ZRANGEBYSCORE", Key("index"), token.first, token.first}));
      int64_t rank = greater.integer;
      for (const RedisReply& tie : ties.elements) rank += tie.text > token.second ? 1 : 0;
      start = {"rank", absl::StrCat(rank)};
      continue;
    }
    if (reply.elements.size() < 3 || reply.elements.size() % 2 != 1) return Malformed("list");
    JobPage page;
    for (size_t i = 3; i + 1 < reply.elements.size(); i += 2) {
      if (!IsString(reply.elements[i]) || !IsString(reply.elements[i + 1])) {
        return Malformed("list");
      }
      LEADGW_ASSIGN_OR_RETURN(JobProgress progress,
                              ParseProgress(reply.elements[i].text,
                                            reply.elements[i + 1].text, "in a list"));
      progress.mutable_job()->clear_results();  // ListJobs shows none
      page.jobs.push_back(std::move(progress));
    }
    if (reply.elements[0].integer == 1) {
      page.next_page_token =
          absl::StrCat(reply.elements[2].text, ":", reply.elements[1].text);
    }
    return page;
  }
  return absl::UnavailableError("job journal: the list moved under the page token; retry");
}

absl::StatusOr<std::optional<Lease>> RedisJournal::Acquire(absl::string_view worker,
                                                           absl::Time now,
                                                           absl::Duration lease_for) {
  Lease lease;
  lease.token = NewToken();
  lease.expires = now + lease_for;
  LEADGW_ASSIGN_OR_RETURN(
      RedisReply reply,
      Eval(AcquireScript(), {},
           {worker.empty() ? std::string("worker") : std::string(worker), Millis(now),
            Millis(lease.expires), lease.token, absl::StrCat(kMovePerAcquire)}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() > 1) {
    return Malformed("acquire");
  }
  if (reply.elements.empty()) return std::nullopt;
  if (!IsString(reply.elements[0])) return Malformed("acquire");
  lease.job_id = std::move(reply.elements[0].text);
  return lease;
}

absl::StatusOr<bool> RedisJournal::StoreLeased(const Lease& lease, const JobProgress& progress,
                                               bool release) {
  const leadgateway::v1::Job& job = progress.job();
  JobProgress stored = progress;
  stored.mutable_job()->set_cancel_requested(false);  // the hash's cancel field owns it
  const std::string when =
      release ? Millis(job.next_attempt_time()) : Millis(lease.expires);
  LEADGW_ASSIGN_OR_RETURN(
      RedisReply reply,
      Eval(StoreScript(), {JobKey(lease.job_id)},
           {lease.job_id, lease.token, stored.SerializeAsString(), when, StateArg(job.state()),
            job.connection(), PendingArg(progress), Millis(job.expire_time()),
            release ? "release" : "save"}));
  if (reply.type != RedisReply::Type::kInteger) return Malformed("save");
  if (reply.integer == -1) {
    return absl::FailedPreconditionError(
        absl::StrCat("lease lost: job ", lease.job_id, " was acquired by another worker"));
  }
  return reply.integer == 1;
}

absl::StatusOr<bool> RedisJournal::Save(const Lease& lease, const JobProgress& progress) {
  return StoreLeased(lease, progress, /*release=*/false);
}

absl::Status RedisJournal::Release(const Lease& lease, const JobProgress& progress) {
  return StoreLeased(lease, progress, /*release=*/true).status();
}

absl::StatusOr<JobProgress> RedisJournal::RequestCancel(absl::string_view job_id) {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply,
                          Eval(CancelScript(), {JobKey(job_id)}, {std::string(job_id)}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.empty() ||
      reply.elements[0].type != RedisReply::Type::kInteger) {
    return Malformed("cancel");
  }
  if (reply.elements[0].integer == -1) {
    return absl::NotFoundError(absl::StrCat("job ", job_id, " not found"));
  }
  if (reply.elements.size() != 3 || !IsString(reply.elements[1]) ||
      !IsString(reply.elements[2])) {
    return Malformed("cancel");
  }
  return ParseProgress(reply.elements[1].text, reply.elements[2].text, job_id);
}

absl::StatusOr<int> RedisJournal::PurgeExpired(absl::Time now) {
  int purged = 0;
  for (;;) {
    LEADGW_ASSIGN_OR_RETURN(RedisReply reply,
                            Eval(PurgeScript(), {},
                                 {Millis(now), absl::StrCat(kPurgePerScript), Key("key:")}));
    if (reply.type != RedisReply::Type::kInteger) return Malformed("purge");
    purged += static_cast<int>(reply.integer);
    if (reply.integer < kPurgePerScript) return purged;
  }
}

absl::StatusOr<JournalStats> RedisJournal::Stats() {
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply, Eval(StatsScript(), {}, {}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() != 4 ||
      reply.elements[0].type != RedisReply::Type::kInteger ||
      reply.elements[1].type != RedisReply::Type::kInteger ||
      reply.elements[3].type != RedisReply::Type::kArray) {
    return Malformed("stats");
  }
  JournalStats stats;
  stats.open_jobs = reply.elements[0].integer;
  stats.parked_jobs = reply.elements[1].integer;
  if (!absl::SimpleAtoi(reply.elements[2].text, &stats.open_records)) return Malformed("stats");
  const std::vector<RedisReply>& oldest = reply.elements[3].elements;
  if (oldest.size() == 2) {
    double millis;
    if (!absl::SimpleAtod(oldest[1].text, &millis)) return Malformed("stats");
    stats.oldest_open_create_time = absl::FromUnixMillis(static_cast<int64_t>(millis));
  }
  return stats;
}

}  // namespace leadgw::jobs
