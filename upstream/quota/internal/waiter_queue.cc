#include "upstream/quota/internal/waiter_queue.h"

#include <algorithm>
#include <limits>

namespace leadgw::upstream::quota_internal {
namespace {

// A weight-1 share's tag advance per call. Weights are at most a few thousand, so the
// rounding of kTagScale / weight is far below one call.
constexpr uint64_t kTagScale = uint64_t{1} << 30;

}  // namespace

void WaiterQueue::List::PushBack(Waiter* w) {
  w->prev = tail;
  w->next = nullptr;
  (tail != nullptr ? tail->next : head) = w;
  tail = w;
  ++size;
}

void WaiterQueue::List::Remove(Waiter* w) {
  (w->prev != nullptr ? w->prev->next : head) = w->next;
  (w->next != nullptr ? w->next->prev : tail) = w->prev;
  w->prev = w->next = nullptr;
  --size;
}

WaiterQueue::WaiterQueue(const std::vector<int>& weights) {
  for (int weight : weights) shares_.push_back(Share{kTagScale / std::max(weight, 1)});
  if (shares_.empty()) shares_.push_back(Share{kTagScale});
  for (Class& c : classes_) c.lists.resize(shares_.size());
}

void WaiterQueue::Push(Waiter* w) {
  Class& c = classes_[ClassIndex(w->priority)];
  c.lists[w->share].PushBack(w);
  ++c.size;
}

void WaiterQueue::Remove(Waiter* w) {
  Class& c = classes_[ClassIndex(w->priority)];
  c.lists[w->share].Remove(w);
  --c.size;
}

void WaiterQueue::NoteAdmitted(int share) {
  Share& s = shares_[ShareOrDefault(share)];
  const uint64_t start = std::max(s.finish, virtual_time_);
  s.finish = start + s.step;
  virtual_time_ = start;
}

uint64_t WaiterQueue::StartTag(int share) const {
  return std::max(shares_[share].finish, virtual_time_);
}

int WaiterQueue::FrontShare(const Class& c) const {
  int best = -1;
  uint64_t best_tag = std::numeric_limits<uint64_t>::max();
  for (int share = 0; share < shares(); ++share) {
    if (c.lists[share].head == nullptr) continue;
    const uint64_t tag = StartTag(share);
    if (best < 0 || tag < best_tag) {  // ties: the lower index
      best = share;
      best_tag = tag;
    }
  }
  return best;
}

Waiter* WaiterQueue::Front() const {
  for (const Class& c : classes_) {
    const int share = FrontShare(c);
    if (share >= 0) return c.lists[share].head;
  }
  return nullptr;
}

int WaiterQueue::OthersAhead(const Class& c, int share, int own_ahead) const {
  const uint64_t own_tag = StartTag(share) + static_cast<uint64_t>(own_ahead) * shares_[share].step;
  int ahead = 0;
  for (int other = 0; other < shares(); ++other) {
    const int queued = c.lists[other].size;
    if (other == share || queued == 0) continue;
    // The other share's j-th waiter starts at start + j * step; it goes first when its
    // tag is lower, or equal and its index lower.
    const uint64_t start = StartTag(other);
    if (start > own_tag) continue;
    const uint64_t step = shares_[other].step;
    const uint64_t span = own_tag - start;
    uint64_t before = (span + step - 1) / step;  // tags strictly below own_tag
    if (other < share && span % step == 0) ++before;
    ahead += static_cast<int>(std::min<uint64_t>(before, static_cast<uint64_t>(queued)));
  }
  return ahead;
}

int WaiterQueue::AheadOfNew(http::RequestPriority priority, int share) const {
  share = ShareOrDefault(share);
  const int k = ClassIndex(priority);
  const Class& c = classes_[k];
  const int own = c.lists[share].size;
  return (k == 1 ? classes_[0].size : 0) + own + OthersAhead(c, share, own);
}

int WaiterQueue::Position(const Waiter* w) const {
  if (w == Front()) return 0;
  const int k = ClassIndex(w->priority);
  int own = 0;
  for (const Waiter* p = w->prev; p != nullptr; p = p->prev) ++own;
  const int ahead = (k == 1 ? classes_[0].size : 0) + own + OthersAhead(classes_[k], w->share, own);
  return std::max(ahead, 1);
}

}  // namespace leadgw::upstream::quota_internal
