// What the HTTP client library costs per upstream request, against the least an HTTP/1.1
// client can spend: the input to the decision on the gateway's HTTP client (ADR 0007).
// Both clients send the same keep-alive GET, with the headers a Marketo lead lookup sends,
// to a loopback server in this process, one request at a time, for a fixed count:
//   - `CurlHttpClient::Send`: the gateway's own client (pooled libcurl easy handles);
//   - a minimal client: one formatted request, one send(), recv() until Content-Length.
//     It does no TLS, no proxy, no chunked or gzip bodies, and its timeout is a socket
//     option: a lower bound for a client of our own, not a design.
// CPU is the calling thread's (CLOCK_THREAD_CPUTIME_ID), so the server's is left out.
// Run optimised: bazel run --config=opt //bench/http_client:http_client_bench [requests]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "upstream/http/curl_http_client.h"

namespace leadgw::bench {
namespace {

using upstream::http::CurlHttpClient;
using upstream::http::HttpRequest;
using upstream::http::HttpResponse;

constexpr int kDefaultRequests = 20'000;

// A Marketo answer to GET /rest/v1/lead/{id}.json: one lead, a few fields.
constexpr absl::string_view kAnswerBody =
    R"({"requestId":"e42b#14272d07d78","result":[{"id":318581,"updatedAt":"2026-12-07T10:00:00Z",)"
    R"("lastName":"Yamada","email":"taro.yamada@example.co.jp","createdAt":"2026-11-01T09:30:00Z",)"
    R"("firstName":"Taro","company":"Example KK"}],"success":true})";

constexpr absl::string_view kPath = "/rest/v1/lead/318581.json?fields=email,firstName,lastName";
constexpr absl::string_view kBearer = "Bearer cdf01657-110d-4155-99a7-f986b2ff13a0:int";

// Index one past the end of the header block that starts `data`, or npos.
size_t HeaderEnd(absl::string_view data) {
  const size_t end = data.find("\r\n\r\n");
  return end == absl::string_view::npos ? end : end + 4;
}

// Content-Length of a header block (lower-case or canonical name), 0 when absent.
size_t ContentLength(absl::string_view headers) {
  for (absl::string_view name : {"\r\nContent-Length:", "\r\ncontent-length:"}) {
    const size_t at = headers.find(name);
    if (at == absl::string_view::npos) continue;
    absl::string_view rest = headers.substr(at + name.size());
    rest = rest.substr(0, rest.find("\r\n"));
    size_t length = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(rest), &length)) return length;
  }
  return 0;
}

// Reads one whole HTTP message (headers and Content-Length body) from `fd` into `buffer`,
// which may already hold the start of it. Returns its header length, or 0 when the peer
// closed or failed.
size_t ReadMessage(int fd, std::string& buffer, size_t& total) {
  char chunk[16384];
  size_t header_end = HeaderEnd(buffer);
  while (true) {
    if (header_end != absl::string_view::npos) {
      total = header_end + ContentLength(absl::string_view(buffer).substr(0, header_end));
      if (buffer.size() >= total) return header_end;
    }
    const ssize_t got = recv(fd, chunk, sizeof(chunk), 0);
    if (got <= 0) return 0;
    buffer.append(chunk, static_cast<size_t>(got));
    if (header_end == absl::string_view::npos) header_end = HeaderEnd(buffer);
  }
}

bool SendAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

// A keep-alive HTTP/1.1 server on a loopback port chosen by the kernel, answering every
// request with kAnswerBody in one write. Serves one connection at a time until Stop().
// Not cpp-httplib (the emulators' server): it writes the headers and the body separately,
// which costs each client a second receive per request (the minimal client measured 23-24
// instead of 17-20 us) and so blurs the client cost this bench is for.
class LoopbackServer {
 public:
  bool Start() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listener_, 8) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      return false;
    }
    port_ = ntohs(address.sin_port);
    answer_ = absl::StrCat(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\n"
        "Content-Length: ",
        kAnswerBody.size(), "\r\nConnection: keep-alive\r\n\r\n", kAnswerBody);
    thread_ = std::thread([this] { Serve(); });
    return true;
  }

  void Stop() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    thread_.join();
    close(listener_);
  }

  int port() const { return port_; }

 private:
  void Serve() {
    while (!stopping_) {
      const int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      const int on = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
      std::string buffer;
      size_t total = 0;
      while (ReadMessage(fd, buffer, total) > 0) {
        buffer.erase(0, total);
        if (!SendAll(fd, answer_)) break;
      }
      close(fd);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::string answer_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// The least an HTTP/1.1 client does for one keep-alive GET: format the request into a
// reused buffer, send it, read the answer, split its status, headers and body.
class MinimalClient {
 public:
  explicit MinimalClient(int port) : port_(port) {}
  ~MinimalClient() {
    if (fd_ >= 0) close(fd_);
  }

  bool Connect() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port_));
    const int on = 1;
    const timeval timeout{30, 0};
    return fd_ >= 0 && setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == 0 &&
           setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) == 0 &&
           connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }

  bool Get(absl::string_view path, absl::string_view authorization, HttpResponse& response) {
    request_.clear();
    absl::StrAppend(&request_, "GET ", path, " HTTP/1.1\r\nHost: 127.0.0.1:", port_,
                    "\r\nUser-Agent: lead-gateway/1\r\nAccept-Encoding: deflate, gzip, br, zstd\r\n"
                    "Accept: application/json\r\n"
                    "Authorization: ",
                    authorization, "\r\n\r\n");
    if (!SendAll(fd_, request_)) return false;
    size_t total = 0;
    const size_t header_end = ReadMessage(fd_, buffer_, total);
    if (header_end == 0) return false;
    const absl::string_view message(buffer_.data(), total);
    response.headers.clear();
    size_t line_start = message.find("\r\n") + 2;
    if (message.size() < 12 || !absl::SimpleAtoi(message.substr(9, 3), &response.status_code)) {
      return false;
    }
    while (line_start + 2 < header_end) {
      const size_t line_end = message.find("\r\n", line_start);
      const absl::string_view line = message.substr(line_start, line_end - line_start);
      const size_t colon = line.find(':');
      if (colon != absl::string_view::npos) {
        response.headers.emplace_back(
            absl::AsciiStrToLower(line.substr(0, colon)),
            std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
      }
      line_start = line_end + 2;
    }
    response.body.assign(message.data() + header_end, total - header_end);
    buffer_.erase(0, total);
    return true;
  }

 private:
  const int port_;
  int fd_ = -1;
  std::string request_;
  std::string buffer_;
};

double ThreadCpuUs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e6 + now.tv_nsec / 1e3;
}

double WallUs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1e6 + now.tv_nsec / 1e3;
}

struct Cost {
  double cpu_us = 0;   // per request, the calling thread's
  double wall_us = 0;  // per request
  bool ok = true;      // every answer was the server's
};

// Times `requests` calls of `get` (after one warm-up call that connects).
template <typename Get>
Cost Measure(const char* name, int requests, Get get) {
  Cost cost;
  cost.ok = get();
  const double cpu_start = ThreadCpuUs();
  const double wall_start = WallUs();
  for (int i = 0; i < requests && cost.ok; ++i) cost.ok = get();
  cost.cpu_us = (ThreadCpuUs() - cpu_start) / requests;
  cost.wall_us = (WallUs() - wall_start) / requests;
  std::printf("%-36s cpu %7.2f us/request  wall %7.2f us/request (%d requests)%s\n", name,
              cost.cpu_us, cost.wall_us, requests, cost.ok ? "" : "  FAILED");
  std::fflush(stdout);
  return cost;
}

int Main(int argc, char** argv) {
  int requests = kDefaultRequests;
  if (argc > 1 && (!absl::SimpleAtoi(argv[1], &requests) || requests < 1)) {
    std::fprintf(stderr, "usage: http_client_bench [requests per client, default %d]\n",
                 kDefaultRequests);
    return 2;
  }
  LoopbackServer server;
  if (!server.Start()) {
    std::fprintf(stderr, "http_client_bench: cannot listen on loopback\n");
    return 1;
  }
  const auto answered = [](const HttpResponse& response) {
    return response.status_code == 200 && response.body == kAnswerBody &&
           response.Header("content-type").has_value();
  };

  // Each client is gone before the next starts: the server serves one connection at a time.
  Cost libcurl;
  {
    CurlHttpClient curl;
    HttpRequest request;
    request.url = absl::StrCat("http://127.0.0.1:", server.port(), kPath);
    request.headers = {{"Accept", "application/json"}, {"Authorization", std::string(kBearer)}};
    request.timeout = absl::Seconds(30);
    libcurl = Measure("CurlHttpClient::Send (libcurl)", requests, [&] {
      absl::StatusOr<HttpResponse> response = curl.Send(request);
      return response.ok() && answered(*response);
    });
  }
  Cost own;
  {
    MinimalClient minimal(server.port());
    HttpResponse response;
    const bool connected = minimal.Connect();
    own = Measure("minimal HTTP/1.1 client (lower bound)", requests, [&] {
      return connected && minimal.Get(kPath, kBearer, response) && answered(response);
    });
  }
  server.Stop();

  if (!libcurl.ok || !own.ok) {
    std::fprintf(stderr, "http_client_bench: a request failed\n");
    return 1;
  }
  std::printf("%-36s %7.2fx CPU, %.2f us/request more\n", "libcurl / minimal client",
              libcurl.cpu_us / own.cpu_us, libcurl.cpu_us - own.cpu_us);
  return 0;
}

}  // namespace
}  // namespace leadgw::bench

int main(int argc, char** argv) { return leadgw::bench::Main(argc, argv); }
