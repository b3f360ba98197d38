#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/readme_examples.h"

namespace leadgw::testing {
namespace {

using ::testing::ElementsAre;

TEST(ReadmeExamplesParseTest, OnlyMarkedShBlocksSplitIntoCommands) {
  const char* markdown = R"(Intro.

```sh
not marked
```

<!-- readme-example -->
```sh
# a comment
tool list

tool call a.B/C \
  '{"x":
  "y"}'
```

- item:

  <!-- readme-example -->
  ```sh
  tool one
  tool two \
    --flag
  ```
<!-- readme-example -->
```cpp
not sh
```
)";
  EXPECT_THAT(ExtractExampleCommands(markdown),
              ElementsAre("tool list", "tool call a.B/C \\\n  '{\"x\":\n  \"y\"}'", "tool one",
                          "tool two \\\n  --flag"));
}

TEST(ReadmeExamplesParseTest, NoMarkerNoCommands) {
  EXPECT_THAT(ExtractExampleCommands("```sh\nls\n```\n"), ::testing::IsEmpty());
}

}  // namespace
}  // namespace leadgw::testing
