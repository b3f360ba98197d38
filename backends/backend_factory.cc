#include "backends/backend_factory.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/hotprofile/hotprofile_backend.h"
#include "upstream/http/curl_http_client.h"
#include "backends/marketo/marketo_backend_factory.h"
#include "backends/marketo/marketo_response_classifier.h"
#include "upstream/guard/guarded_http_client.h"

namespace leadgw::backends {
namespace {

std::shared_ptr<upstream::GuardedHttpClient> GuardedClient(
    const ConnectionSettings& settings, std::shared_ptr<const upstream::ResponseClassifier> classifier,
    std::shared_ptr<upstream::ConnectionMetrics> metrics) {
  return std::make_shared<upstream::GuardedHttpClient>(
      settings.name, std::make_shared<upstream::http::CurlHttpClient>(), std::move(classifier),
      std::move(metrics), upstream::GuardOptionsFor(settings));
}

}  // namespace

absl::StatusOr<std::unique_ptr<LeadBackend>> CreateBackend(const ConnectionSettings& settings,
                                                           upstream::UpstreamMetrics& metrics) {
  switch (settings.kind) {
    case ::leadgateway::v1::BACKEND_KIND_MARKETO: {
      auto connection_metrics =
          std::make_shared<upstream::ConnectionMetrics>(metrics, settings, "marketo");
      auto client = GuardedClient(
          settings, std::make_shared<marketo::MarketoResponseClassifier>(settings.limits.window),
          connection_metrics);
      marketo::MarketoBackendOptions options;
      options.on_token_refresh = [connection_metrics](bool ok) {
        connection_metrics->RecordTokenRefresh(ok);
      };
      auto backend = marketo::CreateMarketoBackend(settings, client, std::move(options));
      if (!backend.ok()) return backend.status();
      metrics.registry().AddCollectHook(
          [client, connection_metrics, tokens = (*backend)->token_provider()] {
            connection_metrics->SetQuota(client->gate().Snapshot());
            const absl::Time expires = tokens->expires_at();
            connection_metrics->SetTokenExpiry(
                expires == absl::InfinitePast() ? absl::ZeroDuration() : expires - absl::Now());
          });
      return std::unique_ptr<LeadBackend>(*std::move(backend));
    }
    case ::leadgateway::v1::BACKEND_KIND_HOTPROFILE: {
      auto connection_metrics =
          std::make_shared<upstream::ConnectionMetrics>(metrics, settings, "hotprofile");
      auto client = GuardedClient(settings, std::make_shared<upstream::HttpStatusClassifier>(),
                                  connection_metrics);
      metrics.registry().AddCollectHook([client, connection_metrics] {
        connection_metrics->SetQuota(client->gate().Snapshot());
      });
      return std::make_unique<hotprofile::HotProfileBackend>(settings, client);
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("connection '", settings.name, "' has no known backend kind"));
  }
}

}  // namespace leadgw::backends
