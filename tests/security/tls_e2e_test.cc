// TLS on the gRPC port, on the real binary with certificates made by openssl at run time:
// TLS clients are served and plaintext ones refused; in mutual mode a client without a
// certificate, or with one from another CA, is refused; a certificate rotated in place (a
// directory symlink swapped, as Kubernetes Secret mounts do) is served without a restart.
// And /metrics over mutual TLS (server.metrics.tls).
#include <curl/curl.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/connection_service.grpc.pb.h"
#include "testing/status_matchers.h"
#include "tests/faults/fault_test_util.h"
#include "tests/testing/child_process.h"
#include "tests/testing/test_certificates.h"

namespace leadgw::testing {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing::faults::StartGateway;
using ::leadgw::testing_util::IsOk;

constexpr char kConfig[] = R"json({
  "server": {"drainGrace": "1s", METRICS
             "tls": {"certificateFile": "TLS_DIR/live/server.crt",
                     "privateKeyFile": "TLS_DIR/live/server.key",
                     CLIENT_CA
                     "refreshInterval": "1s"}},
  "connections": [
    {"name": "acme", "backend": "marketo", "baseUrl": "http://127.0.0.1:9",
     MARKETO_CREDENTIALS}
  ]
  ACCESS
})json";

// Callers known by their certificates' SANs (for the identity case).
constexpr char kAccessByCertificate[] = R"json(,
  "access": {"callers": [
    {"name": "crm-sync", "spiffeIds": ["spiffe://cluster.local/ns/crm/sa/crm-sync"],
     "grants": [{"connections": ["acme"], "operations": ["read"]}]},
    {"name": "ops-tool", "dnsNames": ["ops-tool.tools.svc"],
     "grants": [{"connections": ["*"], "operations": ["read"]}]}
  ]})json";

class TlsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    certificates_ = std::make_unique<TestCertificates>(dir_);
    ASSERT_TRUE(certificates_->MakeCa("server-ca") && certificates_->MakeCa("client-ca") &&
                certificates_->MakeCa("other-ca"))
        << "openssl failed";
    ASSERT_TRUE(certificates_->Issue("server", "server-ca") &&
                certificates_->Issue("client", "client-ca") &&
                certificates_->Issue("stranger", "other-ca"));
    // live -> v1, holding the server's pair: what the gateway's config names.
    ASSERT_TRUE(PublishServerPair("v1"));
  }

  // Copies the current server.crt/key into <dir>/<version>/ and points <dir>/live at it
  // with an atomic rename, so the pair changes at once.
  bool PublishServerPair(const std::string& version) {
    const std::string target = absl::StrCat(dir_, "/", version);
    const std::string command = absl::StrCat(
        "mkdir -p ", target, " && cp ", certificates_->Path("server", "crt"), " ", target,
        "/server.crt && cp ", certificates_->Path("server", "key"), " ", target,
        "/server.key && ln -sfn ", version, " ", dir_, "/live.next && mv -T ", dir_,
        "/live.next ", dir_, "/live");
    return std::system(command.c_str()) == 0;
  }

  void StartGatewayWith(const std::string& client_ca_line, const std::string& access = "",
                        const std::string& metrics = "") {
    auto gateway = StartGateway(kConfig, {{"TLS_DIR", dir_},
                                          {"CLIENT_CA", client_ca_line},
                                          {"ACCESS", access},
                                          {"METRICS", metrics}});
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
  }

  // ListConnections over a channel with `credentials` (the server's name is localhost).
  grpc::Status Call(const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride("localhost");
    auto channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", gateway_->grpc_port()),
                                             credentials, arguments);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    v1::ListConnectionsResponse response;
    return v1::ConnectionService::NewStub(channel)->ListConnections(
        &context, v1::ListConnectionsRequest(), &response);
  }

  std::shared_ptr<grpc::ChannelCredentials> TrustingServerCa(const std::string& client = "") {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = certificates_->Pem("server-ca", "crt");
    if (!client.empty()) {
      options.pem_private_key = certificates_->Pem(client, "key");
      options.pem_cert_chain = certificates_->Pem(client, "crt");
    }
    return grpc::SslCredentials(options);
  }

  std::string dir_;
  std::unique_ptr<TestCertificates> certificates_;
  std::unique_ptr<GatewayProcess> gateway_;
};

TEST_F(TlsE2eTest, TlsClientsAreServedAndPlaintextOnesRefused) {
  ASSERT_NO_FATAL_FAILURE(StartGatewayWith(""));
  EXPECT_TRUE(Call(TrustingServerCa()).ok());
  const grpc::Status plaintext = Call(grpc::InsecureChannelCredentials());
  EXPECT_EQ(plaintext.error_code(), grpc::StatusCode::UNAVAILABLE) << plaintext.error_message();
}

TEST_F(TlsE2eTest, MutualModeRefusesClientsWithoutACertificateOfTheClientCa) {
  ASSERT_NO_FATAL_FAILURE(StartGatewayWith(
      absl::StrCat("\"clientCaFile\": \"", certificates_->Path("client-ca", "crt"), "\",")));
  EXPECT_TRUE(Call(TrustingServerCa("client")).ok());
  const grpc::Status anonymous = Call(TrustingServerCa());
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAVAILABLE) << anonymous.error_message();
  const grpc::Status stranger = Call(TrustingServerCa("stranger"));
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::UNAVAILABLE) << stranger.error_message();
}

TEST_F(TlsE2eTest, ClientCertificateSansIdentifyCallers) {
  ASSERT_TRUE(
      certificates_->Issue("crm", "client-ca", "URI:spiffe://cluster.local/ns/crm/sa/crm-sync") &&
      certificates_->Issue("ops", "client-ca", "DNS:ops-tool.tools.svc") &&
      certificates_->Issue("nobody", "client-ca", "URI:spiffe://cluster.local/ns/x/sa/nobody"));
  ASSERT_NO_FATAL_FAILURE(StartGatewayWith(
      absl::StrCat("\"clientCaFile\": \"", certificates_->Path("client-ca", "crt"), "\","),
      kAccessByCertificate));
  const grpc::Status by_spiffe = Call(TrustingServerCa("crm"));
  EXPECT_TRUE(by_spiffe.ok()) << by_spiffe.error_message();
  const grpc::Status by_dns = Call(TrustingServerCa("ops"));
  EXPECT_TRUE(by_dns.ok()) << by_dns.error_message();
  // A certificate of the right CA that names no configured caller.
  const grpc::Status nobody = Call(TrustingServerCa("nobody"));
  EXPECT_EQ(nobody.error_code(), grpc::StatusCode::UNAUTHENTICATED) << nobody.error_message();
}

TEST_F(TlsE2eTest, ARotatedCertificateIsServedWithoutARestart) {
  ASSERT_NO_FATAL_FAILURE(StartGatewayWith(""));
  ASSERT_TRUE(Call(TrustingServerCa()).ok());

  // A new server CA and pair, published the way a Secret mount changes.
  ASSERT_TRUE(certificates_->MakeCa("server-ca") && certificates_->Issue("server", "server-ca"));
  ASSERT_TRUE(PublishServerPair("v2"));
  // The watcher looks every second; a busy machine may need many more.
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  grpc::Status rotated = Call(TrustingServerCa());
  while (!rotated.ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(250));
    rotated = Call(TrustingServerCa());
  }
  EXPECT_TRUE(rotated.ok()) << "the new certificate was not served: " << rotated.error_message();
  EXPECT_FALSE(gateway_->process().Poll().has_value()) << "the gateway restarted or exited";
}

size_t AppendBody(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

// GET `url` with libcurl, trusting `ca_file`, presenting the pair `client_pem` (crt, key)
// when set. The HTTP status, or 0 when the transfer failed (refused handshake, no TLS).
long Scrape(const std::string& url, const std::string& ca_file,
            const std::pair<std::string, std::string>& client_pem, std::string* body) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return 0;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);  // a saturated machine still handshakes
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
  curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  if (!client_pem.first.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, client_pem.first.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEY, client_pem.second.c_str());
  }
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  return status;
}

// server.metrics.tls with a client CA: Prometheus holding a client certificate scrapes over
// https; plaintext and certificate-less scrapes get nothing.
TEST_F(TlsE2eTest, MetricsAreServedOverMutualTls) {
  const std::string metrics = absl::StrCat(
      R"("metrics": {"tls": {"certificateFile": ")", dir_, R"(/live/server.crt", )",
      R"("privateKeyFile": ")", dir_, R"(/live/server.key", )",
      R"("clientCaFile": ")", certificates_->Path("client-ca", "crt"), R"("}},)");
  ASSERT_NO_FATAL_FAILURE(StartGatewayWith("", "", metrics));
  const std::string https = absl::StrCat("https://localhost:", gateway_->metrics_port());
  const std::string ca = certificates_->Path("server-ca", "crt");
  const std::pair<std::string, std::string> client = {certificates_->Path("client", "crt"),
                                                       certificates_->Path("client", "key")};
  std::string body;
  EXPECT_EQ(Scrape(https + "/metrics", ca, client, &body), 200);
  EXPECT_THAT(body, ::testing::HasSubstr("leadgw_build_info"));
  std::string ignored;
  EXPECT_EQ(Scrape(https + "/metrics", ca, {}, &ignored), 0);
  const std::pair<std::string, std::string> stranger = {certificates_->Path("stranger", "crt"),
                                                         certificates_->Path("stranger", "key")};
  EXPECT_EQ(Scrape(https + "/metrics", ca, stranger, &ignored), 0);
  EXPECT_EQ(Scrape(absl::StrCat("http://127.0.0.1:", gateway_->metrics_port(), "/metrics"), ca,
                   {}, &ignored),
            0);
  // The gRPC port is unaffected: TLS clients are served there as before.
  EXPECT_TRUE(Call(TrustingServerCa()).ok());
}

}  // namespace
}  // namespace leadgw::testing
