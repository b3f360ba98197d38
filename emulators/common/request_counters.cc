#include "emulators/common/request_counters.h"

#include "emulators/common/json_util.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::common {

void RequestCounters::RecordRequest(absl::string_view endpoint) {
  absl::MutexLock lock(&mu_);
  ++data_.requests[std::string(endpoint)];
}

void RequestCounters::RecordOutcome(absl::string_view endpoint,
                                    absl::string_view outcome) {
  absl::MutexLock lock(&mu_);
  ++data_.outcomes[{std::string(endpoint), std::string(outcome)}];
}

int64_t RequestCounters::Requests(absl::string_view endpoint) const {
  absl::MutexLock lock(&mu_);
  auto it = data_.requests.find(std::string(endpoint));
  return it == data_.requests.end() ? 0 : it->second;
}

int64_t RequestCounters::Outcomes(absl::string_view endpoint,
                                  absl::string_view outcome) const {
  absl::MutexLock lock(&mu_);
  auto it = data_.outcomes.find({std::string(endpoint), std::string(outcome)});
  return it == data_.outcomes.end() ? 0 : it->second;
}

int64_t RequestCounters::OutcomesForCode(absl::string_view outcome) const {
  absl::MutexLock lock(&mu_);
  int64_t total = 0;
  for (const auto& [key, count] : data_.outcomes) {
    if (key.second == outcome) total += count;
  }
  return total;
}

int64_t RequestCounters::TotalRequests() const {
  absl::MutexLock lock(&mu_);
  int64_t total = 0;
  for (const auto& [endpoint, count] : data_.requests) total += count;
  return total;
}

CounterSnapshot RequestCounters::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return data_;
}

std::string RequestCounters::ToJson() const {
  CounterSnapshot snap = Snapshot();
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& alloc = doc.GetAllocator();
  int64_t total = 0;
  rapidjson::Value requests(rapidjson::kObjectType);
  for (const auto& [endpoint, count] : snap.requests) {
    total += count;
    requests.AddMember(rapidjson::Value(endpoint.c_str(), alloc), rapidjson::Value(count), alloc);
  }
  rapidjson::Value outcomes(rapidjson::kObjectType);
  for (const auto& [key, count] : snap.outcomes) {
    auto it = outcomes.FindMember(key.first.c_str());
    if (it == outcomes.MemberEnd()) {
      outcomes.AddMember(rapidjson::Value(key.first.c_str(), alloc),
                         rapidjson::Value(rapidjson::kObjectType), alloc);
      it = outcomes.FindMember(key.first.c_str());
    }
    it->value.AddMember(rapidjson::Value(key.second.c_str(), alloc), rapidjson::Value(count),
                        alloc);
  }
  doc.AddMember("total_requests", total, alloc);
  doc.AddMember("requests", requests, alloc);
  doc.AddMember("outcomes", outcomes, alloc);
  return ToJsonString(doc);
}

void RequestCounters::Reset() {
  absl::MutexLock lock(&mu_);
  data_ = CounterSnapshot();
}

}  // namespace leadgw::emulators::common
