#include "common/address_redaction.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace leadgw {
namespace {

// Characters that end an address inside prose, quotes and parentheses.
bool EndsAddress(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c)) ||
         absl::string_view("\"'()<>,;").find(c) != absl::string_view::npos;
}

bool IsSchemeChar(char c) { return absl::ascii_isalnum(c) || c == '+' || c == '-' || c == '.'; }

// Characters of host names, IP addresses (v4, bracketed v6) and ports.
bool IsAddressChar(char c) {
  return absl::ascii_isalnum(c) || absl::string_view(".-_:[]%").find(c) != absl::string_view::npos;
}

bool AllDigits(absl::string_view s, size_t max_length) {
  return !s.empty() && s.size() <= max_length &&
         std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// "scheme://user@host:port/path?query#fragment" -> "<upstream>/path".
std::string RedactUrls(absl::string_view text) {
  std::string out;
  size_t copied = 0;
  size_t search_from = 0;
  while (true) {
    const size_t marker = text.find("://", search_from);
    if (marker == absl::string_view::npos) break;
    size_t scheme_begin = marker;
    while (scheme_begin > copied && IsSchemeChar(text[scheme_begin - 1])) --scheme_begin;
    search_from = marker + 3;
    if (scheme_begin == marker || !absl::ascii_isalpha(text[scheme_begin])) continue;
    size_t end = search_from;
    while (end < text.size() && !EndsAddress(text[end])) ++end;
    // Sentence punctuation after a URL is not part of it.
    while (end > search_from && (text[end - 1] == '.' || text[end - 1] == ':')) --end;
    const absl::string_view rest = text.substr(search_from, end - search_from);
    const size_t path_begin = search_from + std::min(rest.find_first_of("/?#"), rest.size());
    const size_t path_end = search_from + std::min(rest.find_first_of("?#"), rest.size());
    absl::StrAppend(&out, text.substr(copied, scheme_begin - copied), kRedactedAddress,
                    text.substr(path_begin, path_end - path_begin));
    copied = search_from = end;
  }
  absl::StrAppend(&out, text.substr(copied));
  return out;
}

// The word after phrases that introduce a host name in resolver and TLS messages
// ("Could not resolve host: example.com", "target host name 'example.com'").
std::string RedactNamedHosts(absl::string_view text) {
  static constexpr absl::string_view kIntroductions[] = {"host: ", "proxy: ", "host '",
                                                        "host name '", "subject name '"};
  std::string out(text);
  for (absl::string_view introduction : kIntroductions) {
    size_t from = 0;
    while ((from = out.find(introduction.data(), from, introduction.size())) != std::string::npos) {
      const size_t begin = from + introduction.size();
      size_t end = begin;
      while (end < out.size() && !EndsAddress(out[end])) ++end;
      if (end > begin) out.replace(begin, end - begin, kRedactedAddress);
      from = begin;
    }
  }
  return out;
}

// curl's "<host> port <n>" (e.g. "Failed to connect to example.com port 443").
std::string RedactHostPortPhrases(absl::string_view text) {
  static constexpr absl::string_view kPort = " port ";
  std::string out;
  size_t copied = 0;
  size_t from = 0;
  while ((from = text.find(kPort, from)) != absl::string_view::npos) {
    size_t digits_end = from + kPort.size();
    while (digits_end < text.size() && absl::ascii_isdigit(text[digits_end])) ++digits_end;
    const bool port_follows = digits_end > from + kPort.size() &&
                              (digits_end == text.size() || !absl::ascii_isalnum(text[digits_end]));
    size_t host_begin = from;
    while (host_begin > copied && !absl::ascii_isspace(text[host_begin - 1])) --host_begin;
    if (!port_follows || host_begin == from) {
      from += kPort.size();
      continue;
    }
    absl::StrAppend(&out, text.substr(copied, host_begin - copied), kRedactedAddress);
    copied = from = digits_end;
  }
  absl::StrAppend(&out, text.substr(copied));
  return out;
}

bool IsIpv4(absl::string_view s) {
  std::vector<absl::string_view> parts = absl::StrSplit(s, '.');
  return parts.size() == 4 &&
         std::all_of(parts.begin(), parts.end(), [](absl::string_view p) { return AllDigits(p, 3); });
}

// An IP address or host name, bare or with a port: "10.0.0.7", "[::1]:8080",
// "redis-0.redis:6379", "localhost".
bool IsAddress(absl::string_view token) {
  if (absl::StartsWith(token, "[")) {
    const size_t close = token.find(']');
    if (close == absl::string_view::npos || close < 3) return false;
    const absl::string_view inside = token.substr(1, close - 1);
    const absl::string_view address = inside.substr(0, inside.find('%'));  // no zone id
    const bool ipv6 = std::all_of(address.begin(), address.end(), [](char c) {
      return absl::ascii_isxdigit(c) || c == ':' || c == '.';
    });
    if (!ipv6 || address.find(':') == absl::string_view::npos) return false;
    absl::string_view rest = token.substr(close + 1);
    return rest.empty() || (absl::ConsumePrefix(&rest, ":") && AllDigits(rest, 5));
  }
  absl::string_view host = token;
  const size_t colon = token.rfind(':');
  const bool has_port = colon != absl::string_view::npos;
  if (has_port) {
    if (!AllDigits(token.substr(colon + 1), 5)) return false;
    host = token.substr(0, colon);
  }
  if (IsIpv4(host)) return true;
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  if (!has_port || host.empty() || host.find(':') != absl::string_view::npos) return false;
  // A host name before a port: letters, digits, '-', '.', '_', at least one letter.
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_'; }) &&
         std::any_of(host.begin(), host.end(), [](char c) { return absl::ascii_isalpha(c); });
}

std::string RedactAddressTokens(absl::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAddressChar(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsAddressChar(text[end])) ++end;
    absl::string_view token = text.substr(i, end - i);
    // Sentence punctuation after an address is not part of it.
    absl::string_view trailer;
    while (!token.empty() && (token.back() == '.' || token.back() == ':')) {
      token.remove_suffix(1);
      trailer = text.substr(i + token.size(), end - i - token.size());
    }
    if (IsAddress(token)) {
      absl::StrAppend(&out, kRedactedAddress, trailer);
    } else {
      absl::StrAppend(&out, text.substr(i, end - i));
    }
    i = end;
  }
  return out;
}

}  // namespace

std::string RedactNetworkAddresses(absl::string_view text) {
  return RedactAddressTokens(RedactHostPortPhrases(RedactNamedHosts(RedactUrls(text))));
}

}  // namespace leadgw
