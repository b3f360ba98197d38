#include "service/server_credentials.h"

#include <algorithm>
#include <string>

#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace leadgw::service {

std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(
    const std::optional<TlsSettings>& tls) {
  if (!tls.has_value()) return grpc::InsecureServerCredentials();
  const auto refresh_seconds = static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(tls->refresh_interval)));
  auto files = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      tls->private_key_file, tls->certificate_file, tls->client_ca_file, refresh_seconds);
  grpc::experimental::TlsServerCredentialsOptions options(files);
  options.watch_identity_key_cert_pairs();
  if (tls->mutual()) {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace leadgw::service
