#include "upstream/coord/key_locks.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace leadgw::upstream::coord {
namespace {

// KEYS: the lock. ARGV: the token. Deletes the lock only while it holds the token.
const RedisScript kUnlockScript{"key_unlock", R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua"};

}  // namespace

KeyLocks::KeyLocks(std::shared_ptr<RedisClient> redis, KeyLocksOptions options)
    : redis_(std::move(redis)), options_(std::move(options)) {}

std::string KeyLocks::RedisKey(absl::string_view key) const {
  // Keys may hold any byte (length-prefixed parts); hex keeps redis-cli output readable.
  return absl::StrCat(options_.key_prefix, ":lock:", absl::BytesToHexString(key));
}

absl::StatusOr<std::string> KeyLocks::Lock(absl::string_view key, absl::Time deadline,
                                           absl::Time hold_until) {
  const std::string redis_key = RedisKey(key);
  const std::string token = absl::StrCat(options_.replica_id, ":", next_token_++);
  for (;;) {
    const absl::Time now = absl::Now();
    const int64_t hold_ms =
        std::max<int64_t>(absl::ToInt64Milliseconds(hold_until - now), 1);
    absl::StatusOr<RedisReply> reply =
        redis_->Command({"SET", redis_key, token, "NX", "PX", absl::StrCat(hold_ms)});
    if (!reply.ok()) return reply.status();
    if (reply->type == RedisReply::Type::kStatus) return token;  // "OK"
    // Nil: another holder. Ask again shortly, within the deadline.
    const absl::Time next = absl::Now() + options_.poll;
    if (next >= deadline) {
      return absl::DeadlineExceededError(
          "timed out waiting for a concurrent upsert of the same record on another replica");
    }
    absl::SleepFor(options_.poll);
  }
}

void KeyLocks::Unlock(absl::string_view key, const std::string& token) {
  (void)redis_->Eval(kUnlockScript, {RedisKey(key)}, {token});
}

std::shared_ptr<KeyLocks> MakeKeyLocks(const Fleet& fleet) {
  KeyLocksOptions options;
  options.key_prefix = fleet.key_prefix;
  options.replica_id = fleet.replica_id;
  return std::make_shared<KeyLocks>(fleet.redis, options);
}

}  // namespace leadgw::upstream::coord
