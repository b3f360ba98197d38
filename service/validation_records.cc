// Validate() overloads of CompanyService and BusinessCardService requests (see
// validation.h).
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "service/validation.h"
#include "service/validation_limits.h"
#include "service/validation_rules.h"

namespace leadgw::service {
namespace {

using validation_internal::CheckAddress;
using validation_internal::CheckConnection;
using validation_internal::CheckCount;
using validation_internal::CheckDate;
using validation_internal::CheckDateRange;
using validation_internal::CheckDigits;
using validation_internal::CheckEmail;
using validation_internal::CheckEnum;
using validation_internal::CheckExtraFilters;
using validation_internal::CheckId;
using validation_internal::CheckIdList;
using validation_internal::CheckIdRange;
using validation_internal::CheckMaxChars;
using validation_internal::CheckPaging;
using validation_internal::CheckScalarMap;
using validation_internal::CheckTimestamp;
using validation_internal::IdPresence;
using validation_internal::kMaxCustomFields;
using validation_internal::kMaxFilterTextChars;
using validation_internal::kMaxOwnerIds;
using validation_internal::kMaxPageSize;
using validation_internal::kMaxPhoneExtensionDigits;
using validation_internal::kMaxRecordsPerCardWrite;
using validation_internal::kMaxTextChars;
using validation_internal::ListValues;
using validation_internal::Scope;

using TextField = std::pair<absl::string_view, const std::string*>;

enum class Write { kCreate, kUpdate };

// A free-text record field: at most kMaxTextChars. `required` fields must be non-empty on
// create, and non-empty when set on update (clearing them is never valid upstream).
absl::Status CheckRecordText(const Scope& s, absl::string_view field, bool has,
                             const std::string& value, bool required, Write write) {
  if (required && value.empty() && (write == Write::kCreate || has)) {
    return s.Fail(field, write == Write::kCreate ? "required" : "must not be empty");
  }
  return CheckMaxChars(s, field, value, kMaxTextChars);
}

absl::Status CheckTexts(const Scope& s, std::initializer_list<TextField> fields, size_t max_chars) {
  for (const auto& [name, value] : fields) {
    LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, name, *value, max_chars));
  }
  return absl::OkStatus();
}

absl::Status CheckCompany(const Scope& s, const v1::Company& c, Write write) {
  LEADGW_RETURN_IF_ERROR(CheckId(
      s, "id", c.id(), write == Write::kCreate ? IdPresence::kEmpty : IdPresence::kRequired));
  LEADGW_RETURN_IF_ERROR(CheckRecordText(s, "name", c.has_name(), c.name(), true, write));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "name_kana", c.name_kana(), kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(
      CheckRecordText(s, "display_name", c.has_display_name(), c.display_name(), true, write));
  LEADGW_RETURN_IF_ERROR(CheckAddress(s, "address", c.address()));
  LEADGW_RETURN_IF_ERROR(CheckTexts(s,
                                    {{"phone", &c.phone()},
                                     {"website", &c.website()},
                                     {"mail_domain", &c.mail_domain()},
                                     {"sales_last_year", &c.sales_last_year()}},
                                    kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "owner_id", c.owner_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "note", c.note(), kMaxTextChars));
  return CheckScalarMap(s, "custom_fields", c.custom_fields(), kMaxCustomFields,
                        ListValues::kOfScalars);
}

// status/visibility: defined values; on create also not UNSPECIFIED (0).
absl::Status CheckCardEnum(const Scope& s, absl::string_view field, int value, bool defined,
                           Write write) {
  LEADGW_RETURN_IF_ERROR(CheckEnum(s, field, defined));
  if (write == Write::kCreate && value == 0) return s.Fail(field, "required");
  return absl::OkStatus();
}

absl::Status CheckCard(const Scope& s, const v1::BusinessCard& c, Write write) {
  LEADGW_RETURN_IF_ERROR(CheckId(
      s, "id", c.id(), write == Write::kCreate ? IdPresence::kEmpty : IdPresence::kRequired));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "company_id", c.company_id(), IdPresence::kRequired));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "department_id", c.department_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(
      CheckRecordText(s, "last_name", c.has_last_name(), c.last_name(), true, write));
  LEADGW_RETURN_IF_ERROR(CheckTexts(s,
                                    {{"first_name", &c.first_name()},
                                     {"last_name_kana", &c.last_name_kana()},
                                     {"first_name_kana", &c.first_name_kana()}},
                                    kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(CheckEmail(s, "email", c.email()));
  LEADGW_RETURN_IF_ERROR(
      CheckTexts(s, {{"mobile_email", &c.mobile_email()}, {"phone", &c.phone()}}, kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(
      CheckDigits(s, "phone_extension", c.phone_extension(), kMaxPhoneExtensionDigits));
  LEADGW_RETURN_IF_ERROR(
      CheckTexts(s, {{"fax", &c.fax()}, {"mobile_phone", &c.mobile_phone()}}, kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(CheckAddress(s, "address", c.address()));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "website", c.website(), kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "lead_source_id", c.lead_source_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "lead_source", c.lead_source(), kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(
      CheckCardEnum(s, "status", c.status(), v1::CardStatus_IsValid(c.status()), write));
  LEADGW_RETURN_IF_ERROR(CheckCardEnum(s, "visibility", c.visibility(),
                                       v1::CardVisibility_IsValid(c.visibility()), write));
  LEADGW_RETURN_IF_ERROR(CheckId(s, "owner_id", c.owner_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(s, "other_owner", c.other_owner(), kMaxTextChars));
  LEADGW_RETURN_IF_ERROR(CheckDate(s, "exchange_date", c.exchange_date()));
  LEADGW_RETURN_IF_ERROR(CheckTexts(
      s, {{"note", &c.note()}, {"handwritten_note", &c.handwritten_note()}}, kMaxTextChars));
  return CheckScalarMap(s, "custom_fields", c.custom_fields(), kMaxCustomFields,
                        ListValues::kOfScalars);
}

template <typename Record, typename CheckRecord>
absl::Status CheckBatch(absl::string_view field,
                        const google::protobuf::RepeatedPtrField<Record>& records, Write write,
                        CheckRecord check) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckCount(top, field, records.size(), 1, kMaxRecordsPerCardWrite));
  for (int i = 0; i < records.size(); ++i) {
    LEADGW_RETURN_IF_ERROR(check(top.Element(field, i), records[i], write));
  }
  return absl::OkStatus();
}

// sort_key, sort_direction, page_size and page_token of both searches.
template <typename Request>
absl::Status CheckSearchTail(const Request& request, bool sort_key_defined) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckEnum(top, "sort_key", sort_key_defined));
  LEADGW_RETURN_IF_ERROR(
      CheckEnum(top, "sort_direction", v1::SortDirection_IsValid(request.sort_direction())));
  return CheckPaging(request.page_size(), kMaxPageSize, request.page_token());
}

absl::Status CheckCompanyFilter(const Scope& s, const v1::CompanyFilter& f) {
  LEADGW_RETURN_IF_ERROR(CheckIdRange(s, "from_id", f.from_id(), "to_id", f.to_id()));
  LEADGW_RETURN_IF_ERROR(CheckTexts(s,
                                    {{"name", &f.name()},
                                     {"name_kana", &f.name_kana()},
                                     {"display_name", &f.display_name()},
                                     {"postal_code", &f.postal_code()},
                                     {"street", &f.street()},
                                     {"phone", &f.phone()},
                                     {"website", &f.website()},
                                     {"mail_domain", &f.mail_domain()},
                                     {"note", &f.note()},
                                     {"corporate_number", &f.corporate_number()}},
                                    kMaxFilterTextChars));
  LEADGW_RETURN_IF_ERROR(CheckIdList(s, "owner_ids", f.owner_ids(), 0, kMaxOwnerIds, false));
  LEADGW_RETURN_IF_ERROR(CheckDateRange(s, "created", f.created()));
  LEADGW_RETURN_IF_ERROR(CheckDateRange(s, "updated", f.updated()));
  if (f.has_updated_after()) {
    LEADGW_RETURN_IF_ERROR(CheckTimestamp(s, "updated_after", f.updated_after()));
  }
  if (f.has_updated_before()) {
    LEADGW_RETURN_IF_ERROR(CheckTimestamp(s, "updated_before", f.updated_before()));
  }
  if (f.has_updated_after() && f.has_updated_before()) {
    const auto& after = f.updated_after();
    const auto& before = f.updated_before();
    if (std::make_pair(before.seconds(), before.nanos()) <
        std::make_pair(after.seconds(), after.nanos())) {
      return s.Fail("updated_before", "must not be before updated_after");
    }
  }
  return CheckExtraFilters(s, "extra", f.extra());
}

absl::Status CheckCardFilter(const Scope& s, const v1::BusinessCardFilter& f) {
  LEADGW_RETURN_IF_ERROR(CheckTexts(s,
                                    {{"last_name", &f.last_name()},
                                     {"first_name", &f.first_name()},
                                     {"last_name_kana", &f.last_name_kana()},
                                     {"first_name_kana", &f.first_name_kana()},
                                     {"company_name", &f.company_name()},
                                     {"department", &f.department()},
                                     {"title", &f.title()},
                                     {"phone", &f.phone()},
                                     {"fax", &f.fax()},
                                     {"mobile_phone", &f.mobile_phone()},
                                     {"email", &f.email()},
                                     {"mobile_email", &f.mobile_email()},
                                     {"postal_code", &f.postal_code()},
                                     {"street", &f.street()},
                                     {"website", &f.website()},
                                     {"note", &f.note()},
                                     {"handwritten_note", &f.handwritten_note()},
                                     {"lead_source", &f.lead_source()},
                                     {"request_key", &f.request_key()}},
                                    kMaxFilterTextChars));
  // The upstream's search[role_id] is an integer id like every other id.
  LEADGW_RETURN_IF_ERROR(CheckId(s, "group_id", f.group_id(), IdPresence::kOptional));
  LEADGW_RETURN_IF_ERROR(CheckDateRange(s, "exchanged", f.exchanged()));
  LEADGW_RETURN_IF_ERROR(CheckDateRange(s, "created", f.created()));
  LEADGW_RETURN_IF_ERROR(CheckDateRange(s, "updated", f.updated()));
  return CheckExtraFilters(s, "extra", f.extra());
}

}  // namespace

// ---- CompanyService ----

absl::Status Validate(const v1::CreateCompaniesRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  return CheckBatch("companies", request.companies(), Write::kCreate, CheckCompany);
}

absl::Status Validate(const v1::UpdateCompaniesRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  return CheckBatch("companies", request.companies(), Write::kUpdate, CheckCompany);
}

absl::Status Validate(const v1::SearchCompaniesRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckCompanyFilter(Scope().Field("filter"), request.filter()));
  return CheckSearchTail(request, v1::CompanySortKey_IsValid(request.sort_key()));
}

// ---- BusinessCardService ----

absl::Status Validate(const v1::CreateBusinessCardsRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  return CheckBatch("cards", request.cards(), Write::kCreate, CheckCard);
}

absl::Status Validate(const v1::UpdateBusinessCardsRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  return CheckBatch("cards", request.cards(), Write::kUpdate, CheckCard);
}

absl::Status Validate(const v1::SearchBusinessCardsRequest& request) {
  LEADGW_RETURN_IF_ERROR(CheckConnection("connection", request.connection()));
  LEADGW_RETURN_IF_ERROR(CheckCardFilter(Scope().Field("filter"), request.filter()));
  return CheckSearchTail(request, v1::BusinessCardSortKey_IsValid(request.sort_key()));
}

}  // namespace leadgw::service
