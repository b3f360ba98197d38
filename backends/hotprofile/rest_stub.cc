#include "backends/hotprofile/rest_stub.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "backends/common/call_spec.h"
#include "backends/hotprofile/errors.h"
#include "backends/hotprofile/settings.h"
#include "common/secret.h"
#include "upstream/guard/direct_calls.h"
#include "upstream/http/url.h"

namespace leadgw::backends::hotprofile {

HotProfileRestStub::HotProfileRestStub(ConnectionSettings settings,
                                       std::shared_ptr<upstream::http::HttpClient> client,
                                       std::shared_ptr<upstream::CallGuard> guard, Clock clock)
    : settings_(std::move(settings)),
      api_key_(VendorPartOrDefault<HotProfileSettings>(settings_).api_key),
      client_(std::move(client)),
      guard_(guard != nullptr ? std::move(guard)
                              : std::make_shared<upstream::DirectCalls>(settings_)),
      clock_(std::move(clock)) {}

std::string HotProfileRestStub::Redact(absl::string_view text) const {
  const std::string& key = api_key_.expose();
  if (key.empty()) return std::string(text);
  return absl::StrReplaceAll(
      text, {{key, Secret::kRedacted}, {upstream::http::UrlEncode(key), Secret::kRedacted}});
}

absl::StatusOr<std::string> HotProfileRestStub::Call(const HotProfileCall& call,
                                                     const CallContext& ctx) const {
  return guard_->Call<std::string>(
      common::CallSpecFor(call.endpoint, call.idempotent, ctx),
      [&](const upstream::Attempt& attempt) { return Send(call, attempt); });
}

absl::StatusOr<std::string> HotProfileRestStub::Send(const HotProfileCall& call,
                                                     const upstream::Attempt& attempt) const {
  upstream::http::HttpRequest request;
  request.method = upstream::http::HttpMethod::kPost;
  request.timeout = attempt.timeout;
  request.cancellation = attempt.cancellation;
  const std::string base = absl::StrCat(settings_.base_url, call.path);
  // The key is exposed here only, to build the request; nothing below logs `request.url`.
  const std::string key_query =
      upstream::http::BuildQueryString({{"api_key", api_key_.expose()}});
  const std::string params = upstream::http::BuildQueryString(call.params);
  request.headers.emplace_back("Accept", "application/json");
  if (base.size() + key_query.size() + params.size() + 2 <= kMaxUrlBytes) {
    request.url = params.empty() ? absl::StrCat(base, "?", key_query)
                                 : absl::StrCat(base, "?", key_query, "&", params);
  } else {
    request.url = absl::StrCat(base, "?", key_query);
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = params;
  }

  absl::StatusOr<upstream::http::HttpResponse> response = client_->Send(request);
  if (!response.ok()) {
    absl::Status status(
        response.status().code(),
        Redact(absl::StrCat(kBackendName, " ", call.endpoint, ": ", response.status().message())));
    response.status().ForEachPayload(
        [&](absl::string_view url, const absl::Cord& payload) { status.SetPayload(url, payload); });
    return status;
  }
  if (response->status_code >= 200 && response->status_code < 300) {
    return std::move(response->body);
  }
  ErrorContext context;
  context.endpoint = call.endpoint;
  context.connection = settings_.name;
  context.limits = settings_.limits;
  context.now = clock_();
  return MapHttpError(*response, context, [this](absl::string_view text) { return Redact(text); });
}

}  // namespace leadgw::backends::hotprofile
