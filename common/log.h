// One JSON object per line on stderr: {"time":..., "level":..., "message":..., ...fields}.
//
// Callers pass only bounded, non-secret fields: never API keys, tokens, emails or names.
// Thread-safe: each line is written with a single write().
#ifndef LEADGW_COMMON_LOG_H_
#define LEADGW_COMMON_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace leadgw {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

using LogFields = std::vector<std::pair<std::string, std::string>>;

// Lines below `level` are dropped. Default kInfo.
void SetLogLevel(LogLevel level);

// Parses "debug", "info", "warning", "error"; false when unknown.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// True when lines at `level` are written; lets hot paths skip building fields.
bool LogEnabled(LogLevel level);

// Writes one line if `level` is enabled.
void Log(LogLevel level, absl::string_view message, const LogFields& fields = {});

// The line Log would write (for tests).
std::string FormatLogLine(LogLevel level, absl::string_view message, const LogFields& fields);

}  // namespace leadgw

#endif  // LEADGW_COMMON_LOG_H_
