#include "backends/marketo/errors.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

using absl::StatusCode;

using upstream::Outcome;

// The Marketo reference's error table (../shared/reference/marketo/NOTES.md (c)) read
// with abseil's guide, and what each answer means to the guard (retries, breaker, quota
// gate): the one table of Marketo codes. Codes absent here fall back by range in
// RuleFor() and are client errors.
struct CodeRule {
  absl::string_view code;
  StatusCode status;
  Outcome outcome = Outcome::kClientError;
};

constexpr CodeRule kRules[] = {
    {"601", StatusCode::kUnauthenticated, Outcome::kAuthError},  // only after the one refresh-and-replay failed
    {"602", StatusCode::kUnauthenticated, Outcome::kAuthError},
    {"603", StatusCode::kPermissionDenied},
    {"604", StatusCode::kUnavailable, Outcome::kServerError},  // timed out upstream: nothing was committed
    {"605", StatusCode::kInternal},     // wrong HTTP method: our bug
    {"606", StatusCode::kResourceExhausted, Outcome::kRateLimited},
    {"607", StatusCode::kResourceExhausted, Outcome::kQuotaExhausted},
    {"608", StatusCode::kUnavailable, Outcome::kServerError},
    {"609", StatusCode::kInternal},  // we sent invalid JSON
    {"610", StatusCode::kInternal},  // we called a path that does not exist
    {"611", StatusCode::kUnavailable, Outcome::kServerError},
    {"612", StatusCode::kInternal},  // we sent a wrong Content-Type
    {"613", StatusCode::kInternal},
    {"614", StatusCode::kUnavailable},
    {"615", StatusCode::kResourceExhausted, Outcome::kRateLimited},
    {"616", StatusCode::kFailedPrecondition},  // subscription not entitled
    {"701", StatusCode::kInvalidArgument},
    {"702", StatusCode::kNotFound},
    {"703", StatusCode::kFailedPrecondition},  // feature not enabled
    {"704", StatusCode::kInvalidArgument},
    {"712", StatusCode::kFailedPrecondition},
    {"713", StatusCode::kUnavailable, Outcome::kServerError},
    {"714", StatusCode::kFailedPrecondition},
    {"1001", StatusCode::kInvalidArgument},
    {"1002", StatusCode::kInvalidArgument},
    {"1003", StatusCode::kInvalidArgument},
    {"1004", StatusCode::kNotFound},
    {"1005", StatusCode::kAlreadyExists},
    {"1006", StatusCode::kInvalidArgument},
    {"1007", StatusCode::kFailedPrecondition},  // several leads match: data must change
    {"1008", StatusCode::kPermissionDenied},
    {"1011", StatusCode::kInvalidArgument},
    {"1012", StatusCode::kInvalidArgument},
    {"1013", StatusCode::kNotFound},
    {"1017", StatusCode::kAlreadyExists},
    {"1080", StatusCode::kInvalidArgument},
};

CodeRule RuleFor(absl::string_view code) {
  for (const CodeRule& rule : kRules) {
    if (rule.code == code) return rule;
  }
  int number = 0;
  if (!absl::SimpleAtoi(code, &number)) return {code, StatusCode::kUnknown};
  // 7xx: "the parameters were invalid"; 1xxx: record-level rules, never retryable.
  if (number >= 700 && number < 800) return {code, StatusCode::kInvalidArgument};
  if (number >= 1000) return {code, StatusCode::kFailedPrecondition};
  return {code, StatusCode::kUnknown};
}

std::string Where(const ErrorContext& context) {
  if (context.request_id.empty()) return absl::StrCat(" (", context.endpoint, ")");
  return absl::StrCat(" (", context.endpoint, ", requestId ", context.request_id, ")");
}

}  // namespace

bool IsTokenError(absl::string_view code) { return code == "601" || code == "602"; }

absl::Status MapApiError(absl::string_view code, absl::string_view message,
                         const ErrorContext& context) {
  const CodeRule rule = RuleFor(code);
  StatusCode status_code = rule.status;
  if (code == "1003" && absl::StrContains(absl::AsciiStrToLower(message), "too many results")) {
    status_code = StatusCode::kFailedPrecondition;
  }
  absl::Status status =
      upstream::UpstreamError(status_code, kBackendName, code, absl::StrCat(message, Where(context)));
  // 606 carries no wait: Marketo says to back off at least until its 20 s window has
  // passed, which is what the guard's gate does for a rate-limit answer without a hint.
  absl::Duration upstream_wait = absl::ZeroDuration();
  if (code == "615") {
    upstream_wait = kConcurrencyRetryAfter;
    upstream::SetRetryAfter(status, kConcurrencyRetryAfter);
  } else if (code == "607") {
    upstream::SetRetryAfter(status, NextDailyQuotaReset(context.now) - context.now);
  }
  upstream::SetOutcome(status, rule.outcome, upstream_wait);
  return status;
}

absl::Status MapHttpStatus(int http_status, const ErrorContext& context) {
  StatusCode code = StatusCode::kInternal;  // other 4xx: a request we should not have sent
  absl::string_view what = "unexpected HTTP status";
  if (http_status >= 500) {
    code = StatusCode::kUnavailable;
    what = "server error";
  } else if (http_status == 401) {
    code = StatusCode::kUnauthenticated;
    what = "bad client credentials";
  } else if (http_status == 403) {
    code = StatusCode::kPermissionDenied;
    what = "forbidden";
  } else if (http_status == 413) {
    code = StatusCode::kInvalidArgument;
    what = "request body over 1 MB; send fewer or smaller records";
  } else if (http_status == 429) {
    code = StatusCode::kResourceExhausted;
    what = "too many requests";
  } else if (http_status == 414) {
    what = "URI too long";
  }
  absl::Status status =
      upstream::UpstreamError(code, kBackendName, absl::StrCat(http_status),
                    absl::StrCat("HTTP ", http_status, " ", what, Where(context)));
  upstream::SetOutcome(status, upstream::OutcomeForHttpStatus(http_status));
  return status;
}

absl::Status Restated(const absl::Status& status, absl::StatusCode code,
                      absl::string_view message) {
  absl::Status out(code, message);
  status.ForEachPayload(
      [&out](absl::string_view url, const absl::Cord& payload) { out.SetPayload(url, payload); });
  return out;
}

absl::Time NextDailyQuotaReset(absl::Time now) {
  const absl::TimeZone cst = absl::FixedTimeZone(-6 * 60 * 60);
  const absl::CivilDay today = absl::ToCivilDay(now, cst);
  return absl::FromCivil(today + 1, cst);
}

}  // namespace leadgw::backends::marketo
