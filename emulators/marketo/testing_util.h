// Test helpers: a started MarketoEmulator with an httplib client and a valid token.
#ifndef LEADGW_EMULATORS_MARKETO_TESTING_UTIL_H_
#define LEADGW_EMULATORS_MARKETO_TESTING_UTIL_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "emulators/marketo/marketo_emulator.h"
#include "httplib.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::marketo::testing {

// An HTTP answer with its body parsed (Document is null when the body is not JSON).
struct JsonAnswer {
  int status = 0;  // 0: transport failure (no answer)
  std::string body;
  rapidjson::Document json;

  // errors[0].code of an error envelope, or "".
  std::string ErrorCode() const;
  bool Success() const;
  // result array size (0 when absent).
  size_t ResultSize() const;
  const rapidjson::Value& Result(size_t i) const;
};

// Owns a started emulator and a client bound to it.
class EmulatorHarness {
 public:
  explicit EmulatorHarness(MarketoEmulatorOptions options = MarketoEmulatorOptions());

  MarketoEmulator& emulator() { return *emulator_; }
  // Fetches a token through the identity endpoint (and remembers it).
  std::string FetchToken();
  void set_token(std::string token) { token_ = std::move(token); }

  // Authenticated calls (Authorization: Bearer <token>).
  JsonAnswer Get(const std::string& path_and_query);
  JsonAnswer PostJson(const std::string& path_and_query, const std::string& json);
  JsonAnswer PostForm(const std::string& path_and_query, const std::string& form);
  JsonAnswer Delete(const std::string& path_and_query, const std::string& json);
  // Without any Authorization header.
  JsonAnswer GetAnonymous(const std::string& path_and_query);
  // A fresh client, e.g. one per thread.
  std::unique_ptr<httplib::Client> NewClient() const;

 private:
  httplib::Headers AuthHeaders() const;

  std::unique_ptr<MarketoEmulator> emulator_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
};

// Wraps an httplib result.
JsonAnswer ToAnswer(const httplib::Result& result);

}  // namespace leadgw::emulators::marketo::testing

#endif  // LEADGW_EMULATORS_MARKETO_TESTING_UTIL_H_
