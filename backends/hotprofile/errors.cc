#include "backends/hotprofile/errors.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "backends/hotprofile/responses.h"
#include "common/utf8.h"
#include "upstream/http/retry_after.h"
#include "upstream/http_outcome.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::hotprofile {
namespace {

// Upstream text kept in a status message, so one odd answer cannot flood logs.
constexpr size_t kMaxUpstreamText = 1000;

std::string Shorten(std::string text) {
  if (text.size() <= kMaxUpstreamText) return text;
  return absl::StrCat(Utf8Truncate(text, kMaxUpstreamText), "...");
}

absl::Status MapStatus(const upstream::http::HttpResponse& response, const ErrorContext& context,
                       absl::FunctionRef<std::string(absl::string_view)> redact) {
  const int http_status = response.status_code;
  const std::string upstream_code = absl::StrCat(http_status);
  const std::string detail = Shorten(redact(DescribeErrorBody(response.body)));
  auto error = [&](absl::StatusCode code, absl::string_view what) {
    return upstream::UpstreamError(code, kBackendName, upstream_code,
                                   detail.empty()
                                       ? absl::StrCat(context.endpoint, ": ", what)
                                       : absl::StrCat(context.endpoint, ": ", what, ": ", detail));
  };
  switch (http_status) {
    case 400:
      return error(absl::StatusCode::kInvalidArgument, "rejected the request");
    case 401:
      // Never the key, nor HotProfile's text about it.
      return upstream::UpstreamError(
          absl::StatusCode::kUnauthenticated, kBackendName, upstream_code,
          absl::StrCat("hotprofile rejected the API key of connection '", context.connection, "'"));
    case 403:
      return error(absl::StatusCode::kPermissionDenied, "access denied");
    case 404:
      return error(absl::StatusCode::kNotFound, "not found");
    case 422:
      return error(absl::StatusCode::kFailedPrecondition, "refused the record");
    case 429: {
      const absl::Duration delay =
          upstream::http::ParseRetryAfter(response, context.now).value_or(context.limits.window);
      absl::Status status = upstream::UpstreamError(
          absl::StatusCode::kResourceExhausted, kBackendName, upstream_code,
          absl::StrCat(context.endpoint, ": rate limit exceeded (", context.limits.calls_per_window,
                       " calls per ", absl::FormatDuration(context.limits.window),
                       " per connection); retry after ", absl::FormatDuration(delay)));
      upstream::SetRetryAfter(status, delay);
      return status;
    }
    case 408:
      return error(absl::StatusCode::kUnavailable, "request timeout");
    default:
      break;
  }
  if (http_status >= 500 && http_status < 600) {
    return error(absl::StatusCode::kUnavailable, absl::StrCat("server error HTTP ", http_status));
  }
  return error(absl::StatusCode::kFailedPrecondition,
               absl::StrCat("unexpected HTTP ", http_status, " (check the connection's base_url)"));
}

}  // namespace

absl::Status MapHttpError(const upstream::http::HttpResponse& response, const ErrorContext& context,
                          absl::FunctionRef<std::string(absl::string_view)> redact) {
  absl::Status status = MapStatus(response, context, redact);
  upstream::SetHttpOutcome(status, response, context.now);
  return status;
}

}  // namespace leadgw::backends::hotprofile
