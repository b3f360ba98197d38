#include "service/access/request_credentials.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"

namespace leadgw::service::access {
namespace {

constexpr absl::string_view kBearerScheme = "bearer ";

void CopyProperty(const grpc::AuthContext& auth, const char* name,
                  std::vector<std::string>* out) {
  for (const grpc::string_ref& value : auth.FindPropertyValues(name)) {
    out->emplace_back(value.data(), value.size());
  }
}

}  // namespace

Credentials CredentialsOf(const grpc::ServerContext& context) {
  Credentials credentials;
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  // Only a certificate gRPC verified against the client CA says who the peer is.
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    CopyProperty(*auth, GRPC_PEER_URI_PROPERTY_NAME, &credentials.certificate_uris);
    CopyProperty(*auth, GRPC_PEER_DNS_PROPERTY_NAME, &credentials.certificate_dns);
  }
  const auto& metadata = context.client_metadata();
  for (auto [it, end] = metadata.equal_range("authorization"); it != end; ++it) {
    const absl::string_view value(it->second.data(), it->second.size());
    if (absl::StartsWithIgnoreCase(value, kBearerScheme)) {
      credentials.bearer_token = std::string(value.substr(kBearerScheme.size()));
      break;
    }
  }
  return credentials;
}

}  // namespace leadgw::service::access
