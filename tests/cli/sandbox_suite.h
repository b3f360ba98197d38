// A test suite sharing one gateway started with --sandbox (loopback, ports chosen at run
// time) for all its tests: the CLI end-to-end tests run many short commands against it.
#ifndef LEADGW_TESTS_CLI_SANDBOX_SUITE_H_
#define LEADGW_TESTS_CLI_SANDBOX_SUITE_H_

#include "gtest/gtest.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing {

class SandboxSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GatewayProcessOptions options;
    options.extra_args = {"--sandbox"};
    auto started = GatewayProcess::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    gateway_ = started->release();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(gateway_, nullptr); }

  inline static GatewayProcess* gateway_ = nullptr;
};

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_CLI_SANDBOX_SUITE_H_
