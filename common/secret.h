// Secret: a credential that must never reach a log line, an error or a metric label.
//
// It has no stream operator and no implicit conversion; the value is read only through
// the deliberately named `expose()`, so every use is visible in review.
#ifndef LEADGW_COMMON_SECRET_H_
#define LEADGW_COMMON_SECRET_H_

#include <string>
#include <utility>

namespace leadgw {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The secret itself, for building an upstream request. Never log the result.
  const std::string& expose() const { return value_; }
  bool empty() const { return value_.empty(); }

  // What to print instead of the secret.
  static constexpr const char* kRedacted = "[redacted]";

 private:
  std::string value_;
};

}  // namespace leadgw

#endif  // LEADGW_COMMON_SECRET_H_
