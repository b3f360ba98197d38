#include "upstream/coord/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace leadgw::upstream::coord {
namespace {

timeval AtLeastAMillisecond(absl::Duration d) {
  return absl::ToTimeval(std::max(d, absl::Milliseconds(1)));
}

RedisReply Convert(const redisReply& reply) {
  RedisReply out;
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = reply.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.type = reply.type == REDIS_REPLY_STRING ? RedisReply::Type::kString
                                                  : RedisReply::Type::kStatus;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(reply.elements);
      for (size_t i = 0; i < reply.elements; ++i) out.elements.push_back(Convert(*reply.element[i]));
      break;
    default:
      out.type = RedisReply::Type::kNil;
      break;
  }
  return out;
}

}  // namespace

RedisClient::RedisClient(RedisOptions options) : options_(std::move(options)) {}

RedisClient::~RedisClient() {
  std::lock_guard<std::mutex> lock(mu_);
  DropLocked();
}

std::string RedisClient::Where() const {
  return absl::StrCat("redis ", options_.host, ":", options_.port);
}

void RedisClient::NoteReachableLocked(bool reachable) {
  if (reachable_.load(std::memory_order_relaxed) == reachable) return;
  reachable_.store(reachable, std::memory_order_relaxed);
  unreachable_since_nanos_.store(reachable ? 0 : absl::ToUnixNanos(absl::Now()),
                                 std::memory_order_relaxed);
  if (options_.on_reachability_change) options_.on_reachability_change(reachable);
}

void RedisClient::DropLocked() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
}

absl::Status RedisClient::ConnectLocked() {
  const absl::Time now = absl::Now();
  if (now < next_connect_) {
    return absl::UnavailableError(absl::StrCat(Where(), ": unreachable, next attempt in ",
                                               absl::FormatDuration(next_connect_ - now)));
  }
  next_connect_ = now + options_.reconnect_interval;
  redisContext* context = redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                                  AtLeastAMillisecond(options_.connect_timeout));
  if (context == nullptr || context->err != 0) {
    const std::string why = context != nullptr ? context->errstr : "out of memory";
    if (context != nullptr) redisFree(context);
    NoteReachableLocked(false);
    return absl::UnavailableError(absl::StrCat(Where(), ": cannot connect: ", why));
  }
  if (redisSetTimeout(context, AtLeastAMillisecond(options_.command_timeout)) != REDIS_OK) {
    redisFree(context);
    return absl::UnavailableError(absl::StrCat(Where(), ": cannot set the command timeout"));
  }
  context_ = context;
  if (!options_.password.empty()) {
    absl::StatusOr<RedisReply> auth = CommandLocked({"AUTH", options_.password.expose()});
    if (!auth.ok()) {
      DropLocked();
      NoteReachableLocked(false);
      // The reply text says why (WRONGPASS); it never echoes the password.
      return absl::UnauthenticatedError(
          absl::StrCat(Where(), ": rejected the password: ", auth.status().message()));
    }
  }
  next_connect_ = absl::InfinitePast();
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisClient::CommandLocked(const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lengths;
  args.reserve(argv.size());
  lengths.reserve(argv.size());
  for (const std::string& arg : argv) {
    args.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(args.size()), args.data(), lengths.data()));
  if (reply == nullptr) {
    // Timed out or the connection broke: its state is unknown, so it is not reused.
    const std::string why = context_->errstr;
    DropLocked();
    NoteReachableLocked(false);
    return absl::UnavailableError(absl::StrCat(Where(), ": ", why));
  }
  NoteReachableLocked(true);
  if (reply->type == REDIS_REPLY_ERROR) {
    std::string text(reply->str, reply->len);
    freeReplyObject(reply);
    return absl::InternalError(absl::StrCat(Where(), " answered: ", text));
  }
  RedisReply out = Convert(*reply);
  freeReplyObject(reply);
  return out;
}

void RedisClient::ObserveLocked(absl::string_view op, absl::Time start, bool failed) const {
  if (options_.on_command) options_.on_command(op, absl::Now() - start, failed);
}

absl::StatusOr<RedisReply> RedisClient::Command(const std::vector<std::string>& argv) {
  std::lock_guard<std::mutex> lock(mu_);
  const absl::Time start = absl::Now();
  absl::StatusOr<RedisReply> reply = [&]() -> absl::StatusOr<RedisReply> {
    if (context_ == nullptr) {
      if (absl::Status connected = ConnectLocked(); !connected.ok()) return connected;
    }
    return CommandLocked(argv);
  }();
  ObserveLocked(argv.empty() ? "" : absl::AsciiStrToLower(argv[0]), start, !reply.ok());
  return reply;
}

absl::StatusOr<RedisReply> RedisClient::Eval(const RedisScript& script,
                                             const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args) {
  std::lock_guard<std::mutex> lock(mu_);
  const absl::Time start = absl::Now();
  absl::StatusOr<RedisReply> reply = EvalLocked(script, keys, args);
  ObserveLocked(script.name, start, !reply.ok());
  return reply;
}

absl::StatusOr<RedisReply> RedisClient::EvalLocked(const RedisScript& script,
                                                   const std::vector<std::string>& keys,
                                                   const std::vector<std::string>& args) {
  if (context_ == nullptr) {
    if (absl::Status connected = ConnectLocked(); !connected.ok()) return connected;
  }
  for (int round = 0; round < 2; ++round) {
    auto sha = loaded_.find(script.source);
    if (sha == loaded_.end()) {
      absl::StatusOr<RedisReply> load = CommandLocked({"SCRIPT", "LOAD", script.source});
      if (!load.ok()) return load.status();
      sha = loaded_.insert_or_assign(script.source, load->text).first;
    }
    std::vector<std::string> argv = {"EVALSHA", sha->second, absl::StrCat(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    absl::StatusOr<RedisReply> reply = CommandLocked(argv);
    if (reply.ok() || !absl::StrContains(reply.status().message(), "NOSCRIPT")) return reply;
    loaded_.erase(script.source);  // Redis restarted or flushed its scripts: load again
    if (context_ == nullptr) break;
  }
  return absl::UnavailableError(absl::StrCat(Where(), ": could not load a script"));
}

}  // namespace leadgw::upstream::coord
