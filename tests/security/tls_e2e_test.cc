// TLS on the gRPC port, on the real binary with certificates made by openssl at run time:
// TLS clients are served and plaintext ones refused; in mutual mode a client without a
// certificate, or with one from another CA, is refused; a certificate rotated in place (a
// directory symlink swapped, as Kubernetes Secret mounts do) is served without a restart.
#include <cstdlib>
#include <memory>
#include <string>

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
  "server": {"drainGrace": "1s",
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

  void StartGatewayWith(const std::string& client_ca_line, const std::string& access = "") {
    auto gateway = StartGateway(
        kConfig, {{"TLS_DIR", dir_}, {"CLIENT_CA", client_ca_line}, {"ACCESS", access}});
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

}  // namespace
}  // namespace leadgw::testing
