// The parsed REST request handed to endpoint handlers, and the route table.
#ifndef LEADGW_EMULATORS_MARKETO_ROUTER_H_
#define LEADGW_EMULATORS_MARKETO_ROUTER_H_

#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "emulators/marketo/envelope.h"

namespace leadgw::emulators::marketo {

// What a handler sees: no httplib types. For POST with `_method=GET`, `method` is "GET"
// and the form body's parameters are merged into `params`.
struct RestRequest {
  std::string request_id;
  std::string method;
  std::string path;
  std::vector<std::string> path_args;  // regex captures of the route
  std::multimap<std::string, std::string> params;
  std::string body;
  std::string content_type;

  bool HasParam(absl::string_view name) const;
  // First value of `name`, or "" when absent.
  std::string Param(absl::string_view name) const;
};

// Parses an application/x-www-form-urlencoded body ("a=1&b=x%20y") into `params`
// ('+' is a space; malformed escapes are kept literally).
void ParseFormUrlEncoded(absl::string_view body,
                         std::multimap<std::string, std::string>* params);

using RestHandler = std::function<Reply(const RestRequest&)>;

// Maps (method, path regex) to an endpoint name and handler. Routes are matched in
// insertion order. Not thread-safe for Add; Find is safe once all routes are added.
class Router {
 public:
  struct Match {
    const RestHandler* handler = nullptr;  // null: no route for this method
    std::string endpoint;                  // empty: path unknown for every method
    std::vector<std::string> args;
  };

  // `endpoint` names the operation in counters ("sync_leads").
  void Add(absl::string_view method, absl::string_view pattern,
           absl::string_view endpoint, RestHandler handler);

  // The route for method+path. When only the method differs, `handler` is null and
  // `endpoint` names the path's first route (so 605 is counted against it).
  Match Find(absl::string_view method, absl::string_view path) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    std::string endpoint;
    RestHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_ROUTER_H_
