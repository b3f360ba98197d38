#include "upstream/quota/internal/waiter_queue.h"

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
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kInteractive), 0);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kBulk), 1);
  queue.Push(&i1);
  queue.Push(&b2);
  queue.Push(&i2);
  EXPECT_EQ(queue.Front(), &i1);
  EXPECT_EQ(Order(queue), (std::vector<const Waiter*>{&i1, &i2, &b1, &b2}));
  EXPECT_EQ(queue.Position(&i1), 0);
  EXPECT_EQ(queue.Position(&i2), 1);
  EXPECT_EQ(queue.Position(&b1), 2);
  EXPECT_EQ(queue.Position(&b2), 3);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kInteractive), 2);
  EXPECT_EQ(queue.AheadOfNew(RequestPriority::kBulk), 4);
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

}  // namespace
}  // namespace leadgw::upstream::quota_internal
