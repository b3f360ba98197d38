#include "tests/faults/fault_test_util.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace leadgw::testing::faults {
namespace {

namespace mkto = ::leadgw::emulators::marketo;
namespace hp = ::leadgw::emulators::hotprofile;

// Parses `{a="x",b="y"}` (without the braces) into a map. Values are taken verbatim
// between their quotes; a backslash escapes the next character.
std::map<std::string, std::string> ParseLabels(absl::string_view text) {
  std::map<std::string, std::string> labels;
  size_t i = 0;
  while (i < text.size()) {
    const size_t eq = text.find('=', i);
    if (eq == absl::string_view::npos || eq + 1 >= text.size() || text[eq + 1] != '"') break;
    const std::string name(absl::StripAsciiWhitespace(text.substr(i, eq - i)));
    std::string value;
    size_t j = eq + 2;
    for (; j < text.size() && text[j] != '"'; ++j) {
      if (text[j] == '\\' && j + 1 < text.size()) ++j;
      value.push_back(text[j]);
    }
    labels[name] = value;
    i = j + 1;
    if (i < text.size() && text[i] == ',') ++i;
  }
  return labels;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> GatewayEnv() {
  return {{"FAULTS_MKTO_ID", kMarketoClientId},
          {"FAULTS_MKTO_SECRET", kMarketoSecret},
          {"FAULTS_HP_KEY", kHotProfileKey}};
}

std::unique_ptr<mkto::MarketoEmulator> StartMarketo(mkto::MarketoEmulatorOptions options) {
  options.client_id = kMarketoClientId;
  options.client_secret = kMarketoSecret;
  auto emulator = std::make_unique<mkto::MarketoEmulator>(options);
  absl::StatusOr<int> port = emulator->Start();
  if (!port.ok()) {
    ADD_FAILURE() << "Marketo emulator did not start: " << port.status();
    return nullptr;
  }
  return emulator;
}

std::unique_ptr<hp::HotProfileEmulator> StartHotProfile(hp::HotProfileEmulatorOptions options) {
  options.api_key = kHotProfileKey;
  auto emulator = std::make_unique<hp::HotProfileEmulator>(options);
  absl::StatusOr<int> port = emulator->Start();
  if (!port.ok()) {
    ADD_FAILURE() << "HotProfile emulator did not start: " << port.status();
    return nullptr;
  }
  return emulator;
}

absl::StatusOr<std::unique_ptr<GatewayProcess>> StartGateway(
    absl::string_view config_template, const std::map<std::string, std::string>& urls) {
  std::vector<std::pair<const absl::string_view, absl::string_view>> replacements;
  replacements.reserve(urls.size() + 2);
  for (const auto& [key, url] : urls) replacements.emplace_back(key, url);
  replacements.emplace_back("MARKETO_CREDENTIALS", kMarketoCredentials);
  replacements.emplace_back("HOTPROFILE_CREDENTIALS", kHotProfileCredentials);
  GatewayProcessOptions options;
  options.config = absl::StrReplaceAll(config_template, replacements);
  options.env = GatewayEnv();
  return GatewayProcess::Start(options);
}

std::unique_ptr<grpc::ClientContext> ContextWithTimeout(absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(timeout));
  return context;
}

std::optional<absl::Duration> RetryDelayOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const auto& any : details.details()) {
    google::rpc::RetryInfo info;
    if (any.UnpackTo(&info)) {
      return absl::Seconds(info.retry_delay().seconds()) +
             absl::Nanoseconds(info.retry_delay().nanos());
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::string> ScrapeMetrics(int metrics_port) {
  httplib::Client client("127.0.0.1", metrics_port);
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  auto response = client.Get("/metrics");
  if (!response) return absl::UnavailableError("no answer from /metrics");
  if (response->status != 200) {
    return absl::UnavailableError(absl::StrCat("/metrics answered HTTP ", response->status));
  }
  return response->body;
}

double SumMetric(absl::string_view exposition, absl::string_view family,
                 const std::map<std::string, std::string>& labels) {
  double sum = 0;
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t name_end = line.find_first_of("{ ");
    if (name_end == absl::string_view::npos || line.substr(0, name_end) != family) continue;
    std::map<std::string, std::string> found;
    absl::string_view rest = line.substr(name_end);
    if (rest[0] == '{') {
      const size_t close = rest.rfind('}');
      if (close == absl::string_view::npos) continue;
      found = ParseLabels(rest.substr(1, close - 1));
      rest = rest.substr(close + 1);
    }
    bool match = true;
    for (const auto& [name, value] : labels) {
      auto it = found.find(name);
      if (it == found.end() || it->second != value) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    std::vector<absl::string_view> fields =
        absl::StrSplit(absl::StripAsciiWhitespace(rest), ' ', absl::SkipEmpty());
    double value = 0;
    if (!fields.empty() && absl::SimpleAtod(fields[0], &value)) sum += value;
  }
  return sum;
}

absl::Duration Quantile(std::vector<absl::Duration> values, double q) {
  if (values.empty()) return absl::ZeroDuration();
  std::sort(values.begin(), values.end());
  const double clamped = std::min(std::max(q, 0.0), 1.0);
  const size_t rank = static_cast<size_t>(clamped * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

void RunOnThreads(int threads, const std::function<void(int)>& body) {
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (int i = 0; i < threads; ++i) workers.emplace_back(body, i);
  for (std::thread& worker : workers) worker.join();
}

}  // namespace leadgw::testing::faults
