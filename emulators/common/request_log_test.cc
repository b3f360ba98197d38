#include "emulators/common/request_log.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::common {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

TEST(RequestLogTest, KeepsTheNewestUpToCapacityOldestFirst) {
  RequestLog log(2);
  log.Record({"GET", "/a", {}});
  log.Record({"GET", "/b", {}});
  log.Record({"POST", "/c?x=1", {{"Host", "h"}}});
  EXPECT_THAT(log.Recent(), ElementsAre(Field(&ReceivedRequest::target, "/b"),
                                        Field(&ReceivedRequest::target, "/c?x=1")));
  log.Clear();
  EXPECT_TRUE(log.Recent().empty());
}

}  // namespace
}  // namespace leadgw::emulators::common
