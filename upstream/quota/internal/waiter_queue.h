// WaiterQueue: the callers blocked in CapacityGate::Acquire, in service order. Intrusive
// (each waiter's node lives on its own stack), so queueing never allocates.
//
// Service order:
//   - every interactive waiter before every bulk waiter (strict priority);
//   - within a priority, weighted fair shares between callers: start-time fair queueing
//     (Goyal et al., SFQ) over the callers' shares. Each share has a weight; each call a
//     share is admitted advances its tag by 1/weight; the waiting share with the smallest
//     start tag goes next. A share that was idle starts at the tag of the call admitted
//     last, so it cannot bank credit while idle, and a flooding share cannot push it back;
//   - FIFO within a share and a priority.
// Only the front waiter may take capacity. With a single share this is plain FIFO per
// priority.
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_WAITER_QUEUE_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_WAITER_QUEUE_H_

#include <array>
#include <condition_variable>
#include <cstdint>
#include <vector>

#include "upstream/http/request_priority.h"

namespace leadgw::upstream::quota_internal {

// One blocked caller. Its owner wakes it through `cv` (under the gate's lock).
struct Waiter {
  explicit Waiter(http::RequestPriority p, int s = 0) : priority(p), share(s) {}
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;

  const http::RequestPriority priority;
  const int share;  // index into the queue's share weights (the caller's share)
  std::condition_variable cv;
  Waiter* prev = nullptr;
  Waiter* next = nullptr;
};

// Not thread-safe: used under the gate's lock. Does not own the waiters.
class WaiterQueue {
 public:
  // One share of weight 1.
  WaiterQueue() : WaiterQueue(std::vector<int>{1}) {}
  // Share i has weight `weights[i]` (values below 1 count as 1; empty: one share).
  explicit WaiterQueue(const std::vector<int>& weights);
  WaiterQueue(const WaiterQueue&) = delete;
  WaiterQueue& operator=(const WaiterQueue&) = delete;

  int shares() const { return static_cast<int>(shares_.size()); }
  // `share` if the queue has it, otherwise 0 (calls of unknown callers share slot 0).
  int ShareOrDefault(int share) const { return share >= 0 && share < shares() ? share : 0; }

  // Appends `w` behind every waiter of its share and priority. `w->share` must be valid.
  void Push(Waiter* w);

  // Unlinks `w`, which must be queued.
  void Remove(Waiter* w);

  // A call of `share` was admitted (from the queue or not): its share's tag advances.
  void NoteAdmitted(int share);

  // The waiter served next, or nullptr.
  Waiter* Front() const;

  // How many queued waiters a new caller of `priority` and `share` would have ahead of it
  // (an estimate across shares: the calls other shares get before its tag comes). Zero
  // exactly when it would be the front.
  int AheadOfNew(http::RequestPriority priority, int share) const;

  // How many queued waiters are served before `w` (which must be queued), estimated as in
  // AheadOfNew; zero exactly when `w` is the front. O(position in its share + shares).
  int Position(const Waiter* w) const;

  int size() const { return classes_[0].size + classes_[1].size; }

  // Calls `f(Waiter*)` for every queued waiter: interactive before bulk, share by share
  // (not in service order across shares).
  template <typename F>
  void ForEach(F f) const {
    for (const Class& c : classes_) {
      for (const List& list : c.lists) {
        for (Waiter* w = list.head; w != nullptr; w = w->next) f(w);
      }
    }
  }

 private:
  struct List {
    void PushBack(Waiter* w);
    void Remove(Waiter* w);
    Waiter* head = nullptr;
    Waiter* tail = nullptr;
    int size = 0;
  };
  // The waiters of one priority, one list per share.
  struct Class {
    std::vector<List> lists;
    int size = 0;
  };
  struct Share {
    uint64_t step;        // tag advance per admitted call: kTagScale / weight
    uint64_t finish = 0;  // the tag after its last admitted call
  };

  static int ClassIndex(http::RequestPriority p) {
    return p == http::RequestPriority::kBulk ? 1 : 0;
  }
  // The tag the next call of `share` starts at.
  uint64_t StartTag(int share) const;
  // The share whose head waiter goes first in `c`, or -1 when `c` is empty.
  int FrontShare(const Class& c) const;
  // Waiters of `c` in other shares than `share` served before a call of `share` that has
  // `own_ahead` waiters of its share ahead of it.
  int OthersAhead(const Class& c, int share, int own_ahead) const;

  std::vector<Share> shares_;
  std::array<Class, 2> classes_;  // interactive, bulk
  uint64_t virtual_time_ = 0;     // the start tag of the call admitted last
};

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_WAITER_QUEUE_H_
