// gRPC load client for the gateway: sends one scenario's requests at a constant rate
// (open loop) or keeps --concurrency of them outstanding (closed loop, closed_loop.h) and
// prints one JSON object (latency, achieved rate, errors by gRPC code) on stdout. See
// docs/performance.md.
//
//   load_client --target=127.0.0.1:50051 --scenario=get_lead --rate=1000 --duration_s=20
//   load_client --target=127.0.0.1:50051 --scenario=get_lead --concurrency=16
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/closed_loop.h"
#include "bench/grpc_workload.h"
#include "bench/open_loop.h"
#include "bench/workload.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "Gateway gRPC address, host:port.");
ABSL_FLAG(std::string, scenario, "get_lead", "Scenario to run (see --help).");
ABSL_FLAG(std::string, connection, "",
          "Gateway connection; default marketo-bench (hotprofile-bench for "
          "search_business_cards).");
ABSL_FLAG(double, rate, 1000, "Requests per second (open loop).");
ABSL_FLAG(int, concurrency, 0,
          "0: open loop at --rate; 1..256: closed loop, this many requests outstanding.");
ABSL_FLAG(double, duration_s, 20, "Measured seconds (at most 120).");
ABSL_FLAG(double, warmup_s, 1, "Seconds sent before measuring (at most 30).");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of each RPC.");
ABSL_FLAG(int, max_in_flight, 10000,
          "Requests in flight beyond which a due request is not sent (client_overload).");
ABSL_FLAG(std::string, tag, "gw", "Prefix of the e-mails the upsert scenarios write.");
ABSL_FLAG(std::string, client_label, "gateway",
          "The report's \"client\": what --target is (grpc_floor for bench's "
          "grpc_floor_server, which serves health only).");

namespace leadgw::bench {
namespace {

// One RPC in flight; owned by itself from send until its callback has run.
struct PendingCall {
  grpc::ClientContext context;
  grpc::ByteBuffer answer;
  int64_t intended_ns = 0;
  int64_t measured_index = -1;  // -1: warm-up
};

// One RPC of a closed-loop run; owned by itself from send until its callback has run.
struct ClosedLoopCall {
  grpc::ClientContext context;
  grpc::ByteBuffer answer;
  ClosedLoopRequest request;
};

class LoadClient {
 public:
  LoadClient(RunOptions options, GrpcWorkload workload, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)),
        schedule_(options_),
        workload_(std::move(workload)),
        channel_(std::move(channel)),
        stub_(channel_),
        log_(schedule_.measured_count()),
        closed_(options_) {}

  // Runs the open or closed loop (options' concurrency) and returns the JSON report. Sets
  // *all_answered to false when calls were still in flight at the end.
  std::string Run(bool* all_answered) {
    return options_.concurrency > 0 ? RunClosed(all_answered) : RunOpen(all_answered);
  }

 private:
  // Sends every request of the schedule, waits (bounded) for the answers and returns the
  // JSON report. Sets *all_answered to false when calls were still in flight at the end.
  std::string RunOpen(bool* all_answered) {
    UsePreciseTimers();
    log_.MarkSendStart();
    const int64_t start = MonotonicNowNs() + 1000000;  // 1 ms to settle
    int64_t sent = 0;
    for (int64_t i = 0; i < schedule_.total(); ++i) {
      const int64_t intended = start + schedule_.OffsetNs(i);
      SleepUntilNs(intended);
      const int64_t measured = i - schedule_.warmup_count();
      if (measured >= 0) log_.RecordSendLag(measured, MonotonicNowNs() - intended);
      if (in_flight_.load(std::memory_order_relaxed) >= options_.max_in_flight) {
        if (measured >= 0) log_.Record(measured, kOutcomeOverload, 0);
        continue;
      }
      Send(i, intended, measured);
      ++sent;
    }
    // Every call has a deadline, so this wait ends by itself; the bound is a safety net.
    const int64_t wait_until =
        MonotonicNowNs() + absl::ToInt64Nanoseconds(options_.timeout + absl::Seconds(2));
    while (log_.Finished() < sent && MonotonicNowNs() < wait_until) {
      SleepUntilNs(MonotonicNowNs() + 1000000);
    }
    *all_answered = log_.Finished() >= sent;
    return log_.ReportJson(options_, schedule_, sent, GrpcOutcomeName);
  }

  // Starts every lane; each answer sends its lane's next call (SendClosed) until the
  // measured window is over, then waits (bounded) for the last answers.
  std::string RunClosed(bool* all_answered) {
    closed_.Start();
    for (int lane = 0; lane < closed_.concurrency(); ++lane) SendClosed(lane);
    *all_answered = closed_.WaitUntilEnded();
    return closed_.ReportJson(GrpcOutcomeName);
  }

  // Runs on the main thread (first calls) or a gRPC callback thread (the lane's previous
  // answer).
  void SendClosed(int lane) {
    auto call = std::make_unique<ClosedLoopCall>();
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
    std::optional<ClosedLoopRequest> request = closed_.Next(lane);
    if (!request.has_value()) return;
    call->request = *request;
    const grpc::ByteBuffer& payload =
        workload_.requests[static_cast<size_t>(request->sequence) % workload_.requests.size()];
    ClosedLoopCall* raw = call.release();
    stub_.UnaryCall(&raw->context, workload_.method, grpc::StubOptions(), &payload,
                    &raw->answer, [this, raw](grpc::Status status) {
                      const int64_t now = MonotonicNowNs();
                      const int32_t outcome = status.ok()
                                                  ? CheckAnswer(workload_, raw->answer)
                                                  : static_cast<int32_t>(status.error_code());
                      closed_.Record(raw->request, outcome, now);
                      const int lane = raw->request.lane;
                      delete raw;
                      SendClosed(lane);
                    });
  }

  void Send(int64_t i, int64_t intended, int64_t measured) {
    auto* call = new PendingCall();
    call->intended_ns = intended;
    call->measured_index = measured;
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    const grpc::ByteBuffer& request =
        workload_.requests[static_cast<size_t>(i) % workload_.requests.size()];
    stub_.UnaryCall(&call->context, workload_.method, grpc::StubOptions(), &request,
                    &call->answer, [this, call](grpc::Status status) { OnDone(call, status); });
  }

  // Runs on a gRPC callback thread.
  void OnDone(PendingCall* call, const grpc::Status& status) {
    const int64_t now = MonotonicNowNs();
    if (call->measured_index >= 0) {
      const int32_t outcome = status.ok() ? CheckAnswer(workload_, call->answer)
                                          : static_cast<int32_t>(status.error_code());
      log_.Record(call->measured_index, outcome, now - call->intended_ns);
    }
    delete call;
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    log_.MarkDone();
  }

  const RunOptions options_;
  const OpenLoopSchedule schedule_;
  const GrpcWorkload workload_;
  std::shared_ptr<grpc::Channel> channel_;
  grpc::GenericStub stub_;
  OutcomeLog log_;
  std::atomic<int> in_flight_{0};
  ClosedLoopRun closed_;  // used when options_.concurrency > 0
};

std::string DefaultConnection(Scenario scenario) {
  return scenario == Scenario::kSearchBusinessCards ? "hotprofile-bench" : "marketo-bench";
}

int Main() {
  const std::optional<Scenario> scenario = ParseScenario(absl::GetFlag(FLAGS_scenario));
  if (!scenario.has_value()) {
    std::fprintf(stderr, "load_client: unknown --scenario; one of %s\n", ScenarioNames().c_str());
    return 2;
  }
  RunOptions options;
  options.client = absl::GetFlag(FLAGS_client_label);
  options.scenario = std::string(ScenarioName(*scenario));
  options.rate = absl::GetFlag(FLAGS_rate);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  options.warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
  options.timeout = absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  options.max_in_flight = absl::GetFlag(FLAGS_max_in_flight);
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  std::string error;
  if (!NormalizeRunOptions(options, &error)) {
    std::fprintf(stderr, "load_client: %s\n", error.c_str());
    return 2;
  }
  std::string connection = absl::GetFlag(FLAGS_connection);
  if (connection.empty()) connection = DefaultConnection(*scenario);

  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target),
                                     grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)))) {
    std::fprintf(stderr, "load_client: cannot connect to %s\n",
                 absl::GetFlag(FLAGS_target).c_str());
    return 1;
  }
  auto client = std::make_unique<LoadClient>(
      options, MakeGrpcWorkload(*scenario, connection, absl::GetFlag(FLAGS_tag)), channel);
  bool all_answered = true;
  const std::string report = client->Run(&all_answered);
  std::printf("%s\n", report.c_str());
  std::fflush(stdout);
  // Calls still in flight reference the client: leave without destroying it.
  if (!all_answered) std::_Exit(0);
  return 0;
}

}  // namespace
}  // namespace leadgw::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(absl::StrCat(
      "gRPC load client of the gateway; prints one JSON report.\n  load_client "
      "--target=HOST:PORT --scenario=NAME [--rate=1000 | --concurrency=N] [--duration_s=20 "
      "--warmup_s=1]\n"
      "Scenarios: ",
      leadgw::bench::ScenarioNames()));
  absl::ParseCommandLine(argc, argv);
  return leadgw::bench::Main();
}
