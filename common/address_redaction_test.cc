#include "common/address_redaction.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(AddressRedactionTest, UrlKeepsOnlyItsPath) {
  EXPECT_EQ(RedactNetworkAddresses(
                "POST http://127.0.0.1:34567/rest/v1/leads.json?access_token=x: refused"),
            "POST <upstream>/rest/v1/leads.json: refused");
  EXPECT_EQ(RedactNetworkAddresses("see https://user:pw@123-ABC-456.mktorest.com."),
            "see <upstream>.");
  EXPECT_EQ(RedactNetworkAddresses("(https://example.com/identity/oauth/token)"),
            "(<upstream>/identity/oauth/token)");
}

TEST(AddressRedactionTest, CurlConnectMessages) {
  const std::string redacted = RedactNetworkAddresses(
      "marketo /rest/v1/leads.json: GET http://127.0.0.1:41234/rest/v1/lead/1.json: "
      "Couldn't connect to server (Failed to connect to 127.0.0.1 port 41234 after 0 ms: "
      "Connection refused)");
  EXPECT_EQ(redacted,
            "marketo /rest/v1/leads.json: GET <upstream>/rest/v1/lead/1.json: Couldn't connect "
            "to server (Failed to connect to <upstream> after 0 ms: Connection refused)");
  EXPECT_EQ(RedactNetworkAddresses("Failed to connect to crm.example.co.jp port 443 after 5 ms"),
            "Failed to connect to <upstream> after 5 ms");
}

TEST(AddressRedactionTest, ResolverAndCertificateHostNames) {
  EXPECT_EQ(RedactNetworkAddresses("Could not resolve host: api.example.com"),
            "Could not resolve host: <upstream>");
  EXPECT_EQ(RedactNetworkAddresses("Could not resolve proxy: proxy.corp"),
            "Could not resolve proxy: <upstream>");
  EXPECT_EQ(RedactNetworkAddresses(
                "SSL: certificate subject name 'a.example.com' does not match target host "
                "name 'b.example.com'"),
            "SSL: certificate subject name '<upstream>' does not match target host name "
            "'<upstream>'");
}

TEST(AddressRedactionTest, BareAddresses) {
  EXPECT_EQ(RedactNetworkAddresses("redis 10.0.0.7:6379: unreachable"),
            "redis <upstream>: unreachable");
  EXPECT_EQ(RedactNetworkAddresses("redis redis-0.redis:6379: unreachable"),
            "redis <upstream>: unreachable");
  EXPECT_EQ(RedactNetworkAddresses("peer [::1]:8080 and [fe80::1%eth0] and 192.168.1.20."),
            "peer <upstream> and <upstream> and <upstream>.");
  EXPECT_EQ(RedactNetworkAddresses("localhost:9 refused"), "<upstream> refused");
}

TEST(AddressRedactionTest, LeavesOrdinaryMessagesAlone) {
  for (const char* message : {
           "marketo 606: Max rate limit '100' exceeded with in '20' secs",
           "leads[0].email: must be at most 255 characters",
           "custom_fields.Score__c: not a number",
           "page[display_number]: 1-1000",
           "retry after 2026-12-06T13:24:59Z; window 12:30 left",
           "hotprofile 422: company.name is required",
           "quota 100 calls per 20s, version 1.2.3",
           "[query removed]",
       }) {
    EXPECT_EQ(RedactNetworkAddresses(message), message);
  }
}

TEST(AddressRedactionTest, NothingOfTheHostSurvives) {
  const std::string redacted = RedactNetworkAddresses(
      "marketo identity: POST https://123-ABC-456.mktorest.com:8443/identity/oauth/token: "
      "Timeout was reached (Connection timed out after 5001 milliseconds; host "
      "123-ABC-456.mktorest.com port 8443)");
  EXPECT_THAT(redacted, Not(HasSubstr("mktorest")));
  EXPECT_THAT(redacted, Not(HasSubstr("8443")));
  EXPECT_THAT(redacted, HasSubstr("/identity/oauth/token"));
  EXPECT_THAT(redacted, HasSubstr("Connection timed out after 5001 milliseconds"));
}

}  // namespace
}  // namespace leadgw
