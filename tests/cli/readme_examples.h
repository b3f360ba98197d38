// The example commands of README.md: every fenced `sh` block right after a line
// `<!-- readme-example -->`, split into commands as /bin/sh would read them.
#ifndef LEADGW_TESTS_CLI_README_EXAMPLES_H_
#define LEADGW_TESTS_CLI_README_EXAMPLES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace leadgw::testing {

inline constexpr absl::string_view kReadmeExampleMarker = "<!-- readme-example -->";

// The commands of the marked blocks, in document order. A command continues over lines
// ending in a backslash and over newlines inside single quotes; blank lines and `#`
// comments are dropped; a block's indentation (inside a list item) is removed.
std::vector<std::string> ExtractExampleCommands(absl::string_view markdown);

}  // namespace leadgw::testing

#endif  // LEADGW_TESTS_CLI_README_EXAMPLES_H_
