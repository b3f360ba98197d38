// WriteCoalescer: concurrent small writes of one connection share upstream calls.
//
// The scarce resource is the upstream's call quota, not records: Marketo takes 300 records
// per sync call but allows 100 calls per 20 s. Writes of one shape (operation, action,
// lookup field, partition, priority: everything a call has besides its records) that
// arrive while an earlier call waits are merged into one call of up to `max_records`.
//
// Pacing. Coalesced calls of a connection go out one per `spacing()` (the window divided
// by the calls it allows: 200 ms for Marketo's 100 per 20 s), each carrying whatever
// arrived since the last. A batch opened when the previous call left at least a spacing
// ago goes at once, so a connection used below its average rate adds no latency. Without
// the pacing, a burst spends the whole window in tiny calls within a second and every
// caller then waits out the rest of it (measured in bench/coalescing).
//
// A batch is sent at its turn, or after `max_wait` since it opened if its turn is later
// (the gate then queues it). Its call runs under the earliest deadline of its members:
// a writer joins only a batch whose deadline is not later than its own, so no call is
// sent after a member's deadline. Keys (the duplicate guard's normalised lookup values)
// never repeat within a batch: a writer whose key is in an open batch joins a later one,
// so upserts of one key reach the upstream in arrival order, never in one call.
//
// The calling thread of a batch's first writer sends it (no background thread: a batch
// lives only as long as an RPC that waits for it, so shutdown drains it like any RPC).
// A writer whose caller cancels before its batch leaves withdraws its records; the batch
// goes on for the others.
//
// Uses std::mutex / std::condition_variable rather than absl::Mutex: Debian's abseil is not
// built with TSan. Thread-safe.
#ifndef LEADGW_BACKENDS_COMMON_WRITE_COALESCER_H_
#define LEADGW_BACKENDS_COMMON_WRITE_COALESCER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "backends/lead_backend.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends::common {

// What one sent batch looked like (metrics).
struct CoalescedBatch {
  absl::string_view operation;  // the shape's operation ("upsert_leads")
  int writers = 0;              // RPCs whose records it carried
  int records = 0;
  absl::Duration waited;        // from its opening to its sending
};

struct WriteCoalescerOptions {
  // Records per upstream call (Marketo: 300).
  int max_records = 300;
  // The longest a batch waits for its turn; zero or less turns coalescing off.
  absl::Duration max_wait = absl::Seconds(1);
  // The mean spacing of the connection's calls (CallGuard::CallSpacing); null or zero: no
  // pacing, and so no sharing (a batch leaves as it opens: a connection without a rate
  // limit has no calls to save).
  std::function<absl::Duration()> spacing;
  // Told of every batch sent (may be empty).
  std::function<void(const CoalescedBatch&)> on_batch;
};

class WriteCoalescer {
 public:
  // The one call of a batch: the writers' requests in arrival order, `records` in all,
  // sent under `ctx` (the earliest deadline, the shape's priority; cancelled only when
  // every writer withdrew). Returns one result per record, in that order (indexes
  // 0..records-1), or the error that failed the whole call.
  using SendBatch = absl::FunctionRef<absl::StatusOr<::leadgateway::v1::WriteResponse>(
      const CallContext& ctx, const std::vector<const void*>& requests, int records)>;

  explicit WriteCoalescer(WriteCoalescerOptions options) : options_(std::move(options)) {}
  WriteCoalescer(const WriteCoalescer&) = delete;
  WriteCoalescer& operator=(const WriteCoalescer&) = delete;

  bool enabled() const { return options_.max_wait > absl::ZeroDuration(); }
  // Whether a write of `records` records would share a call (else Write sends it alone).
  bool Coalesces(int records) const {
    return enabled() && records > 0 && records <= options_.max_records;
  }

  // Writes `records` records of `request` (opaque here; `send` of the same `shape` knows
  // its type), in one call shared with other writers of `shape`. `keys`: the records'
  // duplicate-guard keys (may be empty). Returns this writer's own results, indexed from
  // 0 in its own order, or the error of the shared call. A request that !Coalesces() is
  // sent alone at once (callers split one of more than max_records records themselves).
  // RESOURCE_EXHAUSTED with a retry-after hint when no turn comes before the deadline;
  // CANCELLED when the caller cancelled before its batch left.
  absl::StatusOr<::leadgateway::v1::WriteResponse> Write(absl::string_view shape,
                                                         absl::string_view operation,
                                                         const CallContext& ctx,
                                                         const void* request, int records,
                                                         std::vector<std::string> keys,
                                                         SendBatch send);

  // Writers in batches that have not left yet (tests and debugging).
  int WaitingWriters() const;

 private:
  struct Writer {
    const void* request;
    int records;
    std::vector<std::string> keys;
    int offset = 0;  // of its first record in the call, set when the batch leaves
    bool withdrawn = false;
  };
  struct Batch {
    std::string shape;
    absl::Time opened;
    absl::Time turn;      // when it may leave
    absl::Time deadline;  // of its first writer: the earliest
    CallPriority priority;
    int records = 0;
    // Writers not withdrawn; read without the lock by the call's cancellation.
    std::atomic<int> live_writers{0};
    std::multiset<std::string> keys;
    std::list<Writer> writers;      // stable addresses
    bool left = false;              // closed to new writers
    bool done = false;
    absl::StatusOr<::leadgateway::v1::WriteResponse> result;
    std::condition_variable changed;
  };

  // An open batch of `shape` that `records` more records with `keys` may join before
  // `deadline`; null if none.
  Batch* FindJoinableLocked(absl::string_view shape, int records,
                            const std::vector<std::string>& keys, absl::Time deadline);
  // The turn of a batch opened now: a spacing after the last turn, or now.
  absl::Time NextTurnLocked(absl::Time now) const;
  absl::Duration Spacing() const;
  absl::StatusOr<::leadgateway::v1::WriteResponse> Lead(std::unique_lock<std::mutex>& lock,
                                                        std::shared_ptr<Batch> batch,
                                                        Writer& self, const CallContext& ctx,
                                                        absl::string_view operation,
                                                        SendBatch send);
  absl::StatusOr<::leadgateway::v1::WriteResponse> Follow(std::unique_lock<std::mutex>& lock,
                                                          const std::shared_ptr<Batch>& batch,
                                                          Writer& self, const CallContext& ctx);
  void WithdrawLocked(Batch& batch, Writer& writer);

  const WriteCoalescerOptions options_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Batch>> open_;  // guarded by mu_; in opening order
  absl::Time last_turn_ = absl::InfinitePast();  // guarded by mu_
};

// WriteCoalescer::Write for a typed request: `merge` builds one request of the batch's
// requests (all of `shape`, so alike but for their records; never called for one alone),
// `send` writes a request in one call.
template <typename Request>
absl::StatusOr<::leadgateway::v1::WriteResponse> WriteCoalesced(
    WriteCoalescer& coalescer, absl::string_view shape, absl::string_view operation,
    const CallContext& ctx, const Request& request, int records, std::vector<std::string> keys,
    absl::FunctionRef<Request(const std::vector<const Request*>&)> merge,
    absl::FunctionRef<absl::StatusOr<::leadgateway::v1::WriteResponse>(const CallContext&,
                                                                        const Request&)>
        send) {
  return coalescer.Write(
      shape, operation, ctx, &request, records, std::move(keys),
      [&](const CallContext& shared, const std::vector<const void*>& opaque,
          int) -> absl::StatusOr<::leadgateway::v1::WriteResponse> {
        std::vector<const Request*> requests;
        requests.reserve(opaque.size());
        for (const void* one : opaque) requests.push_back(static_cast<const Request*>(one));
        if (requests.size() == 1) return send(shared, *requests.front());
        return send(shared, merge(requests));
      });
}

// This writer's part of a batch's results: entries [offset, offset+count), re-indexed
// from 0. A batch answer of the wrong size is INTERNAL.
absl::StatusOr<::leadgateway::v1::WriteResponse> SliceResults(
    const ::leadgateway::v1::WriteResponse& batch, int offset, int count);

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_WRITE_COALESCER_H_
