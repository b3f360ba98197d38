#include "service/library_logs.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "google/protobuf/stubs/logging.h"
#include "grpc/support/log.h"

namespace leadgw::service {
namespace {

// Per thread: the sync gRPC server parses a request on the thread that then runs its
// interceptors (see request_parse_errors.cc), so a thread-local needs no lock and cannot
// pick up another RPC's complaint.
thread_local std::string protobuf_parse_complaint;

// protobuf's parse complaints end with this (wire_format_lite.cc, PrintUTF8ErrorLog).
constexpr char kWhenParsing[] = " when parsing a protocol buffer.";

LogFields SourceFields(absl::string_view library, const char* file, int line) {
  return {{"source", std::string(library)},
          {"file", file == nullptr ? "" : file},
          {"line", absl::StrCat(line)}};
}

void HandleProtobufLog(google::protobuf::LogLevel level, const char* file, int line,
                       const std::string& message) {
  const size_t parsing = message.find(kWhenParsing);
  if (parsing != std::string::npos) {
    // A caller's bad request, not the gateway's problem: kept for the RPC's error, and
    // logged at debug only so hostile clients cannot fill the log.
    protobuf_parse_complaint = message.substr(0, parsing);
    Log(LogLevel::kDebug, protobuf_parse_complaint, SourceFields("protobuf", file, line));
    return;
  }
  LogLevel ours = LogLevel::kError;
  if (level == google::protobuf::LOGLEVEL_INFO) ours = LogLevel::kInfo;
  if (level == google::protobuf::LOGLEVEL_WARNING) ours = LogLevel::kWarning;
  Log(ours, absl::StripTrailingAsciiWhitespace(message), SourceFields("protobuf", file, line));
}

void HandleGrpcLog(gpr_log_func_args* args) {
  LogLevel ours = LogLevel::kError;
  if (args->severity == GPR_LOG_SEVERITY_DEBUG) ours = LogLevel::kDebug;
  if (args->severity == GPR_LOG_SEVERITY_INFO) ours = LogLevel::kInfo;
  Log(ours, args->message == nullptr ? "" : args->message,
      SourceFields("grpc", args->file, args->line));
}

}  // namespace

void RouteLibraryLogsToJson() {
  google::protobuf::SetLogHandler(&HandleProtobufLog);
  gpr_set_log_function(&HandleGrpcLog);
}

std::string TakeProtobufParseComplaint() { return std::exchange(protobuf_parse_complaint, {}); }

}  // namespace leadgw::service
