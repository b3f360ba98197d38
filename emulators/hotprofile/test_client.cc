#include "emulators/hotprofile/test_client.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::hotprofile::testing {
namespace {

std::string Encode(const std::string& text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      absl::StrAppendFormat(&out, "%%%02X", byte);
    }
  }
  return out;
}

}  // namespace

std::string EncodeQuery(const Query& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    if (!out.empty()) out.push_back('&');
    absl::StrAppend(&out, Encode(name), "=", Encode(value));
  }
  return out;
}

TestClient::TestClient(const std::string& base_url, std::string api_key)
    : client_(base_url), api_key_(std::move(api_key)) {
  // The query is already encoded; httplib must send it byte for byte.
  client_.set_url_encode(false);
  client_.set_read_timeout(10, 0);
}

HttpResult TestClient::Call(const std::string& method, const std::string& path_and_query) {
  httplib::Result result = method == "GET"      ? client_.Get(path_and_query.c_str())
                           : method == "DELETE" ? client_.Delete(path_and_query.c_str())
                           : method == "PUT"    ? client_.Put(path_and_query.c_str())
                                                : client_.Post(path_and_query.c_str());
  return ToResult(std::move(result));
}

HttpResult TestClient::ToResult(httplib::Result result) {
  HttpResult out;
  if (!result) return out;
  out.status = result->status;
  out.body = result->body;
  out.headers = result->headers;
  rapidjson::Document json;
  json.Parse(out.body.c_str());
  if (!json.HasParseError() && json.IsObject()) out.json = std::move(json);
  return out;
}

HttpResult TestClient::Post(const std::string& endpoint, const Query& query) {
  Query full;
  if (!api_key_.empty()) full.emplace_back("api_key", api_key_);
  full.insert(full.end(), query.begin(), query.end());
  return Call("POST", absl::StrCat("/rest_api/v1/", endpoint, "?", EncodeQuery(full)));
}

HttpResult TestClient::PostForm(const std::string& endpoint, const Query& form) {
  return Send(endpoint, EncodeQuery(form), "application/x-www-form-urlencoded");
}

HttpResult TestClient::PostJson(const std::string& endpoint, const std::string& json) {
  return Send(endpoint, json, "application/json");
}

HttpResult TestClient::Send(const std::string& endpoint, const std::string& body,
                            const std::string& content_type) {
  const std::string path =
      absl::StrCat("/rest_api/v1/", endpoint, "?", EncodeQuery({{"api_key", api_key_}}));
  return ToResult(client_.Post(path.c_str(), body, content_type.c_str()));
}

int64_t TestClient::Create(const std::string& object, const Query& query) {
  HttpResult result = Post(object + "/create", query);
  EXPECT_EQ(result.status, 200) << result.body;
  if (result.status != 200 || !result.json.IsObject() || !result.json.HasMember("id") ||
      !result.json["id"].IsInt64()) {
    ADD_FAILURE() << "create " << object << " failed: " << result.body;
    return -1;
  }
  return result.json["id"].GetInt64();
}

std::vector<int64_t> TestClient::ListIds(const std::string& object, const Query& query) {
  const std::string endpoint = object == "business_cards" ? "business_cards/get_entry_list"
                                                          : object + "/get_entry_list_flow";
  HttpResult result = Post(endpoint, query);
  std::vector<int64_t> ids;
  if (result.status != 200 || !result.json.IsObject() || !result.json.HasMember(object.c_str()) ||
      !result.json[object.c_str()].IsArray()) {
    ADD_FAILURE() << "list " << object << " failed: " << result.status << " " << result.body;
    return ids;
  }
  for (const auto& item : result.json[object.c_str()].GetArray()) {
    if (item.IsObject() && item.HasMember("id") && item["id"].IsInt64()) {
      ids.push_back(item["id"].GetInt64());
    }
  }
  return ids;
}

absl::Time JapanTime(int year, int month, int day, int hour, int minute, int second) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                         absl::FixedTimeZone(9 * 60 * 60));
}

}  // namespace leadgw::emulators::hotprofile::testing
