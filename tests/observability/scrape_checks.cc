#include "tests/observability/scrape_checks.h"

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace leadgw::testing::observability {
namespace {

// The closed value sets of docs/metrics.md, keyed by label (or by label and meaning where
// one name has two sets).
const std::set<std::string>* DocumentedValues(const std::string& family, const std::string& label) {
  static const auto* const kSets = new std::map<std::string, std::set<std::string>>{
      {"backend", {"marketo", "hotprofile"}},
      {"outcome",
       {"ok", "rate_limited", "quota_exhausted", "auth_error", "client_error", "server_error",
        "timeout", "connection_error", "circuit_open", "no_capacity"}},
      {"auth_outcome", {"ok", "error"}},
      {"grpc_code",
       {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED"}},
      {"rate_limit_code", {"606", "607", "615", "429"}},
      {"priority", {"interactive", "bulk"}},
      {"retry_reason",
       {"rate_limited", "server_error", "timeout", "connection_error", "auth_refresh"}},
      {"rejection_reason", {"rate_window", "daily_quota", "concurrency", "deadline"}},
      {"state", {"closed", "half_open", "open"}},
      {"status", {"created", "updated", "deleted", "skipped", "failed", "outcome_unknown"}},
      {"result", {"miss", "hit", "conflict"}},
      {"job_result", {"ok", "retry", "parked", "rejected"}},
      {"job_state", {"done", "cancelled", "expired"}},
      {"kind",
       {"upsert_leads", "delete_leads", "push_leads", "update_lead_partitions",
        "create_companies", "update_companies", "create_business_cards",
        "update_business_cards"}},
      {"stage", {"before_send", "waiting", "in_flight"}},
      {"permission", {"read", "write", "delete", "schema", "identity"}},
      {"decision", {"allowed", "denied"}},
      // The quantiles of prometheus-cpp's exposer_request_latencies summary
      // (docs/metrics.md, "Exposer").
      {"quantile", {"0.5", "0.9", "0.99"}},
      {"op",
       {"window_admit", "window_close", "window_rate_limited", "key_unlock", "set", "zrem",
        "idempotency_begin", "idempotency_complete", "idempotency_abandon"}},
  };
  std::string key = label;
  if (label == "code") {
    key = family == "leadgw_upstream_rate_limited_total" ? "rate_limit_code" : "grpc_code";
  } else if (label == "reason") {
    key = family == "leadgw_quota_rejections_total" ? "rejection_reason" : "retry_reason";
  } else if (label == "result" && family == "leadgw_job_attempts_total") {
    key = "job_result";
  } else if (label == "state" && family == "leadgw_jobs_finished_total") {
    key = "job_state";
  } else if (label == "outcome" && family == "leadgw_auth_token_refreshes_total") {
    key = "auth_outcome";  // the auth table: `outcome` = `ok` or `error`
  }
  auto it = kSets->find(key);
  return it == kSets->end() ? nullptr : &it->second;
}

template <typename Predicate>
bool AllOf(absl::string_view text, Predicate predicate) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!predicate(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsIdentifierChar(unsigned char c) { return absl::ascii_isalnum(c) || c == '_'; }
bool IsLowerSnakeChar(unsigned char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
}
bool IsDigit(unsigned char c) { return absl::ascii_isdigit(c); }
bool IsHexDigit(unsigned char c) { return absl::ascii_isxdigit(c); }

// "leadgateway.v1.LeadService/GetLead", or "other" for RPCs outside the operation table.
bool IsMethodName(absl::string_view value) {
  if (value == "other") return true;
  const size_t slash = value.find('/');
  if (slash == absl::string_view::npos) return false;
  const absl::string_view service = value.substr(0, slash);
  return absl::StartsWith(service, "leadgateway.v1.") && absl::EndsWith(service, "Service") &&
         AllOf(service.substr(15), IsIdentifierChar) &&
         AllOf(value.substr(slash + 1), IsIdentifierChar);
}

// `problem`, unless the value is `acceptable`.
std::optional<std::string> ProblemUnless(bool acceptable, const char* problem) {
  if (acceptable) return std::nullopt;
  return problem;
}

}  // namespace

std::optional<std::string> LabelValueProblem(const std::string& family, const std::string& label,
                                             const std::string& value,
                                             const std::set<std::string>& connections) {
  if (absl::StrContains(value, '@')) return "contains '@'";
  if (label != "method" && absl::StrContains(value, '/')) return "contains '/'";
  if (label != "code" && label != "le" && label != "revision" && AllOf(value, IsDigit)) {
    return "is a number (an id?)";
  }
  if (label == "le") return std::nullopt;
  if (label == "connection") {
    return ProblemUnless(connections.count(value) > 0, "is not a configured connection");
  }
  if (const std::set<std::string>* allowed = DocumentedValues(family, label)) {
    return ProblemUnless(allowed->count(value) > 0, "is not a documented value");
  }
  if (label == "method") return ProblemUnless(IsMethodName(value), "is not a gRPC method name");
  if (label == "endpoint") {
    return ProblemUnless(AllOf(value, IsLowerSnakeChar), "is not an endpoint name");
  }
  if (label == "operation") {
    return ProblemUnless(AllOf(value, IsIdentifierChar) && absl::ascii_isupper(value[0]),
                         "is not an RPC name");
  }
  if (label == "caller") {
    // Configured caller names (1-40 of a-z 0-9 _ -), or "unidentified".
    return ProblemUnless(
        !value.empty() && value.size() <= 40 &&
            AllOf(value, [](unsigned char c) { return IsLowerSnakeChar(c) || c == '-'; }),
        "is not a caller name");
  }
  if (label == "version") {
    return ProblemUnless(!value.empty() && absl::ascii_isdigit(value[0]), "is not a version");
  }
  if (label == "revision") {
    absl::string_view hash = value;
    absl::ConsumeSuffix(&hash, "-dirty");
    return ProblemUnless(value == "unknown" || AllOf(hash, IsHexDigit), "is not a git revision");
  }
  return "has no documented value set";
}

std::vector<const Sample*> SeriesIndex::Find(
    const std::string& family, const std::string& sample_name,
    const std::map<std::string, std::string>& labels) const {
  std::vector<const Sample*> found;
  auto it = families_.find(family);
  if (it == families_.end()) return found;
  for (const Sample& sample : it->second.samples) {
    if (sample.name != sample_name) continue;
    bool match = true;
    for (const auto& [name, value] : labels) {
      auto label = sample.labels.find(name);
      match = match && label != sample.labels.end() && label->second == value;
    }
    if (match) found.push_back(&sample);
  }
  return found;
}

double SeriesIndex::Sum(const std::string& family,
                        const std::map<std::string, std::string>& labels) const {
  std::vector<const Sample*> found = Find(family, family, labels);
  if (found.empty()) return -1;
  double sum = 0;
  for (const Sample* sample : found) sum += sample->value;
  return sum;
}

}  // namespace leadgw::testing::observability
