#include "backends/marketo/catalog_responses.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backends/common/json_reader.h"
#include "backends/marketo/lead_json.h"
#include "backends/marketo/responses.h"
#include "common/status_macros.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;

// Readers that collect the first defect instead of returning at every member, so the
// parsers below stay one line per member.
class Reader {
 public:
  explicit Reader(const rapidjson::Value& object) : object_(object) {}

  std::string Text(absl::string_view name) {
    absl::StatusOr<std::optional<std::string>> v = common::GetString(object_, name);
    if (!Keep(v.status())) return "";
    return v->value_or("");
  }
  bool Bool(absl::string_view name) {
    absl::StatusOr<std::optional<bool>> v = common::GetBool(object_, name);
    if (!Keep(v.status())) return false;
    return v->value_or(false);
  }
  int64_t Int(absl::string_view name) {
    absl::StatusOr<std::optional<int64_t>> v = common::GetInt64(object_, name);
    if (!Keep(v.status())) return 0;
    return v->value_or(0);
  }
  // RFC 3339 member into `out`; an absent member leaves it unset.
  void Time(absl::string_view name, google::protobuf::Timestamp* out) {
    const std::string text = Text(name);
    if (!text.empty() && !ParseRfc3339(text, out)) {
      Keep(absl::InvalidArgumentError(absl::StrCat("member \"", name, "\": not an RFC 3339 time")));
    }
  }
  const absl::Status& status() const { return status_; }

 private:
  bool Keep(const absl::Status& s) {
    if (!s.ok() && status_.ok()) status_ = s;
    return s.ok();
  }
  const rapidjson::Value& object_;
  absl::Status status_;
};

void ReadProgramMembership(Reader& r, v1::ProgramMembership& m) {
  m.set_progression_status(r.Text("progressionStatus"));
  m.set_progression_status_type(r.Text("progressionStatusType"));
  m.set_acquired_by(r.Bool("acquiredBy"));
  m.set_reached_success(r.Bool("reachedSuccess"));
  r.Time("membershipDate", m.mutable_membership_date());
  r.Time("updatedAt", m.mutable_updated_at());
  m.set_stream(r.Text("stream"));
  m.set_nurture_cadence(r.Text("nurtureCadence"));
  m.set_is_exhausted(r.Bool("isExhausted"));
}

// Every object of `result` read into a T by `read(reader, item)`; INTERNAL on a defect.
template <typename T, typename Read>
absl::StatusOr<std::vector<T>> ReadEach(const Envelope& envelope, absl::string_view what,
                                        Read read) {
  LEADGW_ASSIGN_OR_RETURN(auto objects, ResultObjects(envelope, what));
  std::vector<T> out;
  for (const rapidjson::Value* object : objects) {
    Reader r(*object);
    T item;
    read(r, item);
    if (!r.status().ok()) return UnreadableAnswer(what, r.status());
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<v1::StaticListMembership>> ParseStaticListMemberships(
    const Envelope& envelope) {
  return ReadEach<v1::StaticListMembership>(envelope, "get_list_membership",
                                            [](Reader& r, v1::StaticListMembership& m) {
                                              m.set_list_id(r.Text("listId"));
                                              r.Time("createdAt", m.mutable_created_at());
                                              r.Time("updatedAt", m.mutable_updated_at());
                                            });
}

absl::StatusOr<std::vector<v1::ProgramMembership>> ParseProgramMemberships(
    const Envelope& envelope) {
  return ReadEach<v1::ProgramMembership>(envelope, "get_program_membership",
                                         [](Reader& r, v1::ProgramMembership& m) {
                                           m.set_program_id(r.Text("id"));
                                           ReadProgramMembership(r, m);
                                         });
}

absl::StatusOr<std::vector<v1::SmartCampaignMembership>> ParseSmartCampaigns(
    const Envelope& envelope) {
  return ReadEach<v1::SmartCampaignMembership>(envelope, "get_smart_campaign_membership",
                                               [](Reader& r, v1::SmartCampaignMembership& m) {
                                                 m.set_smart_campaign_id(r.Text("smartCampaignId"));
                                                 r.Time("createdAt", m.mutable_created_at());
                                                 r.Time("updatedAt", m.mutable_updated_at());
                                               });
}

absl::StatusOr<std::vector<v1::ProgramMember>> ParseProgramMembers(const Envelope& envelope,
                                                                   absl::string_view program_id) {
  constexpr absl::string_view kWhat = "get_leads_by_program";
  LEADGW_ASSIGN_OR_RETURN(auto objects, ResultObjects(envelope, kWhat));
  std::vector<v1::ProgramMember> out;
  for (const rapidjson::Value* object : objects) {
    v1::ProgramMember member;
    absl::StatusOr<v1::Lead> lead = LeadFromJson(*object);
    if (!lead.ok()) return UnreadableAnswer(kWhat, lead.status());
    lead->mutable_custom_fields()->erase("membership");
    *member.mutable_lead() = *std::move(lead);
    member.mutable_membership()->set_program_id(std::string(program_id));
    absl::StatusOr<const rapidjson::Value*> membership = common::GetObject(*object, "membership");
    if (!membership.ok()) return UnreadableAnswer(kWhat, membership.status());
    if (*membership != nullptr) {
      Reader r(**membership);
      ReadProgramMembership(r, *member.mutable_membership());
      if (!r.status().ok()) return UnreadableAnswer(kWhat, r.status());
    }
    out.push_back(std::move(member));
  }
  return out;
}

std::vector<v1::ListMembershipCheck> ParseMembershipChecks(
    const Envelope& envelope, const google::protobuf::RepeatedPtrField<std::string>& lead_ids,
    int begin, int end) {
  const int first_index = begin;
  const int count = end - begin;
  // The write parser's reading of each position gives skips, reasons and the defects of
  // missing or malformed results; only the two membership statuses are this call's own.
  const std::vector<v1::RecordResult> records = ParseRecordResults(envelope, first_index, count, "id");
  absl::StatusOr<const rapidjson::Value*> array = envelope.Result();
  const rapidjson::Value* items = array.ok() ? *array : nullptr;
  std::vector<v1::ListMembershipCheck> checks;
  checks.reserve(count);
  for (int i = 0; i < count; ++i) {
    v1::ListMembershipCheck check;
    check.set_index(first_index + i);
    check.set_lead_id(lead_ids[begin + i]);
    std::string status;
    if (items != nullptr && i < static_cast<int>(items->Size())) {
      const rapidjson::Value& item = (*items)[static_cast<rapidjson::SizeType>(i)];
      if (item.IsObject()) {
        absl::StatusOr<std::optional<std::string>> text = common::GetString(item, "status");
        if (text.ok()) status = text->value_or("");
      }
    }
    if (status == "memberof") {
      check.set_state(v1::LIST_MEMBERSHIP_STATE_MEMBER);
    } else if (status == "notmemberof") {
      check.set_state(v1::LIST_MEMBERSHIP_STATE_NOT_MEMBER);
    } else {
      const v1::RecordResult& record = records[i];
      check.set_state(record.status() == v1::RECORD_STATUS_SKIPPED
                          ? v1::LIST_MEMBERSHIP_STATE_SKIPPED
                          : v1::LIST_MEMBERSHIP_STATE_UNKNOWN);
      *check.mutable_reasons() = record.reasons();
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

absl::StatusOr<v1::LeadField> ParseSchemaField(const rapidjson::Value& json) {
  Reader r(json);
  v1::LeadField field;
  field.set_name(r.Text("name"));
  field.set_display_name(r.Text("displayName"));
  field.set_description(r.Text("description"));
  field.set_data_type(r.Text("dataType"));
  const int64_t length = r.Int("length");
  field.set_length(length > 0 && length < (int64_t{1} << 31) ? static_cast<int32_t>(length) : 0);
  field.set_is_hidden(r.Bool("isHidden"));
  field.set_is_html_encoding_in_email(r.Bool("isHtmlEncodingInEmail"));
  field.set_is_sensitive(r.Bool("isSensitive"));
  field.set_is_custom(r.Bool("isCustom"));
  if (!r.status().ok()) return r.status();
  if (field.name().empty()) return absl::InvalidArgumentError("member \"name\": missing");
  field.set_neutral_name(std::string(NeutralNameFor(field.name())));
  return field;
}

absl::StatusOr<std::vector<v1::LeadField>> ParseSchemaFields(const Envelope& envelope,
                                                             absl::string_view what) {
  LEADGW_ASSIGN_OR_RETURN(auto objects, ResultObjects(envelope, what));
  std::vector<v1::LeadField> fields;
  for (const rapidjson::Value* object : objects) {
    absl::StatusOr<v1::LeadField> field = ParseSchemaField(*object);
    if (!field.ok()) return UnreadableAnswer(what, field.status());
    fields.push_back(*std::move(field));
  }
  return fields;
}

}  // namespace leadgw::backends::marketo
