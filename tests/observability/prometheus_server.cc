#include "tests/observability/prometheus_server.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "httplib.h"
#include "rapidjson/document.h"
#include "tests/observability/run_command.h"

namespace leadgw::testing::observability {
namespace {

constexpr int kStartAttempts = 3;

std::string Config(const std::string& job, const std::vector<std::string>& targets) {
  std::vector<std::string> quoted;
  for (const std::string& target : targets) quoted.push_back(absl::StrCat("'", target, "'"));
  return absl::StrCat(
      "global:\n"
      "  scrape_interval: 1s\n"
      "  scrape_timeout: 1s\n"
      "  evaluation_interval: 1s\n"
      "scrape_configs:\n"
      "  - job_name: '",
      job,
      "'\n"
      "    static_configs:\n"
      "      - targets: [",
      absl::StrJoin(quoted, ", "), "]\n");
}

std::string StringMember(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject() || !object.HasMember(name) || !object[name].IsString()) return "";
  return object[name].GetString();
}

// The body of a /api/v1/query answer -> its instant vector.
absl::StatusOr<std::vector<QueryResult>> ParseVector(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat("not JSON: ", body));
  }
  if (StringMember(doc, "status") != "success") {
    return absl::InvalidArgumentError(absl::StrCat("query failed: ", body));
  }
  if (!doc.HasMember("data") || !doc["data"].IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat("no data: ", body));
  }
  const rapidjson::Value& data = doc["data"];
  if (StringMember(data, "resultType") != "vector" || !data.HasMember("result") ||
      !data["result"].IsArray()) {
    return absl::InvalidArgumentError(absl::StrCat("not an instant vector: ", body));
  }
  std::vector<QueryResult> results;
  for (const rapidjson::Value& element : data["result"].GetArray()) {
    if (!element.IsObject() || !element.HasMember("metric") || !element["metric"].IsObject() ||
        !element.HasMember("value") || !element["value"].IsArray() ||
        element["value"].Size() != 2 || !element["value"][1].IsString()) {
      return absl::InvalidArgumentError(absl::StrCat("malformed vector element: ", body));
    }
    QueryResult result;
    for (const auto& label : element["metric"].GetObject()) {
      if (label.value.IsString()) result.labels[label.name.GetString()] = label.value.GetString();
    }
    result.value = element["value"][1].GetString();
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace

std::string PrometheusServer::BinaryPath() {
  const char* path = std::getenv("LEADGW_PROMETHEUS");
  return path != nullptr ? path : "/usr/bin/prometheus";
}

absl::StatusOr<std::unique_ptr<PrometheusServer>> PrometheusServer::Start(
    const std::string& job, const std::vector<std::string>& targets, absl::Duration timeout) {
  const std::string binary = BinaryPath();
  if (::access(binary.c_str(), X_OK) != 0) {
    return absl::NotFoundError(
        absl::StrCat(binary,
                     " is missing: install the Debian package `prometheus` "
                     "(apt-get install --no-install-recommends prometheus)"));
  }
  const std::string dir = MakeTempDir();
  if (dir.empty()) return absl::InternalError("cannot create a temporary directory");
  const std::string config_path = absl::StrCat(dir, "/prometheus.yml");
  {
    std::ofstream out(config_path);
    out << Config(job, targets);
  }
  // Debian's defaults point at /etc/prometheus/console*; empty directories keep the test
  // independent of what the package installed there.
  const std::string consoles = MakeTempDir();
  std::string last_log;
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    std::unique_ptr<PrometheusServer> server(new PrometheusServer());
    server->port_ = PickFreeLoopbackPort();
    if (server->port_ == 0) return absl::InternalError("no free loopback port");
    server->log_path_ = absl::StrCat(dir, "/prometheus-", attempt, ".log");
    const std::string storage = MakeTempDir();
    absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(
        {binary, absl::StrCat("--config.file=", config_path),
         absl::StrCat("--storage.tsdb.path=", storage),
         absl::StrCat("--web.listen-address=127.0.0.1:", server->port_),
         absl::StrCat("--web.console.templates=", consoles),
         absl::StrCat("--web.console.libraries=", consoles), "--log.level=warn"},
        {}, server->log_path_);
    if (!process.ok()) return process.status();
    server->process_ = *std::move(process);

    httplib::Client client("127.0.0.1", server->port_);
    client.set_connection_timeout(1, 0);
    client.set_read_timeout(2, 0);
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline && !server->process_->Poll().has_value()) {
      httplib::Result ready = client.Get("/-/ready");
      if (ready && ready->status == 200) return server;
      absl::SleepFor(absl::Milliseconds(100));
    }
    last_log = server->Log();
    if (!server->process_->Poll().has_value()) break;  // running but not ready: give up
  }
  return absl::UnavailableError(
      absl::StrCat("prometheus did not become ready; its log:\n", last_log));
}

PrometheusServer::~PrometheusServer() {
  if (process_ != nullptr && !process_->Poll().has_value()) {
    (void)process_->Stop(SIGTERM, absl::Seconds(10));
  }
}

absl::StatusOr<std::vector<QueryResult>> PrometheusServer::Query(const std::string& promql) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(5, 0);
  httplib::Result answer =
      client.Get("/api/v1/query", httplib::Params{{"query", promql}}, httplib::Headers{});
  if (!answer) return absl::UnavailableError("prometheus did not answer /api/v1/query");
  return ParseVector(answer->body);
}

absl::StatusOr<std::vector<QueryResult>> PrometheusServer::QueryUntilNotEmpty(
    const std::string& promql, absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  std::string last = "empty vector";
  while (true) {
    absl::StatusOr<std::vector<QueryResult>> results = Query(promql);
    if (results.ok() && !results->empty()) return results;
    if (!results.ok()) last = results.status().ToString();
    if (absl::Now() >= deadline) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return absl::DeadlineExceededError(absl::StrCat("query '", promql, "' had no result within ",
                                                  absl::FormatDuration(timeout), ": ", last));
}

}  // namespace leadgw::testing::observability
