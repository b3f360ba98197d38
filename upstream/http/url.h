// Pure URL helpers: building query strings for the upstream REST APIs and making URLs safe
// to log (query strings carry secrets: some upstreams take their API key as a query
// parameter).
#ifndef LEADGW_UPSTREAM_HTTP_URL_H_
#define LEADGW_UPSTREAM_HTTP_URL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace leadgw::upstream::http {

// Percent-encodes every byte except RFC 3986 unreserved characters (ALPHA DIGIT - . _ ~),
// with upper-case hex: "search[name]" -> "search%5Bname%5D", " " -> "%20".
std::string UrlEncode(absl::string_view text);

// "a=1&b=x%20y": names and values UrlEncode()d, joined in the given order (repeated names
// are kept). Empty input gives "".
std::string BuildQueryString(const std::vector<std::pair<std::string, std::string>>& params);

// True for query parameter names whose values are secrets: api_key, client_id,
// client_secret, access_token, and any name containing "token", "secret" or "key"
// (case-insensitive, after percent-decoding the name).
bool IsSensitiveQueryParameter(absl::string_view name);

// `url` with the non-empty values of sensitive query parameters replaced by "REDACTED" and
// the password of any user:password@ userinfo replaced too; everything else untouched.
// For logs that need the query (which parameters were sent) but not the secrets.
std::string RedactUrl(absl::string_view url);

// `url` without its query string and fragment: "https://h/p?api_key=x#f" -> "https://h/p".
std::string StripQuery(absl::string_view url);

}  // namespace leadgw::upstream::http

#endif  // LEADGW_UPSTREAM_HTTP_URL_H_
