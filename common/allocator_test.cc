#include "common/allocator.h"

#include "gtest/gtest.h"

namespace leadgw {
namespace {

// Tests are plain or sanitizer builds, which never link tcmalloc (only --config=opt does):
// tuning must then leave glibc's allocator alone and say so.
TEST(AllocatorTest, PlainBuildsKeepGlibc) {
  EXPECT_EQ(TuneAllocator(), "glibc");
  EXPECT_EQ(TuneAllocator(), "glibc");  // idempotent
}

}  // namespace
}  // namespace leadgw
