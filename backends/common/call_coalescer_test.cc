#include "backends/common/call_coalescer.h"

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backends/common/call_coalescer_test_fixture.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::common {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using coalescer_testing::AwaitWaiting;
using coalescer_testing::Paced;
using coalescer_testing::Within;

// A writer's request in these tests: its records are named "<tag>/<i>". A merged request
// lists the requests it carries.
struct Request {
  std::string tag;
  int records = 1;
  std::vector<std::string> keys;
  std::vector<const Request*> parts;
};

// The upstream of these tests: answers each record with id "<tag>/<i>", FAILED for tags
// starting with "bad", and remembers the calls it got.
class FakeUpstream {
 public:
  absl::StatusOr<v1::WriteResponse> Send(const Request& sent) {
    const std::vector<const Request*> requests =
        sent.parts.empty() ? std::vector<const Request*>{&sent} : sent.parts;
    v1::WriteResponse response;
    std::vector<std::string> call;
    for (const Request* request : requests) {
      call.push_back(request->tag);
      for (int i = 0; i < request->records; ++i) {
        v1::RecordResult* result = response.add_results();
        result->set_index(response.results_size() - 1);
        result->set_id(absl::StrCat(request->tag, "/", i));
        result->set_status(request->tag.rfind("bad", 0) == 0 ? v1::RECORD_STATUS_FAILED
                                                             : v1::RECORD_STATUS_UPDATED);
      }
    }
    EXPECT_EQ(response.results_size(), sent.records);
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(call);
    if (!fail_with_.ok()) return fail_with_;
    return response;
  }
  std::vector<std::vector<std::string>> calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  void FailWith(absl::Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_with_ = std::move(status);
  }

 private:
  std::mutex mu_;
  std::vector<std::vector<std::string>> calls_;
  absl::Status fail_with_;
};

absl::StatusOr<v1::WriteResponse> WriteOne(CallCoalescer& coalescer, FakeUpstream& upstream,
                                           const Request& request, const CallContext& ctx) {
  return WriteCoalesced<Request>(
      coalescer, "upsert/createOrUpdate/email", "UpsertLeads", ctx, request, request.records,
      request.keys,
      [](const std::vector<const Request*>& requests) {
        Request merged{"merged", 0, {}};
        merged.parts = requests;
        for (const Request* one : requests) merged.records += one->records;
        return merged;
      },
      [&](const CallContext&, const Request& request) { return upstream.Send(request); });
}

// A first write goes at once; the writers that arrive before the next turn share a call.
// The long spacing only keeps the second batch open while the test adds its writers.
TEST(CallCoalescerTest, WritersArrivingBeforeTheTurnShareOneCallAndGetTheirOwnResults) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Seconds(2)));
  const absl::Time started = absl::Now();
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  EXPECT_LT(absl::Now() - started, absl::Seconds(1)) << "an idle connection added latency";

  constexpr int kWriters = 8;
  std::vector<Request> requests;
  for (int i = 0; i < kWriters; ++i) requests.push_back({absl::StrCat(i % 3 ? "w" : "bad", i), 1 + i % 3});
  std::vector<absl::StatusOr<v1::WriteResponse>> results(kWriters, absl::UnknownError(""));
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      results[i] = WriteOne(coalescer, upstream, requests[i], Within(absl::Seconds(30)));
    });
    AwaitWaiting(coalescer, i + 1);  // arrival order = index order
  }
  for (std::thread& thread : threads) thread.join();

  ASSERT_EQ(upstream.calls().size(), 2u);
  EXPECT_EQ(upstream.calls()[1].size(), static_cast<size_t>(kWriters));
  for (int i = 0; i < kWriters; ++i) {
    ASSERT_THAT(results[i], IsOk());
    ASSERT_EQ(results[i]->results_size(), requests[i].records) << requests[i].tag;
    for (int r = 0; r < requests[i].records; ++r) {
      const v1::RecordResult& result = results[i]->results(r);
      EXPECT_EQ(result.index(), r);
      EXPECT_EQ(result.id(), absl::StrCat(requests[i].tag, "/", r));
      // A failed record fails only its own writer.
      EXPECT_EQ(result.status(), i % 3 ? v1::RECORD_STATUS_UPDATED : v1::RECORD_STATUS_FAILED);
    }
  }
}

TEST(CallCoalescerTest, AnErrorOfTheSharedCallFailsEveryWriterAlike) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Seconds(2)));
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  absl::Status unavailable = absl::UnavailableError("marketo 604: timed out");
  upstream.FailWith(unavailable);
  std::vector<absl::Status> statuses(3);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = WriteOne(coalescer, upstream, {absl::StrCat("w", i)}, Within(absl::Seconds(30)))
                        .status();
    });
    AwaitWaiting(coalescer, i + 1);
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(upstream.calls().size(), 2u);
  for (const absl::Status& status : statuses) EXPECT_EQ(status, unavailable);
}

// Two writes of one key never share a call: the second goes in the next, after the first.
TEST(CallCoalescerTest, WritesOfOneKeyGoInSeparateCallsInArrivalOrder) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Milliseconds(300)));
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  const std::vector<Request> requests = {{"a1", 1, {"alice"}}, {"b", 1, {"bob"}},
                                         {"a2", 1, {"alice"}}};
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      EXPECT_THAT(WriteOne(coalescer, upstream, requests[i], Within(absl::Seconds(30))), IsOk());
    });
    AwaitWaiting(coalescer, i + 1);
  }
  for (std::thread& thread : threads) thread.join();
  const auto calls = upstream.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1], (std::vector<std::string>{"a1", "b"}));
  EXPECT_EQ(calls[2], (std::vector<std::string>{"a2"}));
}

TEST(CallCoalescerTest, ABatchNeverHoldsMoreThanTheRecordsOfOneCall) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Milliseconds(300), /*max_records=*/5));
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      EXPECT_THAT(WriteOne(coalescer, upstream, {absl::StrCat("w", i), 2}, Within(absl::Seconds(30))),
                  IsOk());
    });
    AwaitWaiting(coalescer, i + 1);
  }
  for (std::thread& thread : threads) thread.join();
  const auto calls = upstream.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1], (std::vector<std::string>{"w0", "w1"}));
  EXPECT_EQ(calls[2], (std::vector<std::string>{"w2", "w3"}));
}

// No call after a writer's deadline: a writer whose deadline comes before the next turn is
// refused at once with a retry-after hint, and nothing is sent for it.
TEST(CallCoalescerTest, AWriterWhoseDeadlineComesBeforeTheNextTurnIsRefusedAtOnce) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Seconds(5)));
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  const absl::Time asked = absl::Now();
  absl::StatusOr<v1::WriteResponse> refused =
      WriteOne(coalescer, upstream, {"hurried"}, Within(absl::Seconds(1)));
  EXPECT_LT(absl::Now() - asked, absl::Milliseconds(900));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(upstream::RetryAfter(refused.status()).has_value());
  EXPECT_GT(*upstream::RetryAfter(refused.status()), absl::Seconds(3));
  EXPECT_EQ(upstream.calls().size(), 1u);
}

// A writer whose deadline is much earlier than an open batch's does not join it: the batch
// would have to run under it.
TEST(CallCoalescerTest, AWriterDoesNotJoinABatchThatMayLeaveAfterItsDeadline) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Milliseconds(400)));
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  std::thread patient([&] {
    EXPECT_THAT(WriteOne(coalescer, upstream, {"patient"}, Within(absl::Seconds(30))), IsOk());
  });
  AwaitWaiting(coalescer, 1);
  EXPECT_THAT(WriteOne(coalescer, upstream, {"hurried"}, Within(absl::Seconds(20))), IsOk());
  patient.join();
  const auto calls = upstream.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1], std::vector<std::string>{"patient"});
  EXPECT_EQ(calls[2], std::vector<std::string>{"hurried"});
}

// Callers with equal timeouts reach the gateway slightly out of order: a deadline a little
// earlier than the batch's still joins it.
TEST(CallCoalescerTest, AWriterWithASlightlyEarlierDeadlineJoins) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Milliseconds(400)));
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  std::thread later([&] {
    EXPECT_THAT(WriteOne(coalescer, upstream, {"later"}, Within(absl::Seconds(30))), IsOk());
  });
  AwaitWaiting(coalescer, 1);
  EXPECT_THAT(WriteOne(coalescer, upstream, {"earlier"}, Within(absl::Seconds(29.9))), IsOk());
  later.join();
  const auto calls = upstream.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1], (std::vector<std::string>{"later", "earlier"}));
}

// Interactive work never queues behind bulk batches in the coalescer (the quota gate then
// serves it first); bulk batches pace behind every turn.
TEST(CallCoalescerTest, InteractiveBatchesDoNotWaitForBulkTurns) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Seconds(2)));
  CallContext bulk = Within(absl::Seconds(30));
  bulk.priority = CallPriority::kBulk;
  ASSERT_THAT(WriteOne(coalescer, upstream, {"bulk-first"}, bulk), IsOk());
  std::thread queued([&] {
    CallContext later = Within(absl::Seconds(30));
    later.priority = CallPriority::kBulk;
    EXPECT_THAT(WriteOne(coalescer, upstream, {"bulk-queued"}, later), IsOk());
  });
  AwaitWaiting(coalescer, 1);
  const absl::Time asked = absl::Now();
  EXPECT_THAT(WriteOne(coalescer, upstream, {"interactive"}, Within(absl::Seconds(30))), IsOk());
  EXPECT_LT(absl::Now() - asked, absl::Seconds(1));
  queued.join();
  const auto calls = upstream.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1], std::vector<std::string>{"interactive"});
  EXPECT_EQ(calls[2], std::vector<std::string>{"bulk-queued"});
}

TEST(CallCoalescerTest, AWriterThatCancelsBeforeItsBatchLeavesIsNotSent) {
  FakeUpstream upstream;
  std::atomic<int> withdrawn{0};
  CallCoalescerOptions options = Paced(absl::Seconds(1));
  options.hooks.on_withdraw = [&] { ++withdrawn; };
  CallCoalescer coalescer(options);
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  std::atomic<bool> gone{false};
  absl::Status leader_status;
  absl::Status follower_status;
  CallContext leaving = Within(absl::Seconds(30));
  leaving.cancellation = Cancellation([&] { return gone.load(); });
  std::thread leader([&] {
    leader_status = WriteOne(coalescer, upstream, {"leaves"}, leaving).status();
  });
  AwaitWaiting(coalescer, 1);
  std::thread follower([&] {
    follower_status = WriteOne(coalescer, upstream, {"stays"}, Within(absl::Seconds(30))).status();
  });
  AwaitWaiting(coalescer, 2);
  gone = true;
  leader.join();
  follower.join();
  EXPECT_EQ(leader_status.code(), absl::StatusCode::kCancelled);
  EXPECT_THAT(follower_status, IsOk());
  EXPECT_EQ(withdrawn.load(), 1);
  const auto calls = upstream.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1], std::vector<std::string>{"stays"});
}

// A batch that has left (e.g. it waits for quota) stops once all its callers have gone.
TEST(CallCoalescerTest, ALeftBatchIsCancelledOnceEveryCallerHasGone) {
  FakeUpstream upstream;
  CallCoalescer coalescer(Paced(absl::Seconds(1)));
  ASSERT_THAT(WriteOne(coalescer, upstream, {"first"}, Within(absl::Seconds(30))), IsOk());
  std::atomic<bool> leader_gone{false}, follower_gone{false}, sending{false}, probe{false};
  std::atomic<int> live_when_probed{-1};
  auto send = [&](const CallContext& shared, const Request& request)
      -> absl::StatusOr<v1::WriteResponse> {
    sending = true;
    const absl::Time give_up = absl::Now() + absl::Seconds(20);  // a gate that never admits
    while (!shared.cancellation.cancelled() && absl::Now() < give_up) {
      if (probe.exchange(false)) live_when_probed = shared.cancellation.cancelled() ? 0 : 1;
      absl::SleepFor(absl::Milliseconds(2));
    }
    if (shared.cancellation.cancelled()) return absl::CancelledError("not sent");
    return upstream.Send(request);
  };
  auto write = [&](const char* tag, std::atomic<bool>& gone) {
    CallContext ctx = Within(absl::Seconds(30));
    ctx.cancellation = Cancellation([&gone] { return gone.load(); });
    return WriteCoalesced<Request>(
        coalescer, "upsert/createOrUpdate/email", "UpsertLeads", ctx, Request{tag},
        1, {}, [](const std::vector<const Request*>&) { return Request{"merged", 2}; }, send)
        .status();
  };
  absl::Status leader_status, follower_status;
  std::thread leader([&] { leader_status = write("leader", leader_gone); });
  AwaitWaiting(coalescer, 1);
  std::thread follower([&] { follower_status = write("follower", follower_gone); });
  AwaitWaiting(coalescer, 2);
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (!sending && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(2));
  leader_gone = true;
  probe = true;
  while (live_when_probed < 0 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(2));
  EXPECT_EQ(live_when_probed.load(), 1) << "one caller still waits for the call";
  follower_gone = true;
  leader.join();
  follower.join();
  EXPECT_EQ(leader_status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(follower_status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(upstream.calls().size(), 1u) << "only the first write was sent";
}

TEST(CallCoalescerTest, OffSendsEveryWriteAlone) {
  FakeUpstream upstream;
  CallCoalescerOptions options = Paced(absl::Seconds(5));
  options.max_wait = absl::ZeroDuration();
  CallCoalescer coalescer(options);
  const absl::Time started = absl::Now();
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(WriteOne(coalescer, upstream, {absl::StrCat("w", i)}, Within(absl::Seconds(30))),
                IsOk());
  }
  EXPECT_EQ(upstream.calls().size(), 3u);
  EXPECT_LT(absl::Now() - started, absl::Seconds(4)) << "unpaced writes waited for turns";
  EXPECT_FALSE(coalescer.Coalesces(1));
}

// A connection without a rate limit has no calls to save: nothing is shared or paced.
TEST(CallCoalescerTest, WithoutASpacingNothingIsShared) {
  CallCoalescer coalescer(Paced(absl::ZeroDuration()));
  EXPECT_FALSE(coalescer.Coalesces(1));
  EXPECT_TRUE(CallCoalescer(Paced(absl::Milliseconds(1))).Coalesces(1));
}

TEST(SliceResultsTest, AnAnswerOfTheWrongSizeIsInternal) {
  v1::WriteResponse batch;
  batch.add_results();
  EXPECT_EQ(SliceResults(batch, 0, 2).status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace leadgw::backends::common
