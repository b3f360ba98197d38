#include "tests/testing/test_certificates.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace leadgw::testing {
namespace {

bool Run(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TestCertificates::TestCertificates(std::string dir) : dir_(std::move(dir)) {}

bool TestCertificates::MakeCa(const std::string& name) {
  return Run(absl::StrCat("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1",
                          " -nodes -days 2 -subj /CN=", name, " -keyout ", Path(name, "key"),
                          " -out ", Path(name, "crt")));
}

bool TestCertificates::Issue(const std::string& name, const std::string& ca,
                             const std::string& sans) {
  std::ofstream(Path(name, "ext")) << "subjectAltName=" << sans << "\n";
  return Run(absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes",
                          " -subj /CN=", name, " -keyout ", Path(name, "key"), " -out ",
                          Path(name, "csr"))) &&
         Run(absl::StrCat("openssl x509 -req -days 2 -in ", Path(name, "csr"), " -CA ",
                          Path(ca, "crt"), " -CAkey ", Path(ca, "key"),
                          " -CAcreateserial -extfile ", Path(name, "ext"), " -out ",
                          Path(name, "crt")));
}

std::string TestCertificates::Path(const std::string& name, const std::string& extension) const {
  return absl::StrCat(dir_, "/", name, ".", extension);
}

std::string TestCertificates::Pem(const std::string& name, const std::string& extension) const {
  std::ifstream in(Path(name, extension));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace leadgw::testing
