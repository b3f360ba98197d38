// CallCoalescer: concurrent small requests of one connection share upstream calls.
//
// The scarce resource is the upstream's call quota, not records: Marketo takes 300 records
// per sync call (or 300 values per filter) but allows 100 calls per 20 s. Requests of one
// shape (operation and everything a call has besides its items) and one priority that
// arrive while an earlier call waits are merged into one call of up to `max_items` items:
// the records of writes, the filter values of reads (docs/coalescing.md).
//
// Pacing. Coalesced calls of a connection go out one per `spacing()` (the window divided
// by the calls it allows: 202 ms for Marketo's 100 per 20 s), each carrying whatever
// arrived since the last. A batch opened when the previous call left at least a spacing
// ago goes at once, so a connection used below its average rate adds no latency (within
// a spacing of a shared call's answer, a batch whose turn has come waits up to 20 ms for
// the callers that answer sends back at once, instead of spending a turn alone). Without
// the pacing, a burst spends the whole window in small calls within seconds and every
// caller then waits out the rest of it (measured in bench/coalescing). Interactive batches
// pace only behind interactive ones, bulk batches behind all: interactive work never waits
// here for bulk work, and meets it at the quota gate, which serves it first. Each caller
// share (CallContext::caller_share) has its own batches and its own pace, so a flooding
// caller's batches never queue a quiet caller's here; the quota gate shares the capacity
// between them by their weights.
//
// A batch is sent at its turn, or after `max_wait` since it opened if its turn is later
// (the gate then queues it). Its call runs under the earliest deadline of its members, so
// no call is sent after a member's deadline; a request joins only a batch whose first
// member's deadline is at most 250 ms later than its own, so that one hurried caller
// cannot shorten a batch's time much. Keys (e.g. the duplicate guard's normalised lookup
// values) never repeat within a batch: a request with a key of an open batch joins a later
// one, so writes of one key reach the upstream in arrival order, never in one call.
//
// The calling thread of a batch's first member sends it (no background thread: a batch
// lives only as long as an RPC that waits for it, so shutdown drains it like any RPC).
// A member whose caller cancels before its batch leaves withdraws; the batch goes on for
// the others.
//
// Uses std::mutex / std::condition_variable rather than absl::Mutex: Debian's abseil is not
// built with TSan. Thread-safe.
#ifndef LEADGW_BACKENDS_COMMON_CALL_COALESCER_H_
#define LEADGW_BACKENDS_COMMON_CALL_COALESCER_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "backends/lead_backend.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends::common {

// What one sent batch looked like (metrics).
struct CoalescedBatch {
  absl::string_view operation;  // the shape's operation, an RPC name ("UpsertLeads")
  int members = 0;              // RPCs whose items it carried
  int items = 0;
  absl::Duration waited;        // from its opening to its sending
};

// What a coalescer tells its owner (metrics); either may be empty.
struct CoalescingHooks {
  // Every batch sent.
  std::function<void(const CoalescedBatch&)> on_batch;
  // Every member that withdrew because its caller cancelled before its batch left (called
  // under the coalescer's lock, so it must be quick).
  std::function<void()> on_withdraw;
};

struct CallCoalescerOptions {
  // Items per upstream call (Marketo: 300).
  int max_items = 300;
  // The longest a batch waits for its turn; zero or less turns coalescing off.
  absl::Duration max_wait = absl::Seconds(1);
  // The mean spacing of the connection's calls (CallGuard::CallSpacing); null or zero: no
  // sharing (a connection without a rate limit has no calls to save).
  std::function<absl::Duration()> spacing;
  CoalescingHooks hooks;
};

class CallCoalescer {
 public:
  // A member's view of its batch's answer: the answer (opaque here; the members of one
  // shape know its type), where the member's items started in the call, and whether the
  // call was the member's alone.
  struct Share {
    std::shared_ptr<const void> answer;
    int offset = 0;
    // The call carried this member's request and no other, unmerged: it was sent alone
    // (!Coalesces()), or its batch left with this one live member. A member that withdrew
    // before its batch left is not in the call (its request is not sent, its items are not
    // counted, and it gets CANCELLED, never a share), so a member whose co-members all
    // withdrew is sole. No other member reads a sole member's answer.
    bool sole = false;
  };
  // The one call of a batch: the members' requests in arrival order, `items` in all, sent
  // under `ctx` (the earliest deadline, the shape's priority; cancelled only when every
  // member withdrew). Returns the call's answer, or the error that failed the whole call.
  using SendBatch = absl::FunctionRef<absl::StatusOr<std::shared_ptr<const void>>(
      const CallContext& ctx, const std::vector<const void*>& requests, int items)>;

  explicit CallCoalescer(CallCoalescerOptions options) : options_(std::move(options)) {}
  CallCoalescer(const CallCoalescer&) = delete;
  CallCoalescer& operator=(const CallCoalescer&) = delete;

  bool enabled() const { return options_.max_wait > absl::ZeroDuration(); }
  // Whether a request of `items` items would share a call (else Join sends it alone): on,
  // paced, and at most max_items.
  bool Coalesces(int items) const {
    return enabled() && items > 0 && items <= options_.max_items &&
           Spacing() > absl::ZeroDuration();
  }

  // Sends `request` (`items` items) in one call shared with other requests of `shape`, and
  // returns this member's share of the answer, or the error of the shared call. `keys`
  // (may be empty) must not meet another member's in one call. A request that
  // !Coalesces() is sent alone at once. RESOURCE_EXHAUSTED with a retry-after hint when no
  // turn comes before the deadline; CANCELLED when the caller cancelled before its batch
  // left.
  absl::StatusOr<Share> Join(absl::string_view shape, absl::string_view operation,
                             const CallContext& ctx, const void* request, int items,
                             std::vector<std::string> keys, SendBatch send);

  // Members of batches that have not left yet (tests and debugging).
  int WaitingMembers() const;

 private:
  struct Member {
    const void* request;
    int items;
    std::vector<std::string> keys;
    int offset = 0;  // of its first item in the call, set when the batch leaves
    bool withdrawn = false;
    // The member's caller; polled by the shared call once the batch has left.
    Cancellation cancellation;
  };
  struct Batch {
    std::string shape;
    absl::Time opened;
    absl::Time turn;      // when it may leave
    absl::Time first_deadline;  // of its first member
    absl::Time deadline;        // the earliest of its members'; its call runs under it
    CallPriority priority;
    int caller_share = 0;  // of the member that opened it
    int items = 0;
    // Members not withdrawn.
    std::atomic<int> live_members{0};
    // The live members' keys, with how often each occurs. Views of Member::keys, which
    // stay put: members are never erased, and a member's keys never change.
    absl::flat_hash_map<absl::string_view, int> keys;
    std::list<Member> members;  // stable addresses
    bool left = false;          // closed to new members
    // Its live members when it left: the requests its call carried (one: Share::sole).
    int sent_members = 0;
    bool done = false;
    absl::StatusOr<std::shared_ptr<const void>> answer;
    std::condition_variable changed;
  };

  // An open batch of `shape` and the priority of `ctx` that `items` more items with `keys`
  // may join under the deadline of `ctx`; null if none.
  std::shared_ptr<Batch> FindJoinableLocked(absl::string_view shape, int items,
                                            const std::vector<std::string>& keys,
                                            const CallContext& ctx) const;
  // The turn of a batch of `priority` opened now: a spacing after the last turn it paces
  // behind, or now.
  absl::Time NextTurnLocked(absl::Time now, const CallContext& ctx) const;
  absl::Duration Spacing() const;
  absl::StatusOr<Share> Lead(std::unique_lock<std::mutex>& lock, std::shared_ptr<Batch> batch,
                             Member& self, const CallContext& ctx, absl::string_view operation,
                             SendBatch send);
  absl::StatusOr<Share> Follow(std::unique_lock<std::mutex>& lock,
                               const std::shared_ptr<Batch>& batch, Member& self,
                               const CallContext& ctx);
  static absl::StatusOr<Share> ShareOf(const Batch& batch, const Member& member);
  // Adds `member` (its items and keys) to `batch`, and returns it.
  static Member& AddMemberLocked(Batch& batch, Member member);
  void WithdrawLocked(Batch& batch, Member& member);

  const CallCoalescerOptions options_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Batch>> open_;  // guarded by mu_; in opening order
  // The last turns given to batches of one caller share.
  struct Turns {
    absl::Time interactive = absl::InfinitePast();
    absl::Time bulk = absl::InfinitePast();
  };
  absl::flat_hash_map<int, Turns> turns_;  // guarded by mu_; by caller share
  absl::Time last_answered_ = absl::InfinitePast();          // guarded by mu_
};

// CallCoalescer::Join for typed requests and answers: `merge` builds one request of a
// batch's requests (all of `shape`, so alike but for their items; never called for one
// alone), `send` makes one call of a request, `take` reads a member's result from the
// answer given where its items start and whether the call was its own (Share::sole: its
// request was sent as it is, not merged). Sent alone (taken at offset 0, sole) when the
// request !Coalesces(). Members take from one answer concurrently, so `take` may change
// (move from) the answer only when `sole`: then no other member reads it.
template <typename Request, typename Answer, typename Result>
absl::StatusOr<Result> Coalesced(
    CallCoalescer& coalescer, absl::string_view shape, absl::string_view operation,
    const CallContext& ctx, const Request& request, int items, std::vector<std::string> keys,
    absl::FunctionRef<Request(const std::vector<const Request*>&)> merge,
    absl::FunctionRef<absl::StatusOr<Answer>(const CallContext&, const Request&)> send,
    absl::FunctionRef<absl::StatusOr<Result>(Answer& answer, int offset, bool sole)> take) {
  absl::StatusOr<CallCoalescer::Share> share = coalescer.Join(
      shape, operation, ctx, &request, items, std::move(keys),
      [&](const CallContext& shared, const std::vector<const void*>& opaque,
          int) -> absl::StatusOr<std::shared_ptr<const void>> {
        std::vector<const Request*> requests;
        requests.reserve(opaque.size());
        for (const void* one : opaque) requests.push_back(static_cast<const Request*>(one));
        absl::StatusOr<Answer> answer =
            requests.size() == 1 ? send(shared, *requests.front()) : send(shared, merge(requests));
        if (!answer.ok()) return answer.status();
        // Not const: a sole member may take the answer whole (see above).
        return std::shared_ptr<const void>(std::make_shared<Answer>(*std::move(answer)));
      });
  if (!share.ok()) return share.status();
  return take(*static_cast<Answer*>(const_cast<void*>(share->answer.get())), share->offset,
              share->sole);
}

// Appends an item of a coalesced answer to a member's result: moved out when the call
// was the member's own (`sole`: nobody else reads the answer), copied otherwise.
template <typename T>
void TakeOrCopy(T& item, bool sole, std::vector<T>& out) {
  if (sole) {
    out.push_back(std::move(item));
  } else {
    out.push_back(item);
  }
}

// This member's part of a batch's write results: entries [offset, offset+count),
// re-indexed from 0. A batch answer of the wrong size is INTERNAL.
absl::StatusOr<::leadgateway::v1::WriteResponse> SliceResults(
    const ::leadgateway::v1::WriteResponse& batch, int offset, int count);

// A coalesced write: each member's results are its slice of the call's WriteResponse.
template <typename Request>
absl::StatusOr<::leadgateway::v1::WriteResponse> WriteCoalesced(
    CallCoalescer& coalescer, absl::string_view shape, absl::string_view operation,
    const CallContext& ctx, const Request& request, int records, std::vector<std::string> keys,
    absl::FunctionRef<Request(const std::vector<const Request*>&)> merge,
    absl::FunctionRef<absl::StatusOr<::leadgateway::v1::WriteResponse>(const CallContext&,
                                                                        const Request&)>
        send) {
  return Coalesced<Request, ::leadgateway::v1::WriteResponse, ::leadgateway::v1::WriteResponse>(
      coalescer, shape, operation, ctx, request, records, std::move(keys), merge, send,
      [records](::leadgateway::v1::WriteResponse& answer, int offset,
                bool sole) -> absl::StatusOr<::leadgateway::v1::WriteResponse> {
        // The call was this request's alone: its results are indexed from 0, and nobody
        // else reads them. One of the wrong size is still SliceResults' error to report.
        if (sole && answer.results_size() == records) return std::move(answer);
        return SliceResults(answer, offset, records);
      });
}

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_CALL_COALESCER_H_
