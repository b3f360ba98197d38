#include "tests/cli/readme_examples.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace leadgw::testing {
namespace {

// True while `text` leaves a single-quoted string open (sh has no escapes inside one).
bool InsideSingleQuotes(absl::string_view text) {
  return std::count(text.begin(), text.end(), '\'') % 2 == 1;
}

}  // namespace

std::vector<std::string> ExtractExampleCommands(absl::string_view markdown) {
  std::vector<std::string> commands;
  const std::vector<absl::string_view> lines = absl::StrSplit(markdown, '\n');
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (absl::StripAsciiWhitespace(lines[i]) != kReadmeExampleMarker) continue;
    absl::string_view fence = lines[i + 1];
    const size_t indent = fence.find_first_not_of(' ');
    if (indent == absl::string_view::npos || fence.substr(indent) != "```sh") continue;
    std::string command;
    for (i += 2; i < lines.size(); ++i) {
      absl::string_view line = lines[i];
      line.remove_prefix(std::min(indent, line.find_first_not_of(' ')));
      if (absl::StartsWith(line, "```")) break;
      if (command.empty() &&
          (absl::StripAsciiWhitespace(line).empty() || absl::StartsWith(line, "#"))) {
        continue;
      }
      command.append(line.data(), line.size());
      if (absl::EndsWith(line, "\\") || InsideSingleQuotes(command)) {
        command.push_back('\n');
        continue;
      }
      commands.push_back(std::move(command));
      command.clear();
    }
    if (!command.empty()) commands.push_back(std::move(command));  // unterminated: let it fail
  }
  return commands;
}

}  // namespace leadgw::testing
