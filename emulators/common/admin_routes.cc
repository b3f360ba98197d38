#include "emulators/common/admin_routes.h"

#include <string>
#include <utility>

#include "emulators/common/json_util.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::common {
namespace {

constexpr char kJson[] = "application/json;charset=UTF-8";

std::string ReadBody(const httplib::ContentReader& reader) {
  std::string body;
  reader([&body](const char* data, size_t length) {
    body.append(data, length);
    return true;
  });
  return body;
}

}  // namespace

void RegisterAdminRoutes(httplib::Server& server, RequestCounters& counters,
                         FaultControls& faults, std::function<void()> on_reset) {
  server.Get("/admin/counters", [&counters](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(counters.ToJson(), kJson);
  });
  server.Get("/admin/faults", [&faults](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(faults.ToJson(), kJson);
  });
  server.Post("/admin/faults",
              [&faults](const httplib::Request&, httplib::Response& res,
                        const httplib::ContentReader& reader) {
                absl::Status status = faults.ApplyJson(ReadBody(reader));
                if (!status.ok()) {
                  rapidjson::Document doc(rapidjson::kObjectType);
                  doc.AddMember("error",
                                rapidjson::Value(std::string(status.message()).c_str(),
                                                 doc.GetAllocator()),
                                doc.GetAllocator());
                  WriteJson(res, 400, doc);
                  return;
                }
                res.status = 200;
                res.set_content(faults.ToJson(), kJson);
              });
  server.Post("/admin/reset",
              [&counters, &faults, on_reset = std::move(on_reset)](
                  const httplib::Request&, httplib::Response& res,
                  const httplib::ContentReader& reader) {
                ReadBody(reader);
                counters.Reset();
                faults.Reset();
                if (on_reset) on_reset();
                res.status = 200;
                res.set_content(R"({"reset":true})", kJson);
              });
}

}  // namespace leadgw::emulators::common
