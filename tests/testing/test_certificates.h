// CAs and certificates made with openssl at run time for TLS tests: every run has its own
// keys, none are checked in. Test-only.
#ifndef LEADGW_TESTS_TESTING_TEST_CERTIFICATES_H_
#define LEADGW_TESTS_TESTING_TEST_CERTIFICATES_H_

#include <string>

namespace leadgw::testing {

// Files live in `dir` as <name>.crt, <name>.key (P-256 keys, valid 2 days).
class TestCertificates {
 public:
  explicit TestCertificates(std::string dir);

  // A self-signed CA `name`. False if openssl failed.
  bool MakeCa(const std::string& name);

  // A leaf `name` signed by `ca` with the subject alternative names `sans` (by default
  // localhost and 127.0.0.1, for a server). False if openssl failed.
  bool Issue(const std::string& name, const std::string& ca,
             const std::string& sans = "DNS:localhost,IP:127.0.0.1");

  // <dir>/<name>.<extension>
  std::string Path(const std::string& name, const std::string& extension) const;
  // The contents of Path(name, extension); empty if unreadable.
  std::string Pem(const std::string& name, const std::string& extension) const;

 private:
  std::string dir_;
};

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_TESTING_TEST_CERTIFICATES_H_
