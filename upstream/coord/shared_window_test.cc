// Two "replicas" (SharedWindow objects with their own Redis connections) sharing one
// connection's window through a real redis-server. Times are Redis's: assertions use
// lower bounds only where a busy machine could stretch them.
#include "upstream/coord/shared_window.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/testing/redis_server.h"

namespace leadgw::upstream::coord {
namespace {

using ::leadgw::testing::RedisServer;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

class SharedWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  // A replica: its own connection to Redis, the same connection name.
  std::unique_ptr<SharedWindow> Replica(const std::string& id, absl::Duration span,
                                        absl::Duration lease = absl::Seconds(30)) {
    RedisOptions redis = server_->ClientOptions();
    SharedWindowOptions options;
    options.connection = "mkto";
    options.span = span;
    options.lease = lease;
    options.replica_id = id;
    return std::make_unique<SharedWindow>(std::make_shared<RedisClient>(redis), options);
  }

  // Polls TryOpen until admitted or `give_up` passes.
  static absl::StatusOr<Admission> OpenWithin(SharedWindow& window, int limit,
                                              absl::Duration give_up) {
    FleetLimits limits;
    limits.window_limit = limit;
    return OpenWithin(window, limits, give_up);
  }
  static absl::StatusOr<Admission> OpenWithin(SharedWindow& window, const FleetLimits& limits,
                                              absl::Duration give_up) {
    const absl::Time until = absl::Now() + give_up;
    for (;;) {
      absl::StatusOr<Admission> admission = window.TryOpen(limits);
      if (!admission.ok() || admission->admitted || absl::Now() > until) return admission;
      absl::SleepFor(absl::Milliseconds(10));
    }
  }

  std::unique_ptr<RedisServer> server_;
};

TEST_F(SharedWindowTest, TheLimitHoldsAcrossReplicas) {
  auto a = Replica("a", absl::Seconds(30));
  auto b = Replica("b", absl::Seconds(30));
  ASSERT_TRUE(a->TryOpen(3)->admitted);
  ASSERT_TRUE(a->TryOpen(3)->admitted);
  ASSERT_TRUE(b->TryOpen(3)->admitted);
  absl::StatusOr<Admission> full = b->TryOpen(3);
  ASSERT_THAT(full, IsOk());
  EXPECT_FALSE(full->admitted);
  // Only open calls fill it: no slot frees before a span from now, when exactly nobody
  // knows.
  EXPECT_TRUE(full->at_least);
  EXPECT_EQ(full->retry_in, absl::Seconds(30));
  // Another connection has its own window.
  SharedWindowOptions other;
  other.connection = "hp";
  other.replica_id = "b";
  SharedWindow hp(std::make_shared<RedisClient>(server_->ClientOptions()), other);
  EXPECT_TRUE(hp.TryOpen(3)->admitted);
}

TEST_F(SharedWindowTest, AnEndedCallHoldsItsSlotForASpanAfterItsEnd) {
  const absl::Duration span = absl::Milliseconds(600);
  auto a = Replica("a", span);
  auto b = Replica("b", span);
  absl::StatusOr<Admission> first = a->TryOpen(1);
  ASSERT_TRUE(first->admitted);
  ASSERT_THAT(a->Close(first->call_id), IsOk());
  const absl::Time closed = absl::Now();
  absl::StatusOr<Admission> refused = b->TryOpen(1);
  ASSERT_THAT(refused, IsOk());
  ASSERT_FALSE(refused->admitted);
  EXPECT_GT(refused->retry_in, absl::ZeroDuration());
  EXPECT_LE(refused->retry_in, span);
  absl::StatusOr<Admission> later = OpenWithin(*b, 1, absl::Seconds(20));
  ASSERT_THAT(later, IsOk());
  EXPECT_TRUE(later->admitted);
  // Redis logged the end after our Close() was sent, so the slot came at least a span
  // after `closed`, minus the round trip before it.
  EXPECT_GE(absl::Now() - closed, span - absl::Milliseconds(50));
}

TEST_F(SharedWindowTest, ACrashedReplicasCallsFreeTheirSlotsAfterLeaseAndSpan) {
  const absl::Duration span = absl::Milliseconds(300);
  const absl::Duration lease = absl::Milliseconds(400);
  auto dead = Replica("dead", span, lease);
  auto alive = Replica("alive", span, lease);
  const absl::Time opened = absl::Now();
  ASSERT_TRUE(dead->TryOpen(1)->admitted);
  dead.reset();  // never closes its call
  EXPECT_FALSE(alive->TryOpen(1)->admitted);
  absl::StatusOr<Admission> admitted = OpenWithin(*alive, 1, absl::Seconds(20));
  ASSERT_THAT(admitted, IsOk());
  EXPECT_TRUE(admitted->admitted);
  EXPECT_GE(absl::Now() - opened, lease + span - absl::Milliseconds(50));
}

TEST_F(SharedWindowTest, ACallClosedAfterItsLeaseIsLoggedAtItsRealEnd) {
  // A long span, so that a slow machine cannot oversleep past expiry + span.
  const absl::Duration span = absl::Seconds(2);
  const absl::Duration lease = absl::Milliseconds(200);
  auto a = Replica("a", span, lease);
  absl::StatusOr<Admission> slow = a->TryOpen(1);
  ASSERT_TRUE(slow->admitted);
  absl::SleepFor(lease + absl::Milliseconds(200));  // outlives its lease
  ASSERT_FALSE(a->TryOpen(1)->admitted);  // logged at the expiry, still inside the span
  ASSERT_THAT(a->Close(slow->call_id), IsOk());
  const absl::Time closed = absl::Now();
  absl::StatusOr<Admission> refused = a->TryOpen(1);
  ASSERT_FALSE(refused->admitted);
  EXPECT_GT(refused->retry_in, span - absl::Milliseconds(100));
  ASSERT_TRUE(OpenWithin(*a, 1, absl::Seconds(20))->admitted);
  EXPECT_GE(absl::Now() - closed, span - absl::Milliseconds(50));
}

TEST_F(SharedWindowTest, OpenCallsHoldTheFleetsConcurrencyCap) {
  auto a = Replica("a", absl::Seconds(30));
  auto b = Replica("b", absl::Seconds(30));
  FleetLimits limits;
  limits.window_limit = 100;
  limits.max_open = 2;
  absl::StatusOr<Admission> first = a->TryOpen(limits);
  ASSERT_TRUE(first->admitted);
  ASSERT_TRUE(b->TryOpen(limits)->admitted);
  absl::StatusOr<Admission> full = b->TryOpen(limits);
  ASSERT_THAT(full, IsOk());
  EXPECT_FALSE(full->admitted);
  EXPECT_EQ(full->held_by, FleetHold::kConcurrency);
  EXPECT_EQ(full->retry_in, absl::InfiniteDuration());
  // An ended call still counts in the window, but no longer in flight.
  ASSERT_THAT(a->Close(first->call_id), IsOk());
  EXPECT_TRUE(b->TryOpen(limits)->admitted);
}

TEST_F(SharedWindowTest, TheDailyBudgetIsCountedAcrossReplicasUntilTheDayEnds) {
  auto a = Replica("a", absl::Seconds(30));
  auto b = Replica("b", absl::Seconds(30));
  FleetLimits limits;
  limits.window_limit = 100;
  limits.daily_limit = 5;
  EXPECT_EQ(a->TryOpen(limits)->day_calls, 1);
  EXPECT_EQ(b->TryOpen(limits)->day_calls, 2);
  // Calls a replica made while Redis was out of reach join the ledger.
  limits.unrecorded_calls = 2;
  EXPECT_EQ(a->TryOpen(limits)->day_calls, 5);
  limits.unrecorded_calls = 0;
  // A replica that saw more than Redis holds (Redis lost the day) restores it.
  limits.daily_limit = 10;
  limits.day_calls_at_least = 8;
  EXPECT_EQ(b->TryOpen(limits)->day_calls, 9);
  limits.day_calls_at_least = 0;
  EXPECT_EQ(a->TryOpen(limits)->day_calls, 10);
  limits.daily_limit = 5;
  absl::StatusOr<Admission> spent = b->TryOpen(limits);
  ASSERT_THAT(spent, IsOk());
  EXPECT_FALSE(spent->admitted);
  EXPECT_EQ(spent->held_by, FleetHold::kDaily);
  EXPECT_EQ(spent->day_calls, 10);
  // Until the next US Central midnight: at most a day, and (at UTC-6) never less than
  // nothing.
  EXPECT_GT(spent->retry_in, absl::ZeroDuration());
  EXPECT_LE(spent->retry_in, absl::Hours(24));
  const absl::Time reset = absl::Now() + spent->retry_in;
  const absl::TimeZone central = absl::FixedTimeZone(-6 * 3600);
  const absl::CivilSecond at = absl::ToCivilSecond(reset, central);
  EXPECT_EQ(at.hour(), 0) << absl::FormatTime(reset, central);
}

TEST_F(SharedWindowTest, ARateLimitAnswerPausesEveryReplicaAndHalvesTheFleetsShare) {
  auto a = Replica("a", absl::Seconds(30));
  auto b = Replica("b", absl::Seconds(30));
  absl::StatusOr<SharedWindow::Learnt> learnt = a->NoteRateLimited(10, absl::Milliseconds(300));
  ASSERT_THAT(learnt, IsOk());
  EXPECT_EQ(learnt->limit, 5);
  EXPECT_GT(learnt->hold_off, absl::ZeroDuration());
  FleetLimits limits;
  limits.window_limit = 10;  // b has seen no answer itself
  absl::StatusOr<Admission> paused = b->TryOpen(limits);
  ASSERT_THAT(paused, IsOk());
  EXPECT_FALSE(paused->admitted);
  EXPECT_EQ(paused->held_by, FleetHold::kWindow);
  EXPECT_LE(paused->retry_in, absl::Milliseconds(300));
  // A second answer within the span pauses again but does not halve again: the calls
  // under way were admitted on the old share.
  EXPECT_EQ(a->NoteRateLimited(10, absl::Milliseconds(1))->limit, 5);
  absl::SleepFor(absl::Milliseconds(350));
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += b->TryOpen(limits)->admitted ? 1 : 0;
  EXPECT_EQ(admitted, 5);
}

TEST_F(SharedWindowTest, TheFleetsShareRegrowsAfterTheSpanOfPause) {
  const absl::Duration span = absl::Milliseconds(200);
  auto a = Replica("a", span);
  const absl::Time halved = absl::Now();
  ASSERT_EQ(a->NoteRateLimited(20, absl::ZeroDuration())->limit, 10);
  absl::SleepFor(4 * span);  // the pause, then at least 2 quiet spans of +1 each
  FleetLimits limits;
  limits.window_limit = 20;
  int admitted = 0;  // open calls, never closed: each holds its slot
  for (int i = 0; i < 20; ++i) admitted += a->TryOpen(limits)->admitted ? 1 : 0;
  const int64_t most_quiet_spans = (absl::Now() - halved) / span - 1;
  EXPECT_GE(admitted, 12);
  EXPECT_LE(admitted, std::min<int64_t>(20, 10 + most_quiet_spans));
}

// A full window, two calls ended now: the next two callers (any replica) take tickets for
// the slots those calls free, in order; the caller after them learns at once that its
// slot cannot come within its wait.
TEST_F(SharedWindowTest, TicketsQueueCallersOfAllReplicasInOneOrder) {
  auto a = Replica("a", absl::Seconds(30));
  auto b = Replica("b", absl::Seconds(30));
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<Admission> call = a->TryOpen(2);
    ASSERT_TRUE(call->admitted);
    ASSERT_THAT(a->Close(call->call_id), IsOk());
  }
  FleetLimits limits;
  limits.window_limit = 2;
  limits.max_wait = absl::Seconds(45);
  absl::StatusOr<Admission> first = b->TryOpen(limits);
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(first->admitted);
  EXPECT_FALSE(first->ticket.empty());
  EXPECT_FALSE(first->at_least);
  EXPECT_GT(first->retry_in, absl::Seconds(25));
  absl::StatusOr<Admission> second = a->TryOpen(limits);
  EXPECT_FALSE(second->ticket.empty());
  EXPECT_GE(second->retry_in, first->retry_in - absl::Milliseconds(100));
  // Its slot frees a span after a ticket's call, at the earliest in 60 s.
  absl::StatusOr<Admission> third = b->TryOpen(limits);
  ASSERT_THAT(third, IsOk());
  EXPECT_FALSE(third->admitted);
  EXPECT_TRUE(third->ticket.empty());
  EXPECT_TRUE(third->at_least);
  EXPECT_GT(third->retry_in, absl::Seconds(55));
  // A caller that cannot wait takes no ticket; one given back lets the next move up.
  b->Release(second->ticket);
  EXPECT_FALSE(b->TryOpen(limits)->ticket.empty());
}

// A ticket admits its holder once its slot has come and the window really has room: a
// call still open from the ticket before holds the slot longer than foreseen.
TEST_F(SharedWindowTest, ATicketAdmitsOnlyWhenItsSlotHasCome) {
  const absl::Duration span = absl::Milliseconds(300);
  auto a = Replica("a", span);
  absl::StatusOr<Admission> call = a->TryOpen(1);
  ASSERT_TRUE(call->admitted);
  ASSERT_THAT(a->Close(call->call_id), IsOk());
  FleetLimits limits;
  limits.window_limit = 1;
  limits.max_wait = absl::Seconds(30);
  absl::StatusOr<Admission> b = a->TryOpen(limits);
  absl::StatusOr<Admission> c = a->TryOpen(limits);
  ASSERT_FALSE(b->ticket.empty());
  ASSERT_FALSE(c->ticket.empty());
  EXPECT_TRUE(c->at_least);  // a span after b's call, which has not even begun
  limits.claim = b->ticket;
  if (b->retry_in > absl::Milliseconds(100)) {  // early, unless this machine is that slow
    absl::StatusOr<Admission> early = a->TryOpen(limits);
    EXPECT_FALSE(early->admitted);
    EXPECT_EQ(early->ticket, b->ticket);
  }
  absl::StatusOr<Admission> admitted = OpenWithin(*a, limits, absl::Seconds(20));
  ASSERT_TRUE(admitted->admitted);
  EXPECT_EQ(admitted->call_id, b->ticket);
  // b's call is still open: c's slot has not come, however long c waits for it.
  limits.claim = c->ticket;
  absl::SleepFor(span + absl::Milliseconds(100));
  absl::StatusOr<Admission> moved = a->TryOpen(limits);
  EXPECT_FALSE(moved->admitted);
  EXPECT_EQ(moved->ticket, c->ticket);
  ASSERT_THAT(a->Close(admitted->call_id), IsOk());
  const absl::Time b_ended = absl::Now();
  ASSERT_TRUE(OpenWithin(*a, limits, absl::Seconds(20))->admitted);
  EXPECT_GE(absl::Now() - b_ended, span - absl::Milliseconds(50));
}

TEST_F(SharedWindowTest, ARateLimitAnswerVoidsEveryTicket) {
  auto a = Replica("a", absl::Seconds(30));
  auto b = Replica("b", absl::Seconds(30));
  absl::StatusOr<Admission> call = a->TryOpen(1);
  ASSERT_TRUE(call->admitted);
  FleetLimits limits;
  limits.window_limit = 1;
  limits.max_wait = absl::Minutes(5);
  absl::StatusOr<Admission> held = b->TryOpen(limits);
  ASSERT_FALSE(held->ticket.empty());
  absl::StatusOr<SharedWindow::Learnt> learnt = a->NoteRateLimited(1, absl::Milliseconds(1));
  ASSERT_THAT(learnt, IsOk());
  limits.claim = held->ticket;
  absl::StatusOr<Admission> after = b->TryOpen(limits);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->tickets_voided, learnt->tickets_voided);
  EXPECT_GT(after->tickets_voided, held->tickets_voided);
  EXPECT_NE(after->ticket, held->ticket);  // asked again: a new ticket
}

TEST_F(SharedWindowTest, RedisDownIsUnavailable) {
  auto a = Replica("a", absl::Seconds(1));
  server_->Kill();
  EXPECT_THAT(a->TryOpen(1), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace leadgw::upstream::coord
