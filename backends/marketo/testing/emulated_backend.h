// Test fixture: a MarketoBackend over libcurl talking to an in-process MarketoEmulator on a
// loopback port, so backend tests exercise real HTTP, real envelopes and real limits.
#ifndef LEADGW_BACKENDS_MARKETO_TESTING_EMULATED_BACKEND_H_
#define LEADGW_BACKENDS_MARKETO_TESTING_EMULATED_BACKEND_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "backends/connection_settings.h"
#include "backends/marketo/marketo_backend.h"
#include "backends/marketo/settings.h"
#include "emulators/marketo/marketo_emulator.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/http/curl_http_client.h"

namespace leadgw::backends::marketo::testing {

class EmulatedBackendTest : public ::testing::Test {
 protected:
  // Starts the emulator with `options` (demo data on) and a backend for it.
  void Start(emulators::marketo::MarketoEmulatorOptions options = {},
             MarketoBackendOptions backend_options = {}) {
    emulator_ = std::make_unique<emulators::marketo::MarketoEmulator>(options);
    ASSERT_THAT(emulator_->Start(), ::leadgw::testing_util::IsOk());
    backend_ = MakeBackend(backend_options);
  }

  // Another backend on the same emulator (its own token cache and duplicate guard, like a
  // second gateway process).
  std::unique_ptr<MarketoBackend> MakeBackend(MarketoBackendOptions options = {}) {
    ConnectionSettings settings;
    settings.name = "marketo-test";
    settings.kind = ::leadgateway::v1::BACKEND_KIND_MARKETO;
    settings.base_url = emulator_->base_url();
    settings.vendor = MarketoSettings{emulator_->base_url() + "/identity",
                                      Secret("sandbox-client"), Secret("sandbox-secret")};
    return std::make_unique<MarketoBackend>(settings, std::make_shared<upstream::http::CurlHttpClient>(),
                                            std::move(options));
  }

  // Requests the emulator received for `endpoint` (its counter names, see its README).
  int64_t Calls(absl::string_view endpoint) { return emulator_->counters().Requests(endpoint); }

  emulators::marketo::MarketoEmulator& emulator() { return *emulator_; }
  MarketoBackend& backend() { return *backend_; }

 private:
  std::unique_ptr<emulators::marketo::MarketoEmulator> emulator_;
  std::unique_ptr<MarketoBackend> backend_;
};

}  // namespace leadgw::backends::marketo::testing

#endif  // LEADGW_BACKENDS_MARKETO_TESTING_EMULATED_BACKEND_H_
