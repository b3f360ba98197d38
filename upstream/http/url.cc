#include "upstream/http/url.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace leadgw::upstream::http {
namespace {

constexpr absl::string_view kRedacted = "REDACTED";
constexpr char kHexDigits[] = "0123456789ABCDEF";

bool IsUnreserved(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Form decoding ('+' is a space); malformed escapes are kept as they are.
std::string PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// "scheme://user:pass@host/path" -> "scheme://user:REDACTED@host/path". `url` has no
// query or fragment.
std::string RedactUserInfo(absl::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) return std::string(url);
  const size_t authority_begin = scheme_end + 3;
  const size_t authority_end = std::min(url.find('/', authority_begin), url.size());
  const absl::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  const size_t at = authority.rfind('@');
  if (at == absl::string_view::npos) return std::string(url);
  const size_t colon = authority.substr(0, at).find(':');
  if (colon == absl::string_view::npos || colon + 1 == at) return std::string(url);
  return absl::StrCat(url.substr(0, authority_begin + colon + 1), kRedacted,
                      url.substr(authority_begin + at));
}

}  // namespace

std::string UrlEncode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHexDigits[byte >> 4]);
      out.push_back(kHexDigits[byte & 0x0F]);
    }
  }
  return out;
}

std::string BuildQueryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    absl::StrAppend(&out, UrlEncode(name), "=", UrlEncode(value));
  }
  return out;
}

bool IsSensitiveQueryParameter(absl::string_view name) {
  // The exact names are covered by the substrings too except client_id, which is listed
  // because an OAuth client id is half of a credential pair.
  const std::string lower = absl::AsciiStrToLower(PercentDecode(name));
  return lower == "client_id" || absl::StrContains(lower, "token") ||
         absl::StrContains(lower, "secret") || absl::StrContains(lower, "key");
}

std::string RedactUrl(absl::string_view url) {
  // The fragment goes first: a '?' inside a fragment does not start a query.
  const size_t hash = std::min(url.find('#'), url.size());
  const absl::string_view fragment = url.substr(hash);
  const absl::string_view before_fragment = url.substr(0, hash);
  const size_t question = std::min(before_fragment.find('?'), before_fragment.size());
  std::string out = RedactUserInfo(before_fragment.substr(0, question));
  if (question < before_fragment.size()) {
    out.push_back('?');
    bool first = true;
    for (const absl::string_view param :
         absl::StrSplit(before_fragment.substr(question + 1), '&')) {
      if (!first) out.push_back('&');
      first = false;
      const size_t eq = param.find('=');
      if (eq != absl::string_view::npos && eq + 1 < param.size() &&
          IsSensitiveQueryParameter(param.substr(0, eq))) {
        absl::StrAppend(&out, param.substr(0, eq + 1), kRedacted);
      } else {
        absl::StrAppend(&out, param);
      }
    }
  }
  absl::StrAppend(&out, fragment);
  return out;
}

std::string StripQuery(absl::string_view url) {
  return std::string(url.substr(0, std::min(url.find_first_of("?#"), url.size())));
}

}  // namespace leadgw::upstream::http
