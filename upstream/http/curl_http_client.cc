// The only file in the project that includes <curl/curl.h> (see README.md): every curl
// type, option and error code stays behind HttpClient.
#include "upstream/http/curl_http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "upstream/http/http_client.h"
#include "upstream/http/url.h"
#include "common/status_macros.h"

namespace leadgw::upstream::http {
namespace {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasyPtr = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// curl_global_init must run once before any other curl call; a function-local static is
// initialised exactly once even when the first calls race. curl_global_cleanup is never
// called: handles may live until process exit.
absl::Status GlobalInitStatus() {
  static const CURLcode kInitCode = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (kInitCode == CURLE_OK) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("curl_global_init failed: ", curl_easy_strerror(kInitCode)));
}

// What a Send() collects while curl runs its callbacks.
struct TransferState {
  size_t max_body_bytes = 0;
  bool body_too_large = false;
  const Cancellation* cancellation = nullptr;
  bool cancelled = false;
  HttpResponse response;
};

// CURLOPT_XFERINFOFUNCTION: curl calls it while a transfer runs (at least once a second,
// more often while data flows); non-zero aborts it with CURLE_ABORTED_BY_CALLBACK.
int AbortIfCancelled(void* userdata, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* state = static_cast<TransferState*>(userdata);
  if (!IsCancelled(state->cancellation)) return 0;
  state->cancelled = true;
  return 1;
}

// CURLOPT_WRITEFUNCTION. Returning less than offered aborts the transfer (CURLE_WRITE_ERROR),
// which is how the body cap stops reading instead of buffering an unbounded body.
size_t WriteBody(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* state = static_cast<TransferState*>(userdata);
  const size_t bytes = size * nmemb;
  if (bytes > state->max_body_bytes - state->response.body.size()) {
    state->body_too_large = true;
    return 0;
  }
  state->response.body.append(data, bytes);
  return bytes;
}

// CURLOPT_HEADERFUNCTION: called once per header line, status lines included.
size_t CollectHeader(char* data, size_t size, size_t nmemb, void* userdata) {
  auto& headers = static_cast<TransferState*>(userdata)->response.headers;
  const size_t bytes = size * nmemb;
  const absl::string_view raw(data, bytes);
  const absl::string_view line = absl::StripTrailingAsciiWhitespace(raw);
  if (absl::StartsWith(line, "HTTP/")) {
    headers.clear();  // A new response starts (e.g. the final one after a 100 Continue).
  } else if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
    if (!headers.empty()) {  // Obsolete line folding continues the previous value.
      absl::StrAppend(&headers.back().second, " ", absl::StripAsciiWhitespace(line));
    }
  } else if (const size_t colon = line.find(':'); colon != absl::string_view::npos) {
    headers.emplace_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(line.substr(0, colon))),
                         std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  }
  return bytes;
}

// Milliseconds for a CURLOPT_*_MS option: rounded up so a sub-millisecond timeout is not 0
// (which curl reads as "no timeout"); InfiniteDuration() is 0.
long ToCurlMillis(absl::Duration duration) {
  if (duration == absl::InfiniteDuration()) return 0;
  const int64_t millis = absl::ToInt64Milliseconds(absl::Ceil(duration, absl::Milliseconds(1)));
  return static_cast<long>(std::clamp<int64_t>(millis, 1, LONG_MAX));
}

bool HasLineBreakOrNul(absl::string_view text) {
  return text.find_first_of(absl::string_view("\r\n\0", 3)) != absl::string_view::npos;
}

// Header list for one request. "Expect:" stops curl from sending "Expect: 100-continue" on
// larger POSTs, which costs a round trip (or a 1 s stall) with servers that ignore it.
absl::StatusOr<CurlSlistPtr> BuildHeaderList(const HttpRequest& request) {
  CurlSlistPtr list;
  auto append = [&list](const std::string& line) -> absl::Status {
    curl_slist* appended = curl_slist_append(list.get(), line.c_str());
    if (appended == nullptr) return absl::ResourceExhaustedError("curl_slist_append failed");
    list.release();  // NOLINT: ownership moves to `appended`, which heads the same list.
    list.reset(appended);
    return absl::OkStatus();
  };
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || HasLineBreakOrNul(name) || absl::StrContains(name, ':') ||
        HasLineBreakOrNul(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid HTTP header name or value for header '", absl::CEscape(name), "'"));
    }
    // curl drops "Name:" (no value) and sends "Name;" as an empty header.
    LEADGW_RETURN_IF_ERROR(
        append(value.empty() ? absl::StrCat(name, ";") : absl::StrCat(name, ": ", value)));
  }
  LEADGW_RETURN_IF_ERROR(append("Expect:"));
  return list;
}

struct ErrorClass {
  absl::StatusCode code;
  bool request_not_sent;
};

// UNAVAILABLE marks failures where the same call may succeed when retried; those that
// happen before a connection exists also prove the request never left.
ErrorClass ClassifyCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return {absl::StatusCode::kDeadlineExceeded, false};
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
      return {absl::StatusCode::kUnavailable, true};
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return {absl::StatusCode::kUnavailable, false};
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return {absl::StatusCode::kInvalidArgument, true};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      // Retrying cannot fix a certificate the gateway does not trust.
      return {absl::StatusCode::kFailedPrecondition, true};
    case CURLE_FAILED_INIT:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_NOT_BUILT_IN:
      return {absl::StatusCode::kInternal, false};
    default:
      return {absl::StatusCode::kUnknown, false};
  }
}

absl::Status MarkNotSent(absl::Status status) {
  status.SetPayload(kRequestNotSentPayloadUrl, absl::Cord());
  return status;
}

// Whether the environment names a proxy for curl. Read once per client: curl would
// otherwise look the variables up on every transfer, and a pod's environment is fixed.
bool ProxyConfiguredInEnvironment() {
  for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                           "ALL_PROXY"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && value[0] != '\0') return true;
  }
  return false;
}

// The options every call of a client shares, set once when a handle is created: setting
// them (and curl_easy_reset) on every call was a measurable share of a call's CPU. Every
// value has the exact type curl expects (long, pointer): options travel through varargs.
CURLcode SetConstantOptions(CURL* curl, const CurlHttpClientOptions& options,
                            bool bypass_proxy) {
  CURLcode code = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (code == CURLE_OK) code = curl_easy_setopt(curl, option, value);
  };
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_NOSIGNAL, 1L);  // Signals (for DNS timeouts) are unsafe in threaded servers.
  set(CURLOPT_TCP_NODELAY, 1L);
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  set(CURLOPT_FOLLOWLOCATION, 0L);  // A redirect is the caller's business.
  set(CURLOPT_USERAGENT, options.user_agent.c_str());
  set(CURLOPT_ACCEPT_ENCODING, "");  // Every encoding this libcurl can decode.
  set(CURLOPT_WRITEFUNCTION, &WriteBody);
  set(CURLOPT_HEADERFUNCTION, &CollectHeader);
  set(CURLOPT_MAXAGE_CONN,
      static_cast<long>(absl::ToInt64Seconds(options.idle_connection_max_age)));
  if (bypass_proxy) set(CURLOPT_PROXY, "");  // "" = no proxy, without the environment lookup.
  return code;
}

// Drops what a call pointed the handle at (its buffers and header list die with the call),
// so an idle handle holds no dangling pointer.
void ForgetCallPointers(CURL* curl) {
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, static_cast<void*>(nullptr));
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, static_cast<void*>(nullptr));
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 1L);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, static_cast<void*>(nullptr));
}

}  // namespace

// Idle easy handles, most recently used first out, so that sequential calls land on the
// handle (and keep-alive connection) they used last. Handles keep the client's constant
// options across calls.
class CurlHttpClient::HandlePool {
 public:
  HandlePool(const CurlHttpClientOptions& options, bool bypass_proxy)
      : options_(options), bypass_proxy_(bypass_proxy) {}

  // A handle with the constant options set, or the curl error that prevented one.
  absl::StatusOr<CurlEasyPtr> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        CurlEasyPtr handle = std::move(idle_.back());
        idle_.pop_back();
        return handle;
      }
    }
    CurlEasyPtr handle(curl_easy_init());
    if (handle == nullptr) return absl::InternalError("curl_easy_init failed");
    const CURLcode code = SetConstantOptions(handle.get(), options_, bypass_proxy_);
    if (code != CURLE_OK) {
      return absl::InternalError(
          absl::StrCat("curl_easy_setopt failed: ", curl_easy_strerror(code)));
    }
    return handle;
  }

  // Keeps the handle (its connections, DNS and TLS session caches with it) unless the pool
  // is full; a surplus handle is closed outside the lock.
  void Release(CurlEasyPtr handle) {
    if (handle == nullptr) return;
    ForgetCallPointers(handle.get());
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (idle_.size() < options_.max_pooled_handles) {
        idle_.push_back(std::move(handle));
        return;
      }
    }
    // `handle` is cleaned up here, outside the lock: that closes its connections.
  }

 private:
  const CurlHttpClientOptions& options_;  // The owning client's; outlives the pool.
  const bool bypass_proxy_;
  // std::mutex, not absl::Mutex: Debian's abseil is not built with TSan, so TSan cannot see
  // absl::Mutex's synchronisation and `--config=tsan` would report false races here.
  std::mutex mu_;
  std::vector<CurlEasyPtr> idle_;  // Guarded by mu_.
};

CurlHttpClient::CurlHttpClient(CurlHttpClientOptions options)
    : options_(std::move(options)),
      pool_(std::make_unique<HandlePool>(options_, !ProxyConfiguredInEnvironment())) {}

CurlHttpClient::~CurlHttpClient() = default;

absl::StatusOr<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
  const absl::string_view method = HttpMethodName(request.method);
  // Query strings carry API keys: messages name the URL without its query (and without any
  // userinfo password). They keep the host and port for operators' logs; the service hides
  // every address from callers (common/address_redaction.h, service/status_mapping.cc).
  // Built only for an error: redacting every URL cost 1.6% of a proxied GetLead's
  // instructions (docs/performance.md, finding 15).
  auto error = [&](absl::StatusCode code, absl::string_view detail) {
    return absl::Status(code,
                        absl::StrCat(method, " ", StripQuery(RedactUrl(request.url)), ": ", detail));
  };

  LEADGW_RETURN_IF_ERROR(GlobalInitStatus());
  if (request.timeout <= absl::ZeroDuration()) {
    return MarkNotSent(
        error(absl::StatusCode::kDeadlineExceeded, "deadline expired before the request was sent"));
  }
  absl::StatusOr<CurlSlistPtr> headers = BuildHeaderList(request);
  if (!headers.ok()) return error(headers.status().code(), headers.status().message());

  if (IsCancelled(request.cancellation)) {
    return MarkNotSent(error(absl::StatusCode::kCancelled,
                             "the caller cancelled before the request was sent"));
  }
  TransferState state;
  state.max_body_bytes = request.max_response_bytes;
  state.cancellation = request.cancellation;
  char error_buffer[CURL_ERROR_SIZE] = {};

  absl::StatusOr<CurlEasyPtr> handle = pool_->Acquire();
  if (!handle.ok()) return error(handle.status().code(), handle.status().message());
  CURL* const curl = handle->get();
  // Declared after everything curl points at (headers, state, error buffer), so it runs first
  // and the handle forgets those pointers before they dangle.
  absl::Cleanup release = [&] { pool_->Release(*std::move(handle)); };

  // Only what differs between calls; the rest was set when the handle was created.
  CURLcode code = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (code == CURLE_OK) code = curl_easy_setopt(curl, option, value);
  };
  set(CURLOPT_ERRORBUFFER, static_cast<char*>(error_buffer));
  set(CURLOPT_URL, request.url.c_str());
  set(CURLOPT_TIMEOUT_MS, ToCurlMillis(request.timeout));
  absl::Duration connect_timeout = std::min(options_.connect_timeout, request.timeout);
  if (connect_timeout <= absl::ZeroDuration()) connect_timeout = request.timeout;
  set(CURLOPT_CONNECTTIMEOUT_MS, ToCurlMillis(connect_timeout));
  set(CURLOPT_HTTPHEADER, headers->get());
  set(CURLOPT_WRITEDATA, static_cast<void*>(&state));
  set(CURLOPT_HEADERDATA, static_cast<void*>(&state));
  if (request.cancellation != nullptr) {
    set(CURLOPT_XFERINFOFUNCTION, &AbortIfCancelled);
    set(CURLOPT_XFERINFODATA, static_cast<void*>(&state));
    set(CURLOPT_NOPROGRESS, 0L);
  }
  if (request.method == HttpMethod::kPost) {
    set(CURLOPT_POST, 1L);
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    set(CURLOPT_POSTFIELDS, request.body.data());
  } else {
    set(CURLOPT_HTTPGET, 1L);
  }
  // Pooled handles keep options: a DELETE's verb must not stick to the next request.
  set(CURLOPT_CUSTOMREQUEST, request.method == HttpMethod::kDelete ? "DELETE" : nullptr);
  if (code != CURLE_OK) {
    return error(absl::StatusCode::kInternal,
                 absl::StrCat("curl_easy_setopt failed: ", curl_easy_strerror(code)));
  }

  code = curl_easy_perform(curl);
  if (code == CURLE_ABORTED_BY_CALLBACK && state.cancelled) {
    return error(absl::StatusCode::kCancelled, "the caller cancelled; the transfer was aborted");
  }
  if (code == CURLE_WRITE_ERROR && state.body_too_large) {
    return error(
        absl::StatusCode::kResourceExhausted,
        absl::StrCat("upstream response body exceeds ", request.max_response_bytes, " bytes"));
  }
  if (code != CURLE_OK) {
    std::string detail = curl_easy_strerror(code);
    if (error_buffer[0] != '\0') absl::StrAppend(&detail, " (", error_buffer, ")");
    // curl's own text may quote the URL; make sure no query string survives in it.
    const size_t query_begin = request.url.find('?');
    if (query_begin != std::string::npos && query_begin + 1 < request.url.size()) {
      absl::StrReplaceAll({{request.url.substr(query_begin + 1), "[query removed]"}}, &detail);
    }
    const ErrorClass error_class = ClassifyCurlCode(code);
    absl::Status status = error(error_class.code, detail);
    return error_class.request_not_sent ? MarkNotSent(std::move(status)) : status;
  }

  long status_code = 0;
  if (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status_code) != CURLE_OK) {
    return error(absl::StatusCode::kInternal, "curl_easy_getinfo(RESPONSE_CODE) failed");
  }
  state.response.status_code = static_cast<int>(status_code);
  return std::move(state.response);
}

}  // namespace leadgw::upstream::http
