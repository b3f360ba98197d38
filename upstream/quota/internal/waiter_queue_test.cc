#include "upstream/quota/internal/waiter_queue.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::upstream::quota_internal {
namespace {

using http::RequestPriority;

std::vector<const Waiter*> Order(const WaiterQueue& queue) {
  std::vector<const Waiter*> order;
  queue.ForEach([&](Waiter* w) { order.push_back(w); });
  return order;
}

TEST(WaiterQueueTest, InteractiveFirstThenFifo) {
  WaiterQueue queue;
  Waiter b1(RequestPriority::kBulk), b2(RequestPriority::kBulk);
  Waiter i1(RequestPriority::kInteractive), i2(RequestPriority::kInteractive);
  EXPECT_EQ(queue.Front(), nullptr);
  queue.Push(&b1);
  EXPECT_EQ(queue.Front(), &b1);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kInteractive, 0), 0);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kBulk, 0), 1);
  queue.Push(&i1);
  queue.Push(&b2);
  queue.Push(&i2);
  EXPECT_EQ(queue.Front(), &i1);
  EXPECT_EQ(Order(queue), (std::vector<const Waiter*>{&i1, &i2, &b1, &b2}));
  EXPECT_EQ(queue.Position(&i1), 0);
  EXPECT_EQ(queue.Position(&i2), 1);
  EXPECT_EQ(queue.Position(&b1), 2);
  EXPECT_EQ(queue.Position(&b2), 3);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kInteractive, 0), 2);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kBulk, 0), 4);
  EXPECT_EQ(queue.size(), 4);
}

TEST(WaiterQueueTest, RemoveFromAnyPlace) {
  WaiterQueue queue;
  Waiter a(RequestPriority::kBulk), b(RequestPriority::kBulk), c(RequestPriority::kBulk);
  queue.Push(&a);
  queue.Push(&b);
  queue.Push(&c);
  queue.Remove(&b);  // middle
  EXPECT_EQ(Order(queue), (std::vector<const Waiter*>{&a, &c}));
  EXPECT_EQ(queue.Position(&c), 1);
  queue.Remove(&a);  // head
  EXPECT_EQ(queue.Front(), &c);
  EXPECT_EQ(queue.Position(&c), 0);
  queue.Push(&a);
  queue.Remove(&a);  // tail
  EXPECT_EQ(Order(queue), (std::vector<const Waiter*>{&c}));
  queue.Remove(&c);
  EXPECT_EQ(queue.Front(), nullptr);
  EXPECT_EQ(queue.size(), 0);
  queue.Push(&b);  // reusable after removal
  EXPECT_EQ(queue.Front(), &b);
}

// Admits the front waiter, as the gate does; returns its share.
int AdmitFront(WaiterQueue& queue) {
  Waiter* front = queue.Front();
  queue.Remove(front);
  queue.NoteAdmitted(front->share);
  return front->share;
}

TEST(WaiterQueueTest, AQuietShareGoesBeforeAFloodingOne) {
  WaiterQueue queue({1, 1});
  // Share 0 floods: ten calls admitted while alone, eight more queued.
  for (int i = 0; i < 10; ++i) queue.NoteAdmitted(0);
  std::vector<std::unique_ptr<Waiter>> flood;
  for (int i = 0; i < 8; ++i) {
    flood.push_back(std::make_unique<Waiter>(RequestPriority::kInteractive, 0));
    queue.Push(flood.back().get());
  }
  // A call of share 1 arrives: nobody is served before it, however long share 0's queue.
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kInteractive, 1), 0);
  Waiter quiet(RequestPriority::kInteractive, 1);
  queue.Push(&quiet);
  EXPECT_EQ(queue.Front(), &quiet);
  EXPECT_EQ(queue.Position(&quiet), 0);
  EXPECT_GE(queue.Position(flood.front().get()), 1);
  EXPECT_EQ(AdmitFront(queue), 1);
  // Its next call, queued behind the flood, goes after one more call of share 0.
  Waiter again(RequestPriority::kInteractive, 1);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kInteractive, 1), 1);
  queue.Push(&again);
  EXPECT_EQ(queue.Position(&again), 1);
  EXPECT_EQ(AdmitFront(queue), 0);
  EXPECT_EQ(queue.Front(), &again);
}

TEST(WaiterQueueTest, BackloggedSharesAlternateByWeight) {
  WaiterQueue queue({1, 3});
  std::vector<std::unique_ptr<Waiter>> waiters;
  for (int i = 0; i < 40; ++i) {
    waiters.push_back(std::make_unique<Waiter>(RequestPriority::kBulk, i % 2));
    queue.Push(waiters.back().get());
  }
  int served[2] = {0, 0};
  for (int i = 0; i < 16; ++i) ++served[AdmitFront(queue)];
  EXPECT_EQ(served[0], 4);
  EXPECT_EQ(served[1], 12);
}

TEST(WaiterQueueTest, PriorityComesBeforeShares) {
  WaiterQueue queue({1, 1});
  for (int i = 0; i < 5; ++i) queue.NoteAdmitted(0);
  Waiter bulk_quiet(RequestPriority::kBulk, 1);
  Waiter interactive_busy(RequestPriority::kInteractive, 0);
  queue.Push(&bulk_quiet);
  queue.Push(&interactive_busy);
  EXPECT_EQ(queue.Front(), &interactive_busy);
  EXPECT_EQ(queue.Position(&bulk_quiet), 1);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kBulk, 1), 2);
}

TEST(WaiterQueueTest, AnIdleShareBanksNoCredit) {
  WaiterQueue queue({1, 1});
  // Share 1 was busy long ago; share 0 then ran alone for a long time.
  for (int i = 0; i < 3; ++i) queue.NoteAdmitted(1);
  for (int i = 0; i < 100; ++i) queue.NoteAdmitted(0);
  std::vector<std::unique_ptr<Waiter>> waiters;
  for (int i = 0; i < 10; ++i) {
    waiters.push_back(std::make_unique<Waiter>(RequestPriority::kInteractive, i % 2));
    queue.Push(waiters.back().get());
  }
  // Share 1 does not get its 97 missed calls back: the two alternate.
  int served[2] = {0, 0};
  for (int i = 0; i < 6; ++i) ++served[AdmitFront(queue)];
  EXPECT_EQ(served[0], 3);
  EXPECT_EQ(served[1], 3);
}

TEST(WaiterQueueTest, UnknownShareCountsAsTheDefault) {
  WaiterQueue queue({1, 1});
  EXPECT_EQ(queue.ShareOrDefault(5), 0);
  EXPECT_EQ(queue.ShareOrDefault(-1), 0);
  EXPECT_EQ(queue.ShareOrDefault(1), 1);
  EXPECT_EQ(WaiterQueue().shares(), 1);
}

}  // namespace
}  // namespace leadgw::upstream::quota_internal
