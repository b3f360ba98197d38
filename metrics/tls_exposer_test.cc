// TlsExposer, with certificates made by openssl at run time and libcurl as the
// scraper: HTTPS is served, plaintext to the TLS port is refused, and with a client CA
// only clients holding a certificate of that CA are served.
#include <curl/curl.h>
#include <stdlib.h>

#include <cstdlib>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/builder.h"
#include "metrics/tls_exposer.h"
#include "metrics/registry.h"
#include "testing/status_matchers.h"
#include "tests/testing/test_certificates.h"

namespace leadgw::metrics {
namespace {

using ::leadgw::testing::TestCertificates;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;

struct Scrape {
  CURLcode code = CURLE_OK;
  long http_status = 0;
  std::string body;
};

size_t AppendBody(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

// GET `url`, trusting `ca_file` for the server; `client` names a certificate pair (files
// client.crt/.key of `certificates`) to present, or is empty.
Scrape Get(const std::string& url, const std::string& ca_file, const TestCertificates& certs,
           const std::string& client = "") {
  Scrape scrape;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    scrape.code = CURLE_FAILED_INIT;
    return scrape;
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Generous: the handshake must complete on a saturated 2-core machine.
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &scrape.body);
  if (!ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  const std::string cert = certs.Path(client, "crt");
  const std::string key = certs.Path(client, "key");
  if (!client.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, cert.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEY, key.c_str());
  }
  scrape.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &scrape.http_status);
  curl_easy_cleanup(curl);
  return scrape;
}

bool Served(const Scrape& scrape) {
  return scrape.code == CURLE_OK && scrape.http_status == 200 &&
         scrape.body.find("leadgw_tls_test_total 3") != std::string::npos;
}

class TlsExposerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/tls_exposer_test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    certs_ = std::make_unique<TestCertificates>(dir);
    ASSERT_TRUE(certs_->MakeCa("server-ca") && certs_->MakeCa("client-ca") &&
                certs_->MakeCa("other-ca"))
        << "openssl failed";
    ASSERT_TRUE(certs_->Issue("server", "server-ca") && certs_->Issue("client", "client-ca") &&
                certs_->Issue("stranger", "other-ca"));
    BuildCounter().Name("leadgw_tls_test_total").Help("Test.").Register(registry_).Add({}).Increment(3);
  }

  TlsExposerOptions TlsOptions(const std::string& client_ca = "") const {
    TlsExposerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.certificate_file = certs_->Path("server", "crt");
    options.private_key_file = certs_->Path("server", "key");
    if (!client_ca.empty()) options.client_ca_file = certs_->Path(client_ca, "crt");
    return options;
  }

  std::string Url(const char* scheme, const TlsExposer& exposer) const {
    return absl::StrCat(scheme, "://127.0.0.1:", exposer.port(), "/metrics");
  }

  std::unique_ptr<TestCertificates> certs_;
  Registry registry_;
};

TEST_F(TlsExposerTest, ServesHttpsAndRefusesPlaintext) {
  TlsExposer exposer(registry_, TlsOptions());
  ASSERT_THAT(exposer.Start(), IsOk());
  const std::string ca = certs_->Path("server-ca", "crt");
  EXPECT_TRUE(Served(Get(Url("https", exposer), ca, *certs_)));
  EXPECT_FALSE(Served(Get(Url("http", exposer), "", *certs_)));
  // A scraper that does not trust the server's CA refuses it.
  EXPECT_FALSE(Served(Get(Url("https", exposer), certs_->Path("other-ca", "crt"), *certs_)));
}

TEST_F(TlsExposerTest, MutualTlsServesOnlyClientsOfTheClientCa) {
  TlsExposer exposer(registry_, TlsOptions("client-ca"));
  ASSERT_THAT(exposer.Start(), IsOk());
  const std::string ca = certs_->Path("server-ca", "crt");
  EXPECT_TRUE(Served(Get(Url("https", exposer), ca, *certs_, "client")));
  EXPECT_FALSE(Served(Get(Url("https", exposer), ca, *certs_)));
  EXPECT_FALSE(Served(Get(Url("https", exposer), ca, *certs_, "stranger")));
  // The server still answers a good client after the refusals.
  EXPECT_TRUE(Served(Get(Url("https", exposer), ca, *certs_, "client")));
}

TEST_F(TlsExposerTest, UnreadableKeyIsInvalidArgumentNamingThePath) {
  TlsExposerOptions options = TlsOptions();
  options.private_key_file = "/nonexistent/tls.key";
  TlsExposer exposer(registry_, options);
  EXPECT_THAT(exposer.Start(), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("/nonexistent/tls.key")));
  EXPECT_EQ(exposer.port(), 0);
}

TEST_F(TlsExposerTest, MismatchedKeyFailsTheStart) {
  TlsExposerOptions options = TlsOptions();
  options.private_key_file = certs_->Path("client", "key");
  TlsExposer exposer(registry_, options);
  EXPECT_FALSE(exposer.Start().ok());
  EXPECT_EQ(exposer.port(), 0);
}

// The files as a Kubernetes Secret mount changes them: a directory symlink swapped at once.
TEST_F(TlsExposerTest, ARotatedCertificateIsServedWithoutARestart) {
  ASSERT_TRUE(certs_->Issue("server2", "other-ca"));
  const std::string dir = certs_->Path("live", "d");  // <dir>/live.d -> v1 or v2
  const std::string base = dir.substr(0, dir.rfind('/'));
  auto publish = [&](const std::string& version, const std::string& pair) {
    const std::string command = absl::StrCat(
        "mkdir -p ", base, "/", version, " && cp ", certs_->Path(pair, "crt"), " ", base, "/",
        version, "/tls.crt && cp ", certs_->Path(pair, "key"), " ", base, "/", version,
        "/tls.key && ln -sfn ", version, " ", base, "/live.next && mv -T ", base,
        "/live.next ", dir);
    return std::system(command.c_str()) == 0;
  };
  ASSERT_TRUE(publish("v1", "server"));
  TlsExposerOptions options = TlsOptions();
  options.certificate_file = dir + "/tls.crt";
  options.private_key_file = dir + "/tls.key";
  options.refresh_interval = absl::Milliseconds(200);
  TlsExposer exposer(registry_, options);
  ASSERT_THAT(exposer.Start(), IsOk());
  const int port = exposer.port();
  EXPECT_TRUE(Served(Get(Url("https", exposer), certs_->Path("server-ca", "crt"), *certs_)));

  ASSERT_TRUE(publish("v2", "server2"));
  // Generous: the check runs every 200 ms, on a machine that may be saturated.
  bool rotated = false;
  for (int i = 0; i < 300 && !rotated; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    rotated = Served(Get(Url("https", exposer), certs_->Path("other-ca", "crt"), *certs_));
  }
  EXPECT_TRUE(rotated);
  EXPECT_EQ(exposer.port(), port);
  EXPECT_FALSE(Served(Get(Url("https", exposer), certs_->Path("server-ca", "crt"), *certs_)));
}

TEST_F(TlsExposerTest, FilesThatDoNotLoadKeepTheOldCertificate) {
  TlsExposerOptions options = TlsOptions();
  const std::string key = certs_->Path("copy", "key");
  ASSERT_EQ(std::system(absl::StrCat("cp ", options.private_key_file, " ", key).c_str()), 0);
  options.private_key_file = key;
  options.refresh_interval = absl::Milliseconds(100);
  TlsExposer exposer(registry_, options);
  ASSERT_THAT(exposer.Start(), IsOk());
  ASSERT_EQ(std::system(absl::StrCat("echo broken > ", key).c_str()), 0);
  absl::SleepFor(absl::Milliseconds(500));  // a few checks
  EXPECT_TRUE(Served(Get(Url("https", exposer), certs_->Path("server-ca", "crt"), *certs_)));
}

TEST_F(TlsExposerTest, HealthzAnswersAndStopIsIdempotent) {
  TlsExposer exposer(registry_, TlsOptions());
  ASSERT_THAT(exposer.Start(), IsOk());
  const Scrape health = Get(absl::StrCat("https://127.0.0.1:", exposer.port(), "/healthz"),
                            certs_->Path("server-ca", "crt"), *certs_);
  EXPECT_EQ(health.http_status, 200);
  EXPECT_THAT(exposer.Start(), StatusIs(absl::StatusCode::kFailedPrecondition));
  exposer.Stop();
  EXPECT_EQ(exposer.port(), 0);
  exposer.Stop();
}

}  // namespace
}  // namespace leadgw::metrics
