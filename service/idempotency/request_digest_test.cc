#include "service/idempotency/request_digest.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace leadgw::service::idempotency {
namespace {

TEST(RequestDigestTest, IsSha256) {
  EXPECT_EQ(absl::BytesToHexString(RequestDigest("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(absl::BytesToHexString(RequestDigest("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RequestDigestTest, LocalFingerprintFollowsTheDigest) {
  EXPECT_EQ(LocalFingerprintOf(RequestDigest("a")), LocalFingerprintOf(RequestDigest("a")));
  EXPECT_NE(LocalFingerprintOf(RequestDigest("a")), LocalFingerprintOf(RequestDigest("b")));
  EXPECT_EQ(LocalFingerprintOf(""), 0u);  // short input: no read past its end
}

}  // namespace
}  // namespace leadgw::service::idempotency
