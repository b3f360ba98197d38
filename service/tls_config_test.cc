#include "service/tls_config.h"

#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::service {
namespace {

using ::leadgateway::config::v1::TlsConfig;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCertificatePem[] =
    "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
constexpr char kKeyPem[] =
    "-----BEGIN EC PRIVATE KEY-----\nTOPSECRETKEYBYTES\n-----END EC PRIVATE KEY-----\n";

std::string WriteTestFile(const std::string& name, const std::string& contents) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << contents;
  return path;
}

class TlsConfigTest : public ::testing::Test {
 protected:
  TlsConfigTest() {
    config_.set_certificate_file(WriteTestFile("tls.crt", kCertificatePem));
    config_.set_private_key_file(WriteTestFile("tls.key", kKeyPem));
  }
  TlsConfig config_;
};

TEST_F(TlsConfigTest, AbsentMeansPlaintext) {
  auto tls = ResolveTls(false, config_);
  ASSERT_THAT(tls, IsOk());
  EXPECT_FALSE(tls->has_value());
}

TEST_F(TlsConfigTest, CertificateAndKeyGiveServerOnlyTls) {
  auto tls = ResolveTls(true, config_);
  ASSERT_THAT(tls, IsOk());
  ASSERT_TRUE(tls->has_value());
  EXPECT_FALSE((*tls)->mutual());
  EXPECT_EQ((*tls)->refresh_interval, absl::Seconds(60));
}

TEST_F(TlsConfigTest, ClientCaMakesItMutual) {
  config_.set_client_ca_file(WriteTestFile("ca.crt", kCertificatePem));
  *config_.mutable_refresh_interval() = google::protobuf::util::TimeUtil::SecondsToDuration(5);
  auto tls = ResolveTls(true, config_);
  ASSERT_THAT(tls, IsOk());
  EXPECT_TRUE((*tls)->mutual());
  EXPECT_EQ((*tls)->refresh_interval, absl::Seconds(5));
}

TEST_F(TlsConfigTest, EachFileIsRequiredReadableAndOfItsKind) {
  TlsConfig no_certificate = config_;
  no_certificate.clear_certificate_file();
  EXPECT_THAT(ResolveTls(true, no_certificate),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("server.tls.certificate_file: required")));

  TlsConfig missing_key = config_;
  missing_key.set_private_key_file("/nonexistent/tls.key");
  EXPECT_THAT(ResolveTls(true, missing_key),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("server.tls.private_key_file: cannot read /nonexistent/tls.key")));

  TlsConfig certificate_as_key = config_;
  certificate_as_key.set_private_key_file(config_.certificate_file());
  EXPECT_THAT(ResolveTls(true, certificate_as_key),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("holds no PEM private key")));

  TlsConfig key_as_ca = config_;
  key_as_ca.set_client_ca_file(config_.private_key_file());
  auto refused = ResolveTls(true, key_as_ca);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("server.tls.client_ca_file")));
  EXPECT_THAT(refused.status().message(), Not(HasSubstr("TOPSECRET"))) << "key bytes leaked";
}

TEST_F(TlsConfigTest, RefreshIntervalIsBounded) {
  *config_.mutable_refresh_interval() = google::protobuf::util::TimeUtil::MillisecondsToDuration(500);
  EXPECT_THAT(ResolveTls(true, config_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("server.tls.refresh_interval: must be at least 1s")));
  *config_.mutable_refresh_interval() = google::protobuf::util::TimeUtil::SecondsToDuration(7200);
  EXPECT_THAT(ResolveTls(true, config_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("server.tls.refresh_interval")));
}

TEST(LoopbackAddressTest, OnlyThisMachine) {
  for (const char* address : {"127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address : {"0.0.0.0", "::", "10.0.0.7", "gateway.internal", "128.0.0.1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

}  // namespace
}  // namespace leadgw::service
