#include "backends/common/write_coalescer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::common {
namespace {

namespace v1 = ::leadgateway::v1;

// How often a waiting writer checks whether its caller cancelled (as the quota gate does).
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

int WriteCoalescer::WaitingWriters() const {
  std::lock_guard<std::mutex> lock(mu_);
  int writers = 0;
  for (const std::shared_ptr<Batch>& batch : open_) writers += batch->live_writers.load();
  return writers;
}

WriteCoalescer::Batch* WriteCoalescer::FindJoinableLocked(absl::string_view shape, int records,
                                                          const std::vector<std::string>& keys,
                                                          absl::Time deadline) {
  for (const std::shared_ptr<Batch>& batch : open_) {
    if (batch->shape != shape || batch->deadline > deadline) continue;
    if (batch->records + records > options_.max_records) continue;
    const bool shares_a_key = std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return batch->keys.count(key) > 0;
    });
    if (!shares_a_key) return batch.get();
  }
  return nullptr;
}

absl::Duration WriteCoalescer::Spacing() const {
  return options_.spacing ? std::max(options_.spacing(), absl::ZeroDuration())
                          : absl::ZeroDuration();
}

absl::Time WriteCoalescer::NextTurnLocked(absl::Time now) const {
  if (last_turn_ == absl::InfinitePast()) return now;
  return std::max(now, last_turn_ + Spacing());
}

void WriteCoalescer::WithdrawLocked(Batch& batch, Writer& writer) {
  writer.withdrawn = true;
  batch.records -= writer.records;
  batch.live_writers.fetch_sub(1);
  for (const std::string& key : writer.keys) {
    auto it = batch.keys.find(key);
    if (it != batch.keys.end()) batch.keys.erase(it);
  }
}

absl::StatusOr<v1::WriteResponse> WriteCoalescer::Write(absl::string_view shape,
                                                        absl::string_view operation,
                                                        const CallContext& ctx,
                                                        const void* request, int records,
                                                        std::vector<std::string> keys,
                                                        SendBatch send) {
  if (!Coalesces(records)) {
    return send(ctx, {request}, records);
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (Batch* batch = FindJoinableLocked(shape, records, keys, ctx.deadline)) {
    for (const std::string& key : keys) batch->keys.insert(key);
    batch->records += records;
    batch->live_writers.fetch_add(1);
    Writer& self = batch->writers.emplace_back(Writer{request, records, std::move(keys)});
    std::shared_ptr<Batch> shared;
    for (const std::shared_ptr<Batch>& open : open_) {
      if (open.get() == batch) shared = open;
    }
    // A full batch need not wait for more writers; its first writer sends it at its turn.
    return Follow(lock, shared, self, ctx);
  }
  const absl::Time now = absl::Now();
  const absl::Time turn = NextTurnLocked(now);
  if (turn > ctx.deadline) {
    const absl::Duration retry_after = absl::Ceil(turn - now, absl::Milliseconds(1));
    absl::Status refused = absl::ResourceExhaustedError(absl::StrCat(
        "no upstream capacity before the deadline: shared calls of this connection go out "
        "one per ", absl::FormatDuration(Spacing()), "; next turn in ",
        absl::FormatDuration(retry_after)));
    upstream::SetRetryAfter(refused, retry_after);
    return refused;
  }
  last_turn_ = turn;
  auto batch = std::make_shared<Batch>();
  batch->shape = std::string(shape);
  batch->opened = now;
  batch->turn = std::min(turn, now + options_.max_wait);
  batch->deadline = ctx.deadline;
  batch->priority = ctx.priority;
  for (const std::string& key : keys) batch->keys.insert(key);
  batch->records = records;
  batch->live_writers = 1;
  Writer& self = batch->writers.emplace_back(Writer{request, records, std::move(keys)});
  open_.push_back(batch);
  return Lead(lock, std::move(batch), self, ctx, operation, send);
}

absl::StatusOr<v1::WriteResponse> WriteCoalescer::Lead(std::unique_lock<std::mutex>& lock,
                                                       std::shared_ptr<Batch> batch,
                                                       Writer& self, const CallContext& ctx,
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
  int writers = 0;
  for (Writer& writer : batch->writers) {
    if (writer.withdrawn) continue;
    writer.offset = offset;
    offset += writer.records;
    requests.push_back(writer.request);
    ++writers;
  }
  const absl::Duration waited = absl::Now() - batch->opened;
  lock.unlock();

  absl::StatusOr<v1::WriteResponse> result =
      absl::CancelledError("not sent: every caller of the shared call cancelled");
  if (!requests.empty()) {
    CallContext shared;
    shared.deadline = batch->deadline;
    shared.request_id = ctx.request_id;
    shared.priority = batch->priority;
    Batch* raw = batch.get();
    shared.cancellation = Cancellation([raw] { return raw->live_writers.load() == 0; });
    result = send(shared, requests, offset);
    if (options_.on_batch) options_.on_batch(CoalescedBatch{operation, writers, offset, waited});
  }

  lock.lock();
  batch->result = std::move(result);
  batch->done = true;
  batch->changed.notify_all();
  if (self.withdrawn) return absl::CancelledError("the caller cancelled before the write was sent");
  if (!batch->result.ok()) return batch->result.status();
  return SliceResults(*batch->result, self.offset, self.records);
}

absl::StatusOr<v1::WriteResponse> WriteCoalescer::Follow(std::unique_lock<std::mutex>& lock,
                                                         const std::shared_ptr<Batch>& batch,
                                                         Writer& self, const CallContext& ctx) {
  while (!batch->done) {
    if (!batch->left && !self.withdrawn && ctx.cancellation.cancelled()) {
      WithdrawLocked(*batch, self);
      return absl::CancelledError("the caller cancelled before the write was sent");
    }
    batch->changed.wait_until(lock, WakeAt(absl::InfiniteFuture()));
  }
  if (!batch->result.ok()) return batch->result.status();
  return SliceResults(*batch->result, self.offset, self.records);
}

}  // namespace leadgw::backends::common
