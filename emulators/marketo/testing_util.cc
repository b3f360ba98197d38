#include "emulators/marketo/testing_util.h"

#include <utility>

namespace leadgw::emulators::marketo::testing {

std::string JsonAnswer::ErrorCode() const {
  if (!json.IsObject() || !json.HasMember("errors") || !json["errors"].IsArray() ||
      json["errors"].Empty() || !json["errors"][0].IsObject() ||
      !json["errors"][0].HasMember("code") || !json["errors"][0]["code"].IsString()) {
    return "";
  }
  return json["errors"][0]["code"].GetString();
}

bool JsonAnswer::Success() const {
  return json.IsObject() && json.HasMember("success") && json["success"].IsBool() &&
         json["success"].GetBool();
}

size_t JsonAnswer::ResultSize() const {
  if (!json.IsObject() || !json.HasMember("result") || !json["result"].IsArray()) return 0;
  return json["result"].Size();
}

const rapidjson::Value& JsonAnswer::Result(size_t i) const { return json["result"][i]; }

JsonAnswer ToAnswer(const httplib::Result& result) {
  JsonAnswer answer;
  if (!result) return answer;
  answer.status = result->status;
  answer.body = result->body;
  answer.json.Parse(answer.body.c_str());
  if (answer.json.HasParseError()) answer.json.SetNull();
  return answer;
}

EmulatorHarness::EmulatorHarness(MarketoEmulatorOptions options)
    : emulator_(std::make_unique<MarketoEmulator>(std::move(options))) {
  auto port = emulator_->Start();
  port_ = port.ok() ? *port : 0;
  client_ = NewClient();
}

std::unique_ptr<httplib::Client> EmulatorHarness::NewClient() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_read_timeout(10, 0);
  client->set_connection_timeout(5, 0);
  return client;
}

std::string EmulatorHarness::FetchToken() {
  JsonAnswer a = ToAnswer(client_->Get(
      "/identity/oauth/token?grant_type=client_credentials&client_id=sandbox-client"
      "&client_secret=sandbox-secret"));
  if (a.json.IsObject() && a.json.HasMember("access_token") &&
      a.json["access_token"].IsString()) {
    token_ = a.json["access_token"].GetString();
  }
  return token_;
}

httplib::Headers EmulatorHarness::AuthHeaders() const {
  return {{"Authorization", "Bearer " + token_}};
}

JsonAnswer EmulatorHarness::Get(const std::string& path_and_query) {
  return ToAnswer(client_->Get(path_and_query.c_str(), AuthHeaders()));
}

JsonAnswer EmulatorHarness::PostJson(const std::string& path_and_query,
                                     const std::string& json) {
  return ToAnswer(
      client_->Post(path_and_query.c_str(), AuthHeaders(), json, "application/json"));
}

JsonAnswer EmulatorHarness::PostForm(const std::string& path_and_query,
                                     const std::string& form) {
  return ToAnswer(client_->Post(path_and_query.c_str(), AuthHeaders(), form,
                                "application/x-www-form-urlencoded"));
}

JsonAnswer EmulatorHarness::Delete(const std::string& path_and_query,
                                   const std::string& json) {
  return ToAnswer(
      client_->Delete(path_and_query.c_str(), AuthHeaders(), json, "application/json"));
}

JsonAnswer EmulatorHarness::GetAnonymous(const std::string& path_and_query) {
  return ToAnswer(client_->Get(path_and_query.c_str()));
}

}  // namespace leadgw::emulators::marketo::testing
