#include "emulators/marketo/router.h"

#include <utility>

#include "absl/strings/str_split.h"

namespace leadgw::emulators::marketo {

bool RestRequest::HasParam(absl::string_view name) const {
  return params.find(std::string(name)) != params.end();
}

std::string RestRequest::Param(absl::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? "" : it->second;
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(absl::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out.push_back(' ');
    } else if (in[i] == '%' && i + 2 < in.size() &&
               HexDigit(in[i + 1]) >= 0 && HexDigit(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(in[i + 1]) * 16 + HexDigit(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

}  // namespace

void ParseFormUrlEncoded(absl::string_view body,
                         std::multimap<std::string, std::string>* params) {
  for (absl::string_view pair : absl::StrSplit(body, '&', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    if (eq == absl::string_view::npos) {
      params->emplace(PercentDecode(pair), "");
    } else {
      params->emplace(PercentDecode(pair.substr(0, eq)), PercentDecode(pair.substr(eq + 1)));
    }
  }
}

void Router::Add(absl::string_view method, absl::string_view pattern,
                 absl::string_view endpoint, RestHandler handler) {
  routes_.push_back(Route{std::string(method), std::regex(std::string(pattern)),
                          std::string(endpoint), std::move(handler)});
}

Router::Match Router::Find(absl::string_view method, absl::string_view path) const {
  Match fallback;
  const std::string p(path);
  for (const Route& route : routes_) {
    std::smatch m;
    if (!std::regex_match(p, m, route.pattern)) continue;
    if (route.method != method) {
      if (fallback.endpoint.empty()) fallback.endpoint = route.endpoint;
      continue;
    }
    Match match;
    match.handler = &route.handler;
    match.endpoint = route.endpoint;
    for (size_t i = 1; i < m.size(); ++i) match.args.push_back(m[i].str());
    return match;
  }
  return fallback;
}

}  // namespace leadgw::emulators::marketo
