#include "backends/common/call_coalescer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::common {
namespace {

namespace v1 = ::leadgateway::v1;

// How much earlier than a batch's first member's deadline a request's may be for it to
// join (the call then runs under the earlier one): concurrent callers with equal timeouts
// reach the gateway in a slightly different order than they set their deadlines.
constexpr absl::Duration kDeadlineTolerance = absl::Milliseconds(250);

// The longest a batch opened in a busy period waits for the callers of the call that just
// answered (NextTurnLocked).
constexpr absl::Duration kRegatherWait = absl::Milliseconds(20);

// How often a waiting member checks whether its caller cancelled (as the quota gate does).
constexpr absl::Duration kCancellationPoll = absl::Milliseconds(50);

std::chrono::system_clock::time_point WakeAt(absl::Time at) {
  return absl::ToChronoTime(std::min(at, absl::Now() + kCancellationPoll));
}

}  // namespace

absl::StatusOr<v1::WriteResponse> SliceResults(const v1::WriteResponse& batch, int offset,
                                               int count) {
  if (offset < 0 || count < 0 || offset + count > batch.results_size()) {
    return absl::InternalError(absl::StrCat("a shared call answered ", batch.results_size(),
                                            " results; records ", offset, "..",
                                            offset + count, " expected"));
  }
  v1::WriteResponse mine;
  mine.mutable_results()->Reserve(count);
  for (int i = 0; i < count; ++i) {
    v1::RecordResult* result = mine.add_results();
    *result = batch.results(offset + i);
    result->set_index(i);
  }
  return mine;
}

int CallCoalescer::WaitingMembers() const {
  std::lock_guard<std::mutex> lock(mu_);
  int members = 0;
  for (const std::shared_ptr<Batch>& batch : open_) members += batch->live_members.load();
  return members;
}

std::shared_ptr<CallCoalescer::Batch> CallCoalescer::FindJoinableLocked(
    absl::string_view shape, int items, const std::vector<std::string>& keys,
    const CallContext& ctx) const {
  for (const std::shared_ptr<Batch>& batch : open_) {
    if (batch->shape != shape || batch->priority != ctx.priority ||
        batch->caller_share != ctx.caller_share) {
      continue;
    }
    if (batch->first_deadline - kDeadlineTolerance > ctx.deadline) continue;
    if (batch->turn >= ctx.deadline) continue;  // it would leave after this deadline
    if (batch->items + items > options_.max_items) continue;
    const bool shares_a_key = std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return batch->keys.contains(key);
    });
    if (!shares_a_key) return batch;
  }
  return nullptr;
}

absl::Duration CallCoalescer::Spacing() const {
  return options_.spacing ? std::max(options_.spacing(), absl::ZeroDuration())
                          : absl::ZeroDuration();
}

absl::Time CallCoalescer::NextTurnLocked(absl::Time now, const CallContext& ctx) const {
  const absl::Duration spacing = Spacing();
  auto it = turns_.find(ctx.caller_share);
  const Turns turns = it == turns_.end() ? Turns{} : it->second;
  // Interactive batches keep their own pace, so that they never queue behind bulk batches
  // here (the quota gate then admits them first); bulk batches pace behind every turn.
  const absl::Time last = ctx.priority == CallPriority::kBulk
                              ? std::max(turns.interactive, turns.bulk)
                              : turns.interactive;
  const absl::Time paced = last == absl::InfinitePast() ? now : last + spacing;
  if (paced > now) return paced;
  // The turn has come, but while the connection is busy (a shared call answered less than a
  // spacing ago) the callers it answered come back within milliseconds of each other: the
  // first of them waits a moment for the others instead of spending a turn alone.
  if (last_answered_ != absl::InfinitePast() && now - last_answered_ < spacing) {
    return now + std::min(spacing / 10, kRegatherWait);
  }
  return now;
}

void CallCoalescer::WithdrawLocked(Batch& batch, Member& member) {
  member.withdrawn = true;
  member.cancellation = Cancellation();  // its RPC ends now; never poll it again
  if (options_.hooks.on_withdraw) options_.hooks.on_withdraw();
  batch.items -= member.items;
  batch.live_members.fetch_sub(1);
  for (const std::string& key : member.keys) {
    auto it = batch.keys.find(key);
    if (it != batch.keys.end() && --it->second == 0) batch.keys.erase(it);
  }
}

CallCoalescer::Member& CallCoalescer::AddMemberLocked(Batch& batch, Member member) {
  batch.items += member.items;
  batch.live_members.fetch_add(1);
  Member& added = batch.members.emplace_back(std::move(member));
  for (const std::string& key : added.keys) ++batch.keys[key];
  return added;
}

absl::StatusOr<CallCoalescer::Share> CallCoalescer::ShareOf(const Batch& batch,
                                                           const Member& member) {
  if (!batch.answer.ok()) return batch.answer.status();
  return Share{*batch.answer, member.offset, /*sole=*/batch.sent_members == 1};
}

absl::StatusOr<CallCoalescer::Share> CallCoalescer::Join(absl::string_view shape,
                                                         absl::string_view operation,
                                                         const CallContext& ctx,
                                                         const void* request, int items,
                                                         std::vector<std::string> keys,
                                                         SendBatch send) {
  if (!Coalesces(items)) {
    absl::StatusOr<std::shared_ptr<const void>> answer = send(ctx, {request}, items);
    if (!answer.ok()) return answer.status();
    return Share{*std::move(answer), 0, /*sole=*/true};
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (std::shared_ptr<Batch> batch = FindJoinableLocked(shape, items, keys, ctx)) {
    batch->deadline = std::min(batch->deadline, ctx.deadline);
    Member& self = AddMemberLocked(*batch, Member{request, items, std::move(keys)});
    self.cancellation = ctx.cancellation;
    return Follow(lock, batch, self, ctx);
  }
  const absl::Time now = absl::Now();
  const absl::Time turn = std::min(NextTurnLocked(now, ctx), now + options_.max_wait);
  if (turn > ctx.deadline) {
    const absl::Duration retry_after = absl::Ceil(turn - now, absl::Milliseconds(1));
    absl::Status refused = absl::ResourceExhaustedError(absl::StrCat(
        "no upstream capacity before the deadline: shared calls of this connection go out "
        "one per ", absl::FormatDuration(Spacing()), "; next turn in ",
        absl::FormatDuration(retry_after)));
    upstream::SetRetryAfter(refused, retry_after);
    return refused;
  }
  Turns& turns = turns_[ctx.caller_share];
  (ctx.priority == CallPriority::kBulk ? turns.bulk : turns.interactive) = turn;
  auto batch = std::make_shared<Batch>();
  batch->shape = std::string(shape);
  batch->opened = now;
  batch->turn = turn;
  batch->first_deadline = ctx.deadline;
  batch->deadline = ctx.deadline;
  batch->priority = ctx.priority;
  batch->caller_share = ctx.caller_share;
  Member& self = AddMemberLocked(*batch, Member{request, items, std::move(keys)});
  self.cancellation = ctx.cancellation;
  open_.push_back(batch);
  return Lead(lock, std::move(batch), self, ctx, operation, send);
}

absl::StatusOr<CallCoalescer::Share> CallCoalescer::Lead(std::unique_lock<std::mutex>& lock,
                                                         std::shared_ptr<Batch> batch,
                                                         Member& self, const CallContext& ctx,
                                                         absl::string_view operation,
                                                         SendBatch send) {
  while (absl::Now() < batch->turn) {
    if (!self.withdrawn && ctx.cancellation.cancelled()) WithdrawLocked(*batch, self);
    batch->changed.wait_until(lock, WakeAt(batch->turn));
  }
  if (!self.withdrawn && ctx.cancellation.cancelled()) WithdrawLocked(*batch, self);
  batch->left = true;
  open_.erase(std::find(open_.begin(), open_.end(), batch));
  std::vector<const void*> requests;
  int offset = 0;
  for (Member& member : batch->members) {
    if (member.withdrawn) continue;
    member.offset = offset;
    offset += member.items;
    requests.push_back(member.request);
  }
  batch->sent_members = static_cast<int>(requests.size());
  const absl::Duration waited = absl::Now() - batch->opened;
  lock.unlock();

  absl::StatusOr<std::shared_ptr<const void>> answer =
      absl::CancelledError("not sent: every caller of the shared call cancelled");
  if (!requests.empty()) {
    CallContext shared;
    shared.deadline = batch->deadline;
    shared.request_id = ctx.request_id;
    shared.priority = batch->priority;
    // The batch waits for capacity in its first member's share: one call, one caller.
    shared.caller_share = batch->caller_share;
    Batch* raw = batch.get();
    // Stops (at the gate, before an attempt, mid-transfer) once every remaining caller has
    // gone, including those who leave after the batch did: their records are then written
    // for nobody. A left batch's members no longer change, so they are read without mu_;
    // each remaining member's RPC outlives the call (it waits in Follow or runs it here).
    shared.cancellation = Cancellation([raw] {
      return std::all_of(raw->members.begin(), raw->members.end(), [](const Member& member) {
        return member.withdrawn || member.cancellation.cancelled();
      });
    });
    answer = send(shared, requests, offset);
    if (options_.hooks.on_batch) {
      options_.hooks.on_batch(
          CoalescedBatch{operation, static_cast<int>(requests.size()), offset, waited});
    }
  }

  lock.lock();
  last_answered_ = absl::Now();
  batch->answer = std::move(answer);
  batch->done = true;
  batch->changed.notify_all();
  if (self.withdrawn) return absl::CancelledError("the caller cancelled before the call was sent");
  return ShareOf(*batch, self);
}

absl::StatusOr<CallCoalescer::Share> CallCoalescer::Follow(std::unique_lock<std::mutex>& lock,
                                                           const std::shared_ptr<Batch>& batch,
                                                           Member& self, const CallContext& ctx) {
  while (!batch->done) {
    if (!batch->left && !self.withdrawn && ctx.cancellation.cancelled()) {
      WithdrawLocked(*batch, self);
      return absl::CancelledError("the caller cancelled before the call was sent");
    }
    batch->changed.wait_until(lock, WakeAt(absl::InfiniteFuture()));
  }
  return ShareOf(*batch, self);
}

}  // namespace leadgw::backends::common
