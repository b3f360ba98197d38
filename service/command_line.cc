#include "service/command_line.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/build_info.h"
#include "service/rpc_metrics.h"

namespace leadgw::service {
namespace {

std::string TypeName(const absl::CommandLineFlag& flag) {
  if (flag.IsOfType<bool>()) return "bool";
  if (flag.IsOfType<int>()) return "int";
  if (flag.IsOfType<std::string>()) return "string";
  return "value";
}

std::string DefaultText(const absl::CommandLineFlag& flag) {
  return flag.IsOfType<std::string>() ? absl::StrCat("\"", flag.DefaultValue(), "\"")
                                      : flag.DefaultValue();
}

}  // namespace

std::string VersionText() {
  return absl::StrCat("lead-gateway ", kGatewayVersion, " (revision ", BuildRevision(), ")\n");
}

std::string UsageText(absl::string_view intro, absl::string_view flags_file) {
  std::vector<const absl::CommandLineFlag*> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::EndsWith(flag->Filename(), flags_file)) flags.push_back(flag);
  }
  std::sort(flags.begin(), flags.end(),
            [](const auto* a, const auto* b) { return a->Name() < b->Name(); });
  std::string text = absl::StrCat(intro, "\n\nFlags:\n");
  for (const absl::CommandLineFlag* flag : flags) {
    absl::StrAppend(&text, "  --", flag->Name(), " (", TypeName(*flag), ", default ",
                    DefaultText(*flag), ")\n      ", flag->Help(), "\n");
  }
  absl::StrAppend(&text, "  --help\n      Print this text and exit.\n",
                  "  --version\n      Print the version and source revision and exit.\n");
  return text;
}

std::optional<std::string> HelpOrVersionRequested(int argc, char** argv,
                                                  absl::string_view intro,
                                                  absl::string_view flags_file) {
  absl::FlagsUsageConfig config;
  const std::string file(flags_file);
  config.contains_help_flags = [file](absl::string_view path) {
    return absl::EndsWith(path, file);
  };
  config.contains_helpshort_flags = config.contains_help_flags;
  config.version_string = &VersionText;
  absl::SetFlagsUsageConfig(config);

  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--help" || arg == "-help" || arg == "-h") return UsageText(intro, flags_file);
    if (arg == "--version" || arg == "-version") return VersionText();
  }
  return std::nullopt;
}

}  // namespace leadgw::service
