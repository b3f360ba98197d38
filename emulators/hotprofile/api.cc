#include "emulators/hotprofile/api.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "emulators/hotprofile/body_params.h"
#include "emulators/hotprofile/list_query.h"
#include "emulators/hotprofile/render.h"
#include "emulators/hotprofile/validation.h"

namespace leadgw::emulators::hotprofile {
namespace {

constexpr absl::string_view kPathPrefix = "/rest_api/v1/";

enum class Action { kList, kCreate, kUpdate };

struct Route {
  const char* endpoint;  // path after /rest_api/v1/
  ObjectKind kind;
  Action action;
};

// Leads and clients list through ".../get_entry_list_flow", business cards through
// ".../get_entry_list", exactly as the connector names them.
constexpr Route kRoutes[] = {
    {"leads/get_entry_list_flow", ObjectKind::kLead, Action::kList},
    {"leads/create", ObjectKind::kLead, Action::kCreate},
    {"leads/update", ObjectKind::kLead, Action::kUpdate},
    {"clients/get_entry_list_flow", ObjectKind::kClient, Action::kList},
    {"clients/create", ObjectKind::kClient, Action::kCreate},
    {"clients/update", ObjectKind::kClient, Action::kUpdate},
    {"business_cards/get_entry_list", ObjectKind::kBusinessCard, Action::kList},
    {"business_cards/create", ObjectKind::kBusinessCard, Action::kCreate},
    {"business_cards/update", ObjectKind::kBusinessCard, Action::kUpdate},
};

const Route* FindRoute(absl::string_view path) {
  if (!absl::ConsumePrefix(&path, kPathPrefix)) return nullptr;
  for (const Route& route : kRoutes) {
    if (path == route.endpoint) return &route;
  }
  return nullptr;
}

ApiResponse Error(int status, std::vector<FieldError> errors) {
  ApiResponse response;
  response.status = status;
  response.body = RenderErrors(errors);
  return response;
}

ApiResponse Error(int status, std::string field, std::string message) {
  return Error(status, {FieldError{std::move(field), std::move(message)}});
}

// Store errors: a missing id is 404, a missing referenced client 422.
ApiResponse StoreError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return Error(404, "id", std::string(status.message()));
    case absl::StatusCode::kFailedPrecondition:
      return Error(422, "client_id", std::string(status.message()));
    case absl::StatusCode::kInvalidArgument:
      return Error(400, "", std::string(status.message()));
    default:
      return Error(500, "", "internal error");
  }
}

ApiResponse Write(HotProfileStore& store, const Route& route, const Params& params) {
  const WriteMode mode = route.action == Action::kCreate ? WriteMode::kCreate : WriteMode::kUpdate;
  Params canonical;
  std::vector<FieldError> errors = ValidateWrite(route.kind, mode, params, &canonical);
  if (!errors.empty()) return Error(400, std::move(errors));
  const absl::StatusOr<int64_t> id = mode == WriteMode::kCreate
                                         ? store.Create(route.kind, canonical)
                                         : store.Update(route.kind, canonical);
  if (!id.ok()) return StoreError(id.status());
  ApiResponse response;
  response.body = RenderId(*id);
  return response;
}

ApiResponse List(const HotProfileStore& store, const Route& route, const Params& params) {
  ListQuery query;
  std::vector<FieldError> errors = ParseListQuery(route.kind, params, &query);
  if (!errors.empty()) return Error(400, std::move(errors));
  ApiResponse response;
  response.body = RenderList(route.kind, store.List(route.kind, query));
  return response;
}

}  // namespace

std::string EndpointName(absl::string_view path) {
  const Route* route = FindRoute(path);
  return route == nullptr ? "unknown" : route->endpoint;
}

HotProfileApi::HotProfileApi(std::string api_key, HotProfileStore* store,
                             common::RollingWindowLimiter* limiter)
    : api_key_(std::move(api_key)), store_(store), limiter_(limiter) {}

ApiResponse HotProfileApi::Handle(const ApiRequest& request) const {
  const Route* route = FindRoute(request.path);
  if (route == nullptr) return Error(404, "", "no such API path");
  if (request.method != "POST") {
    ApiResponse response = Error(405, "", "method not allowed; use POST");
    response.allow_post = true;
    return response;
  }
  Params params = request.params;
  const absl::Status body = AddBodyParams(request.content_type, request.body, &params);
  if (!body.ok()) return Error(400, "", std::string(body.message()));
  const auto key = params.find("api_key");
  if (key == params.end() || key->second.empty() || key->second != api_key_) {
    return Error(401, "api_key", "api_key is missing or invalid");
  }
  if (!limiter_->TryAcquire()) {
    const double wait = absl::ToDoubleSeconds(limiter_->TimeUntilAvailable());
    ApiResponse response = Error(429, "", "rate limit exceeded; retry later");
    response.retry_after_seconds = std::max(1, static_cast<int>(std::ceil(wait)));
    return response;
  }
  if (route->action == Action::kList) return List(*store_, *route, params);
  return Write(*store_, *route, params);
}

}  // namespace leadgw::emulators::hotprofile
