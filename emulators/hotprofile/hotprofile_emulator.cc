#include "emulators/hotprofile/hotprofile_emulator.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "emulators/common/admin_routes.h"
#include "emulators/common/connection_drop.h"
#include "emulators/hotprofile/demo_data.h"
#include "emulators/hotprofile/render.h"

namespace leadgw::emulators::hotprofile {
namespace {

constexpr char kJson[] = "application/json;charset=UTF-8";

ApiRequest ToApiRequest(const httplib::Request& req, std::string body) {
  ApiRequest request;
  request.content_type = req.get_header_value("Content-Type");
  request.body = std::move(body);
  request.method = req.method;
  request.path = req.path;
  // httplib has already percent-decoded names and values ("search%5Bids%5D" arrives as
  // "search[ids]"); for a repeated name the first value wins.
  for (const auto& [name, value] : req.params) request.params.emplace(name, value);
  return request;
}

// An injected error code: an HTTP status 400-599, anything else answers 500.
int InjectedStatus(const std::string& code) {
  int status = 0;
  return absl::SimpleAtoi(code, &status) && status >= 400 && status <= 599 ? status : 500;
}

void WriteResponse(const ApiResponse& response, httplib::Response& res) {
  res.status = response.status;
  if (response.retry_after_seconds > 0) {
    res.set_header("Retry-After", absl::StrCat(response.retry_after_seconds));
  }
  if (response.allow_post) res.set_header("Allow", "POST");
  res.set_content(response.body, kJson);
}

}  // namespace

HotProfileEmulator::HotProfileEmulator(HotProfileEmulatorOptions options)
    : options_(std::move(options)),
      limiter_(options_.rate_limit_calls, options_.rate_window, options_.clock),
      store_(options_.clock),
      api_(options_.api_key, &store_, &limiter_),
      server_(options_.worker_threads) {
  RegisterRoutes();
}

HotProfileEmulator::~HotProfileEmulator() { Stop(); }

absl::Status HotProfileEmulator::ResetData() {
  return store_.Reset(options_.demo_data ? DemoRecords() : std::vector<SeedRecord>());
}

absl::StatusOr<int> HotProfileEmulator::Start(const std::string& host, int port) {
  LEADGW_RETURN_IF_ERROR(ResetData());
  return server_.Start(host, port);
}

void HotProfileEmulator::Stop() { server_.Stop(); }

std::string HotProfileEmulator::base_url() const { return server_.base_url(); }

void HotProfileEmulator::RegisterRoutes() {
  httplib::Server& server = server_.server();
  // Admin routes first: httplib matches routes in registration order.
  common::RegisterAdminRoutes(server, counters_, faults_, [this] {
    limiter_.Reset();
    // Demo records are self-consistent, so this cannot fail; keep the old data if it did.
    ResetData().IgnoreError();
  });
  auto plain = [this](const httplib::Request& req, httplib::Response& res) { Serve(req, "", res); };
  // A content-reader route reads the body itself, so a large form body is not refused
  // with 413 before it is routed.
  server.Post(".*", [this](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) {
    std::string body;
    reader([&body](const char* data, size_t length) {
      body.append(data, length);
      return true;
    });
    Serve(req, std::move(body), res);
  });
  server.Get(".*", plain);
  server.Put(".*", plain);
  server.Patch(".*", plain);
  server.Delete(".*", plain);
}

void HotProfileEmulator::Serve(const httplib::Request& req, std::string body,
                               httplib::Response& res) {
  const std::string endpoint = EndpointName(req.path);
  counters_.RecordRequest(endpoint);
  const common::FaultDecision fault = faults_.Decide();
  if (fault.down) {
    WriteResponse({503, RenderErrors({{"", "service unavailable"}})}, res);
    counters_.RecordOutcome(endpoint, "503");
    return;
  }
  if (fault.drop) {
    if (!common::DropConnection(req)) common::SetEmptyCloseResponse(res);
    counters_.RecordOutcome(endpoint, common::kOutcomeDropped);
    return;
  }
  ApiResponse response;
  if (!fault.error_code.empty()) {
    response.status = InjectedStatus(fault.error_code);
    response.body = RenderErrors({{"", "injected fault"}});
    if (response.status == 429) response.retry_after_seconds = 1;
  } else {
    response = api_.Handle(ToApiRequest(req, std::move(body)));
  }
  // Counted and run on arrival, as a real upstream does; the latency delays the answer.
  if (fault.latency > absl::ZeroDuration()) absl::SleepFor(fault.latency);
  WriteResponse(response, res);
  counters_.RecordOutcome(endpoint, response.status == 200 ? std::string(common::kOutcomeOk)
                                                           : absl::StrCat(response.status));
}

}  // namespace leadgw::emulators::hotprofile
