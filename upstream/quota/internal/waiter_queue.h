// WaiterQueue: the callers blocked in CapacityGate::Acquire, in service order. Intrusive
// (each waiter's node lives on its own stack), so queueing never allocates.
//
// Service order: every interactive waiter before every bulk waiter, FIFO within a
// priority. Only the front waiter may take capacity.
#ifndef LEADGW_UPSTREAM_QUOTA_INTERNAL_WAITER_QUEUE_H_
#define LEADGW_UPSTREAM_QUOTA_INTERNAL_WAITER_QUEUE_H_

#include <condition_variable>

#include "upstream/http/request_priority.h"

namespace leadgw::upstream::quota_internal {

// One blocked caller. Its owner wakes it through `cv` (under the gate's lock).
struct Waiter {
  explicit Waiter(http::RequestPriority p) : priority(p) {}
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;

  const http::RequestPriority priority;
  std::condition_variable cv;
  Waiter* prev = nullptr;
  Waiter* next = nullptr;
};

// Not thread-safe: used under the gate's lock. Does not own the waiters.
class WaiterQueue {
 public:
  WaiterQueue() = default;
  WaiterQueue(const WaiterQueue&) = delete;
  WaiterQueue& operator=(const WaiterQueue&) = delete;

  // Appends `w` behind every waiter of its own or higher priority.
  void Push(Waiter* w) { ListOf(w->priority).PushBack(w); }

  // Unlinks `w`, which must be queued.
  void Remove(Waiter* w) { ListOf(w->priority).Remove(w); }

  // The waiter served next, or nullptr.
  Waiter* Front() const { return interactive_.head != nullptr ? interactive_.head : bulk_.head; }

  // How many queued waiters a new caller of `priority` would have ahead of it.
  int AheadOfNew(http::RequestPriority priority) const {
    return priority == http::RequestPriority::kBulk ? interactive_.size + bulk_.size
                                                    : interactive_.size;
  }

  // How many queued waiters are served before `w` (which must be queued). O(position).
  int Position(const Waiter* w) const {
    int ahead = w->priority == http::RequestPriority::kBulk ? interactive_.size : 0;
    for (const Waiter* p = w->prev; p != nullptr; p = p->prev) ++ahead;
    return ahead;
  }

  int size() const { return interactive_.size + bulk_.size; }

  // Calls `f(Waiter*)` for every queued waiter, in service order.
  template <typename F>
  void ForEach(F f) const {
    for (Waiter* w = interactive_.head; w != nullptr; w = w->next) f(w);
    for (Waiter* w = bulk_.head; w != nullptr; w = w->next) f(w);
  }

 private:
  struct List {
    void PushBack(Waiter* w) {
      w->prev = tail;
      w->next = nullptr;
      (tail != nullptr ? tail->next : head) = w;
      tail = w;
      ++size;
    }
    void Remove(Waiter* w) {
      (w->prev != nullptr ? w->prev->next : head) = w->next;
      (w->next != nullptr ? w->next->prev : tail) = w->prev;
      w->prev = w->next = nullptr;
      --size;
    }
    Waiter* head = nullptr;
    Waiter* tail = nullptr;
    int size = 0;
  };

  List& ListOf(http::RequestPriority p) {
    return p == http::RequestPriority::kBulk ? bulk_ : interactive_;
  }

  List interactive_;
  List bulk_;
};

}  // namespace leadgw::upstream::quota_internal

#endif  // LEADGW_UPSTREAM_QUOTA_INTERNAL_WAITER_QUEUE_H_
