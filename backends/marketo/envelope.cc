#include "backends/marketo/envelope.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/json_reader.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {

absl::Status UnreadableAnswer(absl::string_view what, const absl::Status& detail) {
  return absl::InternalError(
      absl::StrCat("marketo: unreadable answer (", what, "): ", detail.message()));
}

std::vector<Warning> ParseWarnings(const rapidjson::Value* warnings) {
  std::vector<Warning> out;
  if (warnings == nullptr || !warnings->IsArray()) return out;
  for (const rapidjson::Value& item : warnings->GetArray()) {
    if (item.IsString()) {
      out.push_back({"", std::string(item.GetString(), item.GetStringLength())});
      continue;
    }
    if (!item.IsObject()) continue;
    Warning warning;
    if (const rapidjson::Value* code = common::FindMember(item, "code")) {
      absl::StatusOr<std::string> text = common::ScalarToString(*code);
      if (text.ok()) warning.code = *std::move(text);
    }
    if (const rapidjson::Value* message = common::FindMember(item, "message")) {
      absl::StatusOr<std::string> text = common::ScalarToString(*message);
      if (text.ok()) warning.message = *std::move(text);
    }
    if (warning.code.empty() && warning.message.empty()) continue;
    out.push_back(std::move(warning));
  }
  return out;
}

absl::StatusOr<const rapidjson::Value*> Envelope::Result() const {
  return common::GetArray(document, "result");
}

bool Envelope::HasMorePages() const {
  return !next_page_token.empty() && more_result.value_or(true);
}

absl::StatusOr<Envelope> ParseEnvelope(absl::string_view body) {
  Envelope envelope;
  LEADGW_ASSIGN_OR_RETURN(envelope.document, common::ParseJsonObject(body));
  const rapidjson::Document& doc = envelope.document;
  LEADGW_ASSIGN_OR_RETURN(std::optional<bool> success, common::GetBool(doc, "success"));
  if (!success.has_value()) {
    return absl::InvalidArgumentError("member \"success\": missing");
  }
  envelope.success = *success;
  LEADGW_ASSIGN_OR_RETURN(std::optional<std::string> request_id,
                          common::GetString(doc, "requestId"));
  envelope.request_id = request_id.value_or("");
  LEADGW_ASSIGN_OR_RETURN(std::optional<std::string> token,
                          common::GetString(doc, "nextPageToken"));
  envelope.next_page_token = token.value_or("");
  LEADGW_ASSIGN_OR_RETURN(envelope.more_result, common::GetBool(doc, "moreResult"));
  LEADGW_RETURN_IF_ERROR(envelope.Result().status());
  envelope.warnings = ParseWarnings(common::FindMember(doc, "warnings"));
  if (!envelope.success) {
    LEADGW_ASSIGN_OR_RETURN(const rapidjson::Value* errors, common::GetArray(doc, "errors"));
    if (errors != nullptr && !errors->Empty()) {
      const rapidjson::Value& first = (*errors)[0];
      LEADGW_ASSIGN_OR_RETURN(std::optional<std::string> code, common::GetString(first, "code"));
      LEADGW_ASSIGN_OR_RETURN(std::optional<std::string> message,
                              common::GetString(first, "message"));
      envelope.error_code = code.value_or("");
      envelope.error_message = message.value_or("");
    }
  }
  return envelope;
}

}  // namespace leadgw::backends::marketo
