// Shared pieces of the fault end-to-end tests (tests/faults/*_e2e_test.cc): emulators
// started in-process, the real gateway binary started from a config template, gRPC
// contexts with short deadlines, google.rpc details of failed RPCs, /metrics scrapes and
// small statistics. Everything here is test-only and loopback-only.
#ifndef LEADGW_TESTS_FAULTS_FAULT_TEST_UTIL_H_
#define LEADGW_TESTS_FAULTS_FAULT_TEST_UTIL_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "emulators/hotprofile/hotprofile_emulator.h"
#include "emulators/marketo/marketo_emulator.h"
#include "grpcpp/grpcpp.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing::faults {

// Credentials the emulators accept; the gateway reads them from the environment
// variables GatewayEnv() sets, as in production.
inline constexpr char kMarketoClientId[] = "faults-client";
inline constexpr char kMarketoSecret[] = "faults-marketo-secret-8c2e";
inline constexpr char kHotProfileKey[] = "faults-hotprofile-key-41d7";

// Marketo credentials block for a connection in a config template.
inline constexpr char kMarketoCredentials[] =
    R"("marketo": {"clientId": {"env": "FAULTS_MKTO_ID"},
                   "clientSecret": {"env": "FAULTS_MKTO_SECRET"}})";
// HotProfile credentials block for a connection in a config template.
inline constexpr char kHotProfileCredentials[] =
    R"("hotprofile": {"apiKey": {"env": "FAULTS_HP_KEY"}})";

// The environment holding the secrets named by the credential blocks above.
std::vector<std::pair<std::string, std::string>> GatewayEnv();

// A Marketo emulator with the test credentials, started on a loopback port. Null (and a
// test failure recorded) if it cannot start.
std::unique_ptr<emulators::marketo::MarketoEmulator> StartMarketo(
    emulators::marketo::MarketoEmulatorOptions options);

// A HotProfile emulator with the test key, started on a loopback port. Null (and a test
// failure recorded) if it cannot start.
std::unique_ptr<emulators::hotprofile::HotProfileEmulator> StartHotProfile(
    emulators::hotprofile::HotProfileEmulatorOptions options);

// Starts the gateway with `config_template` after replacing each key of `urls` (e.g.
// "MKTO_URL") by its value and the placeholders MARKETO_CREDENTIALS and
// HOTPROFILE_CREDENTIALS by the blocks above, with the secrets' environment (GatewayEnv()).
absl::StatusOr<std::unique_ptr<GatewayProcess>> StartGateway(
    absl::string_view config_template, const std::map<std::string, std::string>& urls);

// A client context whose deadline is `timeout` from now.
std::unique_ptr<grpc::ClientContext> ContextWithTimeout(absl::Duration timeout);

// The google.rpc.RetryInfo delay of a failed RPC; nullopt when its details carry none.
std::optional<absl::Duration> RetryDelayOf(const grpc::Status& status);

// GET /metrics from the gateway's metrics port; the body on HTTP 200.
absl::StatusOr<std::string> ScrapeMetrics(int metrics_port);

// Sum of the samples of `family` (exact metric name, e.g.
// "leadgw_upstream_requests_total") whose labels include every pair of `labels`.
// Comment and HELP/TYPE lines are ignored; unparsable values count as zero.
double SumMetric(absl::string_view exposition, absl::string_view family,
                 const std::map<std::string, std::string>& labels = {});

// The q-quantile (0 <= q <= 1, nearest rank) of `values`; zero for an empty input.
absl::Duration Quantile(std::vector<absl::Duration> values, double q);

// Runs body(i) for i in [0, threads) on that many threads at once and joins them.
void RunOnThreads(int threads, const std::function<void(int)>& body);

}  // namespace leadgw::testing::faults

#endif  // LEADGW_TESTS_FAULTS_FAULT_TEST_UTIL_H_
