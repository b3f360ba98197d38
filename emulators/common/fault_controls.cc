#include "emulators/common/fault_controls.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "emulators/common/json_util.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::common {
namespace {

absl::Status Validate(const FaultConfig& config) {
  if (config.latency < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("latency must not be negative");
  }
  auto valid_rate = [](double r) { return std::isfinite(r) && r >= 0.0 && r <= 1.0; };
  if (!valid_rate(config.stall_rate)) {
    return absl::InvalidArgumentError("stall_rate must be within [0, 1]");
  }
  if (config.stall < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("stall_ms must not be negative");
  }
  if (!valid_rate(config.drop_rate)) {
    return absl::InvalidArgumentError("drop_rate must be within [0, 1]");
  }
  double sum = 0.0;
  for (const auto& [code, rate] : config.error_rates) {
    if (code.empty()) return absl::InvalidArgumentError("error code must not be empty");
    if (!valid_rate(rate)) {
      return absl::InvalidArgumentError(
          absl::StrCat("error rate for ", code, " must be within [0, 1]"));
    }
    sum += rate;
  }
  if (sum > 1.0 + 1e-9) {
    return absl::InvalidArgumentError("error rates must sum to at most 1");
  }
  return absl::OkStatus();
}

absl::Status ReadRate(const rapidjson::Value& v, const char* what, double* out) {
  if (!v.IsNumber()) return absl::InvalidArgumentError(absl::StrCat(what, " must be a number"));
  *out = v.GetDouble();
  return absl::OkStatus();
}

}  // namespace

FaultControls::FaultControls() : rng_(std::random_device{}()) {}

absl::Status FaultControls::Set(const FaultConfig& config) {
  absl::Status status = Validate(config);
  if (!status.ok()) return status;
  absl::MutexLock lock(&mu_);
  config_ = config;
  return absl::OkStatus();
}

FaultConfig FaultControls::Get() const {
  absl::MutexLock lock(&mu_);
  return config_;
}

absl::Status FaultControls::ApplyJson(absl::string_view json) {
  auto parsed = ParseJsonObject(json);
  if (!parsed.ok()) return parsed.status();
  const rapidjson::Document& doc = *parsed;
  FaultConfig next = Get();
  bool has_seed = false;
  uint64_t seed = 0;
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    const std::string key(it->name.GetString(), it->name.GetStringLength());
    const rapidjson::Value& v = it->value;
    if (key == "latency_ms") {
      if (!v.IsNumber()) return absl::InvalidArgumentError("latency_ms must be a number");
      next.latency = absl::Milliseconds(v.GetDouble());
    } else if (key == "error_rates") {
      if (!v.IsObject()) return absl::InvalidArgumentError("error_rates must be an object");
      next.error_rates.clear();
      for (auto e = v.MemberBegin(); e != v.MemberEnd(); ++e) {
        double rate = 0;
        absl::Status s = ReadRate(e->value, "error rate", &rate);
        if (!s.ok()) return s;
        next.error_rates[std::string(e->name.GetString(), e->name.GetStringLength())] = rate;
      }
    } else if (key == "drop_rate") {
      absl::Status s = ReadRate(v, "drop_rate", &next.drop_rate);
      if (!s.ok()) return s;
    } else if (key == "stall_rate") {
      absl::Status s = ReadRate(v, "stall_rate", &next.stall_rate);
      if (!s.ok()) return s;
    } else if (key == "stall_ms") {
      if (!v.IsNumber()) return absl::InvalidArgumentError("stall_ms must be a number");
      next.stall = absl::Milliseconds(v.GetDouble());
    } else if (key == "down") {
      if (!v.IsBool()) return absl::InvalidArgumentError("down must be a boolean");
      next.down = v.GetBool();
    } else if (key == "expire_tokens") {
      if (!v.IsBool()) return absl::InvalidArgumentError("expire_tokens must be a boolean");
      next.expire_tokens = v.GetBool();
    } else if (key == "seed") {
      if (!v.IsUint64()) return absl::InvalidArgumentError("seed must be an unsigned integer");
      has_seed = true;
      seed = v.GetUint64();
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown fault knob: ", key));
    }
  }
  absl::Status status = Validate(next);
  if (!status.ok()) return status;
  absl::MutexLock lock(&mu_);
  config_ = std::move(next);
  if (has_seed) rng_.seed(seed);
  return absl::OkStatus();
}

std::string FaultControls::ToJson() const {
  FaultConfig config = Get();
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  doc.AddMember("latency_ms", absl::ToDoubleMilliseconds(config.latency), alloc);
  rapidjson::Value rates(rapidjson::kObjectType);
  for (const auto& [code, rate] : config.error_rates) {
    rates.AddMember(rapidjson::Value(code.c_str(), alloc), rapidjson::Value(rate), alloc);
  }
  doc.AddMember("error_rates", rates, alloc);
  doc.AddMember("drop_rate", config.drop_rate, alloc);
  doc.AddMember("stall_rate", config.stall_rate, alloc);
  doc.AddMember("stall_ms", absl::ToDoubleMilliseconds(config.stall), alloc);
  doc.AddMember("down", config.down, alloc);
  doc.AddMember("expire_tokens", config.expire_tokens, alloc);
  return ToJsonString(doc);
}

void FaultControls::Reset() {
  absl::MutexLock lock(&mu_);
  config_ = FaultConfig();
}

void FaultControls::Seed(uint64_t seed) {
  absl::MutexLock lock(&mu_);
  rng_.seed(seed);
}

FaultDecision FaultControls::Decide() {
  absl::MutexLock lock(&mu_);
  FaultDecision decision;
  decision.latency = config_.latency;
  decision.down = config_.down;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  // Draw only for knobs in use, so enabling one knob does not shift another's sequence
  // when the other is unused.
  if (config_.drop_rate > 0.0 && uniform(rng_) < config_.drop_rate) {
    decision.drop = true;
    return decision;
  }
  if (config_.stall_rate > 0.0 && uniform(rng_) < config_.stall_rate) {
    decision.latency += config_.stall;
  }
  if (!config_.error_rates.empty()) {
    const double draw = uniform(rng_);
    double upper = 0.0;
    for (const auto& [code, rate] : config_.error_rates) {
      upper += rate;
      if (draw < upper) {
        decision.error_code = code;
        break;
      }
    }
  }
  return decision;
}

bool FaultControls::ConsumeTokenExpiry() {
  absl::MutexLock lock(&mu_);
  const bool expire = config_.expire_tokens;
  config_.expire_tokens = false;
  return expire;
}

}  // namespace leadgw::emulators::common
