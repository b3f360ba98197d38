#include "tools/leadctl/record_file.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace leadgw::leadctl {

RecordOutcome OutcomeFromResult(int line, const leadgateway::v1::RecordResult& result) {
  RecordOutcome outcome;
  outcome.line = line;
  outcome.status = absl::AsciiStrToLower(absl::StripPrefix(
      leadgateway::v1::RecordStatus_Name(result.status()), "RECORD_STATUS_"));
  outcome.id = result.id();
  for (const auto& reason : result.reasons()) {
    if (!outcome.reason.empty()) outcome.reason += "; ";
    absl::StrAppend(&outcome.reason, reason.code(), ": ", reason.message());
  }
  return outcome;
}

RecordOutcome FailedOutcome(int line, std::string reason) {
  RecordOutcome outcome;
  outcome.line = line;
  outcome.status = "failed";
  outcome.reason = std::move(reason);
  return outcome;
}

bool IsWritten(const RecordOutcome& outcome) {
  return outcome.status == "created" || outcome.status == "updated" ||
         outcome.status == "deleted";
}

std::string OutcomeJsonLine(const RecordOutcome& outcome) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("line");
  writer.Int(outcome.line);
  writer.Key("status");
  writer.String(outcome.status.data(), outcome.status.size());
  if (!outcome.id.empty()) {
    writer.Key("id");
    writer.String(outcome.id.data(), outcome.id.size());
  }
  if (!outcome.reason.empty()) {
    writer.Key("reason");
    writer.String(outcome.reason.data(), outcome.reason.size());
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace leadgw::leadctl
