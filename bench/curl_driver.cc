#include "bench/curl_driver.h"

#include <curl/curl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "bench/closed_loop.h"

namespace leadgw::bench {
namespace {

constexpr size_t kMaxAnswerBytes = 64 << 20;

void GlobalInit() {
  static const CURLcode kInit = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)kInit;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

SlistPtr BuildHeaders(const std::vector<std::string>& headers) {
  curl_slist* list = nullptr;
  for (const std::string& header : headers) {
    curl_slist* appended = curl_slist_append(list, header.c_str());
    if (appended != nullptr) list = appended;
  }
  return SlistPtr(list);
}

size_t AppendBody(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* body = static_cast<std::string*>(userdata);
  const size_t bytes = size * nmemb;
  if (body->size() + bytes > kMaxAnswerBytes) return 0;
  body->append(data, bytes);
  return bytes;
}

long Millis(absl::Duration d) { return static_cast<long>(absl::ToInt64Milliseconds(d)); }

// Options every transfer of a run shares, set once per handle (the gateway resets and sets
// all of them per call; what the direct caller saves there is part of the gateway's cost).
void SetCommonOptions(CURL* easy, curl_slist* headers, std::string* body, absl::Duration timeout) {
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "lead-gateway-bench/1");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, static_cast<void*>(body));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, Millis(timeout));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
}

void SetCall(CURL* easy, const HttpCall& call) {
  curl_easy_setopt(easy, CURLOPT_URL, call.url.c_str());
  if (call.post) {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, call.body.data());
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
}

// One request in flight; reused (with its easy handle) once answered.
struct Transfer {
  CURL* easy = nullptr;
  std::string body;
  int64_t intended_ns = 0;
  int64_t measured_index = -1;  // -1: warm-up
  std::optional<ClosedLoopRequest> closed;  // set in a closed-loop run
  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

class DirectRun {
 public:
  DirectRun(const RunOptions& options, const DirectWorkload& workload, int max_connections)
      : options_(options),
        workload_(workload),
        schedule_(options),
        log_(schedule_.measured_count()),
        closed_(options),
        headers_(BuildHeaders(workload.headers)),
        multi_(curl_multi_init()),
        timer_fd_(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_connections));
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(max_connections));
  }

  ~DirectRun() {
    for (auto& transfer : transfers_) curl_multi_remove_handle(multi_, transfer->easy);
    transfers_.clear();
    curl_multi_cleanup(multi_);
    if (timer_fd_ >= 0) close(timer_fd_);
  }

  // Runs the open or closed loop (options' concurrency) and returns the JSON report.
  std::string Run() { return options_.concurrency > 0 ? RunClosed() : RunOpen(); }

 private:
  std::string RunOpen() {
    UsePreciseTimers();
    log_.MarkSendStart();
    const int64_t start = MonotonicNowNs() + 1000000;
    const int64_t hard_deadline = start + schedule_.OffsetNs(schedule_.total()) +
                                  absl::ToInt64Nanoseconds(options_.timeout + absl::Seconds(2));
    int64_t next = 0;
    int64_t sent = 0;
    while (MonotonicNowNs() < hard_deadline) {
      const int64_t now = MonotonicNowNs();
      for (; next < schedule_.total() && start + schedule_.OffsetNs(next) <= now; ++next) {
        const int64_t intended = start + schedule_.OffsetNs(next);
        const int64_t measured = next - schedule_.warmup_count();
        if (measured >= 0) log_.RecordSendLag(measured, now - intended);
        if (in_flight_ >= options_.max_in_flight) {
          if (measured >= 0) log_.Record(measured, kOutcomeOverload, 0);
          continue;
        }
        Start(next, intended, measured);
        ++sent;
      }
      int running = 0;
      curl_multi_perform(multi_, &running);
      Collect();
      if (next >= schedule_.total() && in_flight_ == 0) break;
      WaitForWork(next < schedule_.total() ? start + schedule_.OffsetNs(next) : -1);
    }
    return log_.ReportJson(options_, schedule_, sent, DirectOutcomeName);
  }

  // Starts every lane; each answer starts its lane's next transfer (in Collect) until the
  // measured window is over; ends when every lane has, or at the hard deadline.
  std::string RunClosed() {
    closed_.Start();
    for (int lane = 0; lane < closed_.concurrency(); ++lane) StartClosed(lane);
    while (!closed_.Ended() && MonotonicNowNs() < closed_.HardDeadlineNs()) {
      int running = 0;
      curl_multi_perform(multi_, &running);
      Collect();
      if (!closed_.Ended()) WaitForWork(-1);
    }
    return closed_.ReportJson(DirectOutcomeName);
  }

  // Starts `lane`'s next transfer, unless the lane has ended.
  void StartClosed(int lane) {
    Transfer* transfer = Acquire();
    std::optional<ClosedLoopRequest> request = closed_.Next(lane);
    if (!request.has_value()) {
      idle_.push_back(transfer);
      return;
    }
    transfer->closed = *request;
    Launch(transfer, request->sequence);
  }

  void Start(int64_t i, int64_t intended, int64_t measured) {
    Transfer* transfer = Acquire();
    transfer->intended_ns = intended;
    transfer->measured_index = measured;
    Launch(transfer, i);
  }

  // An idle transfer, or a new one.
  Transfer* Acquire() {
    Transfer* transfer = nullptr;
    if (!idle_.empty()) {
      transfer = idle_.back();
      idle_.pop_back();
    } else {
      transfers_.push_back(std::make_unique<Transfer>());
      transfer = transfers_.back().get();
      transfer->easy = curl_easy_init();
      SetCommonOptions(transfer->easy, headers_.get(), &transfer->body, options_.timeout);
      curl_easy_setopt(transfer->easy, CURLOPT_PRIVATE, static_cast<void*>(transfer));
    }
    return transfer;
  }

  // Sends workload call `i` on `transfer`.
  void Launch(Transfer* transfer, int64_t i) {
    transfer->body.clear();
    SetCall(transfer->easy, workload_.calls[static_cast<size_t>(i) % workload_.calls.size()]);
    curl_multi_add_handle(multi_, transfer->easy);
    ++in_flight_;
  }

  // Handles every finished transfer: the answer time is taken before the body is parsed.
  // In a closed loop, the freed lanes send again once every message has been read.
  void Collect() {
    freed_lanes_.clear();
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      const int64_t now = MonotonicNowNs();
      CURL* easy = message->easy_handle;
      const CURLcode result = message->data.result;
      void* priv = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
      auto* transfer = static_cast<Transfer*>(priv);
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      curl_multi_remove_handle(multi_, easy);
      const bool measured = transfer->closed.has_value() ? transfer->closed->measured
                                                         : transfer->measured_index >= 0;
      const int32_t outcome =
          !measured          ? kOutcomeOk  // warm-up: the body is not checked
          : result != CURLE_OK ? kOutcomeCurlBase + static_cast<int32_t>(result)
                               : CheckDirectAnswer(workload_, static_cast<int>(status),
                                                   transfer->body);
      if (transfer->closed.has_value()) {
        closed_.Record(*transfer->closed, outcome, now);
        freed_lanes_.push_back(transfer->closed->lane);
        transfer->closed.reset();
      } else if (measured) {
        log_.Record(transfer->measured_index, outcome, now - transfer->intended_ns);
      }
      idle_.push_back(transfer);
      --in_flight_;
      log_.MarkDone();
    }
    for (int lane : freed_lanes_) StartClosed(lane);
  }

  // Waits for socket activity, curl's own timers, or the next intended send time
  // (`next_send_ns`, -1 for none), whichever comes first.
  void WaitForWork(int64_t next_send_ns) {
    curl_waitfd extra{};
    unsigned int extra_count = 0;
    if (next_send_ns >= 0 && timer_fd_ >= 0) {
      itimerspec spec{};
      spec.it_value.tv_sec = static_cast<time_t>(next_send_ns / 1000000000);
      spec.it_value.tv_nsec = static_cast<long>(next_send_ns % 1000000000);
      timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
      extra.fd = timer_fd_;
      extra.events = CURL_WAIT_POLLIN;
      extra_count = 1;
    }
    curl_multi_poll(multi_, extra_count > 0 ? &extra : nullptr, extra_count, 50, nullptr);
    if (extra_count > 0 && (extra.revents & CURL_WAIT_POLLIN) != 0) {
      uint64_t expirations = 0;
      (void)!read(timer_fd_, &expirations, sizeof(expirations));
    }
  }

  const RunOptions& options_;
  const DirectWorkload& workload_;
  const OpenLoopSchedule schedule_;
  OutcomeLog log_;
  ClosedLoopRun closed_;  // used when options_.concurrency > 0
  SlistPtr headers_;
  CURLM* const multi_;
  const int timer_fd_;
  std::vector<std::unique_ptr<Transfer>> transfers_;
  std::vector<Transfer*> idle_;
  std::vector<int> freed_lanes_;  // Collect()'s closed-loop lanes to restart
  int in_flight_ = 0;
};

}  // namespace

absl::StatusOr<HttpAnswer> SendOnce(const HttpCall& call, const std::vector<std::string>& headers,
                                    absl::Duration timeout) {
  GlobalInit();
  SlistPtr list = BuildHeaders(headers);
  HttpAnswer answer;
  CURL* easy = curl_easy_init();
  if (easy == nullptr) return absl::InternalError("curl_easy_init failed");
  SetCommonOptions(easy, list.get(), &answer.body, timeout);
  SetCall(easy, call);
  const CURLcode code = curl_easy_perform(easy);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(easy);
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat("request failed: ", curl_easy_strerror(code)));
  }
  answer.status = static_cast<int>(status);
  return answer;
}

std::string RunDirect(const RunOptions& options, const DirectWorkload& workload,
                              int max_connections) {
  GlobalInit();
  DirectRun run(options, workload, max_connections);
  return run.Run();
}

}  // namespace leadgw::bench
