// Construction, lifecycle and HTTP route wiring of MarketoEmulator; the per-request
// pipeline is in marketo_emulator_serve.cc.
#include "emulators/marketo/marketo_emulator.h"

#include <utility>

#include "emulators/common/admin_routes.h"
#include "emulators/marketo/demo_data.h"
#include "emulators/marketo/handlers.h"

namespace leadgw::emulators::marketo {
namespace {

std::string ReadBody(const httplib::ContentReader& reader) {
  std::string body;
  reader([&body](const char* data, size_t length) {
    body.append(data, length);
    return true;
  });
  return body;
}

}  // namespace

MarketoEmulator::MarketoEmulator(MarketoEmulatorOptions options)
    : options_(std::move(options)),
      rate_limiter_(options_.rate_limit_calls, options_.rate_window, options_.now),
      gauge_(options_.max_concurrent),
      quota_(options_.daily_quota, options_.now),
      tokens_(options_.client_id, options_.client_secret, options_.token_lifetime,
              options_.now),
      store_(options_.now),
      server_(options_.worker_threads) {
  if (options_.demo_data) SeedDemoData(store_);
  AddSchemaRoutes(router_, store_, options_.describe2);
  AddLeadReadRoutes(router_, store_);
  AddLeadWriteRoutes(router_, store_, options_.duplicate_race_delay);
  AddLeadActionRoutes(router_, store_);
  AddMembershipRoutes(router_, store_);
  RegisterRoutes();
}

MarketoEmulator::~MarketoEmulator() { Stop(); }

void MarketoEmulator::RegisterRoutes() {
  httplib::Server& http = server_.server();
  // Admin first: httplib matches routes in registration order.
  common::RegisterAdminRoutes(http, counters_, faults_, [this] { ResetLimits(); });
  auto plain = [this](const httplib::Request& req, httplib::Response& res) {
    Serve(req, res, req.body);
  };
  // Content-reader routes read the body themselves, which also lifts httplib's 8 KB
  // limit on form bodies (needed for POST + _method=GET with long queries).
  auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) {
    Serve(req, res, ReadBody(reader));
  };
  http.Get(".*", plain);
  http.Post(".*", with_body);
  http.Put(".*", with_body);
  http.Patch(".*", with_body);
  http.Delete(".*", with_body);
  http.Delete(".*", plain);  // DELETE without a body
  // httplib answers an over-long request line (> 8,192 bytes) with 414 before routing;
  // count it and give it a body.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 414) {
      counters_.RecordRequest("unknown");
      counters_.RecordOutcome("unknown", "414");
      res.set_content("414 Request-URI Too Long", "text/plain");
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
}

absl::StatusOr<int> MarketoEmulator::Start(const std::string& host, int port) {
  return server_.Start(host, port);
}

void MarketoEmulator::Stop() { server_.Stop(); }

std::string MarketoEmulator::base_url() const { return server_.base_url(); }

void MarketoEmulator::ExpireAllTokens() { tokens_.ExpireAll(); }

size_t MarketoEmulator::CountLeadsWithField(const std::string& field,
                                            const std::string& value) const {
  return store_.CountLeadsWithField(field, value);
}

void MarketoEmulator::ResetLimits() {
  rate_limiter_.Reset();
  quota_.Reset();
  gauge_.ResetPeak();
}

}  // namespace leadgw::emulators::marketo
