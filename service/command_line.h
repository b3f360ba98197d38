// The gateway's --help and --version. Abseil's own --help lists only flags defined in a
// file named like the binary (main.cc is not) and exits 1; its --version says "Debug
// build" (Debian's abseil is built without NDEBUG) instead of what is running.
#ifndef LEADGW_SERVICE_COMMAND_LINE_H_
#define LEADGW_SERVICE_COMMAND_LINE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace leadgw::service {

// "lead-gateway 0.2.0 (revision 1a2b3c4)\n": the release and the source revision.
std::string VersionText();

// `intro`, then every flag defined in a file whose path ends with `flags_file`, sorted by
// name, each with its type, default and help.
std::string UsageText(absl::string_view intro, absl::string_view flags_file);

// What to print on stdout (then exit 0) when the command line asks for --help or --version
// (also -help, -h, -version, before any "--"); nullopt otherwise. Also points abseil's
// remaining help flags (--helpshort, --help=substring) at `flags_file` and its --version
// at VersionText(), so they agree.
std::optional<std::string> HelpOrVersionRequested(int argc, char** argv,
                                                  absl::string_view intro,
                                                  absl::string_view flags_file);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_COMMAND_LINE_H_
