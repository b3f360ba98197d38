#include "emulators/marketo/field_schema.h"

#include <cctype>

#include "absl/strings/ascii.h"

namespace leadgw::emulators::marketo {
namespace {

// Compact table row: name, display name, type, length, flags.
struct Row {
  const char* name;
  const char* display;
  const char* type;
  int length;
  bool read_only;
  bool searchable;
  bool crm;
};

constexpr Row kStandard[] = {
    {"id", "Id", "integer", 0, true, true, false},
    {"createdAt", "Created At", "datetime", 0, true, false, false},
    {"updatedAt", "Updated At", "datetime", 0, true, false, false},
    {"email", "Email Address", "email", 255, false, true, false},
    {"salutation", "Salutation", "string", 255, false, false, false},
    {"firstName", "First Name", "string", 255, false, false, false},
    {"middleName", "Middle Name", "string", 255, false, false, false},
    {"lastName", "Last Name", "string", 255, false, false, false},
    {"dateOfBirth", "Date of Birth", "date", 0, false, false, false},
    {"title", "Job Title", "string", 255, false, false, false},
    {"department", "Department", "string", 255, false, false, false},
    {"phone", "Phone Number", "phone", 255, false, false, false},
    {"mobilePhone", "Mobile Phone Number", "phone", 255, false, false, false},
    {"fax", "Fax Number", "phone", 255, false, false, false},
    {"mainPhone", "Main Phone", "phone", 255, false, false, false},
    {"company", "Company Name", "string", 255, false, false, false},
    {"website", "Website", "url", 255, false, false, false},
    {"industry", "Industry", "string", 255, false, false, false},
    {"numberOfEmployees", "Num Employees", "integer", 0, false, false, false},
    {"annualRevenue", "Annual Revenue", "currency", 0, false, false, false},
    {"sicCode", "SIC Code", "string", 40, false, false, false},
    {"address", "Address", "text", 65535, false, false, false},
    {"city", "City", "string", 255, false, false, false},
    {"state", "State", "string", 255, false, false, false},
    {"postalCode", "Postal Code", "string", 255, false, false, false},
    {"country", "Country", "string", 255, false, false, false},
    {"billingStreet", "Billing Address", "text", 65535, false, false, false},
    {"billingCity", "Billing City", "string", 255, false, false, false},
    {"billingState", "Billing State", "string", 255, false, false, false},
    {"billingPostalCode", "Billing Postal Code", "string", 255, false, false, false},
    {"billingCountry", "Billing Country", "string", 255, false, false, false},
    {"leadSource", "Person Source", "string", 255, false, false, false},
    {"leadStatus", "Lead Status", "string", 255, false, false, false},
    {"leadScore", "Lead Score", "integer", 0, false, false, false},
    {"rating", "Lead Rating", "string", 255, false, false, false},
    {"doNotCall", "Do Not Call", "boolean", 0, false, false, false},
    {"doNotCallReason", "Do Not Call Reason", "string", 512, false, false, false},
    {"unsubscribed", "Unsubscribed", "boolean", 0, false, false, false},
    {"unsubscribedReason", "Unsubscribed Reason", "text", 65535, false, false, false},
    {"emailInvalid", "Email Invalid", "boolean", 0, false, false, false},
    {"leadPartitionId", "Lead Partition Id", "integer", 0, true, true, false},
    {"externalCompanyId", "External Company Id", "string", 100, false, false, false},
    {"externalSalesPersonId", "External Sales Person Id", "string", 100, false, false,
     false},
    {"facebookId", "Facebook Id", "string", 255, false, true, false},
    {"linkedInId", "LinkedIn Id", "string", 255, false, true, false},
    {"twitterId", "Twitter Id", "string", 255, false, true, false},
    {"sfdcAccountId", "SFDC Account Id", "string", 18, true, true, true},
    {"sfdcContactId", "SFDC Contact Id", "string", 18, true, true, true},
    {"sfdcLeadId", "SFDC Lead Id", "string", 18, true, true, true},
    {"sfdcLeadOwnerId", "SFDC Lead Owner Id", "string", 18, true, true, true},
    {"sfdcOpptyId", "SFDC Oppty Id", "string", 18, true, true, true},
};

std::string SoapNameFor(const std::string& rest_name) {
  std::string soap = rest_name;
  if (!soap.empty()) soap[0] = absl::ascii_toupper(static_cast<unsigned char>(soap[0]));
  return soap;
}

}  // namespace

std::vector<FieldDef> StandardLeadFields() {
  std::vector<FieldDef> out;
  int id = 1;
  for (const Row& row : kStandard) {
    FieldDef f;
    f.id = id++;
    f.name = row.name;
    f.display_name = row.display;
    f.data_type = row.type;
    f.length = row.length;
    f.read_only = row.read_only;
    f.searchable = row.searchable;
    f.crm_managed = row.crm;
    f.is_html_encoding_in_email = f.data_type != "boolean" && f.data_type != "date" &&
                                  f.data_type != "datetime" && f.data_type != "integer";
    f.is_sensitive = !row.read_only;
    f.soap_name = SoapNameFor(f.name);
    out.push_back(f);
  }
  return out;
}

bool IsCreatableDataType(absl::string_view t) {
  return t == "boolean" || t == "currency" || t == "date" || t == "datetime" ||
         t == "email" || t == "float" || t == "integer" || t == "percent" ||
         t == "phone" || t == "score" || t == "string" || t == "url";
}

bool IsSearchableCustomType(absl::string_view t) {
  return t == "string" || t == "email" || t == "integer";
}

bool IsValidFieldName(absl::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  if (!absl::ascii_isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

bool IsValidDisplayName(absl::string_view display_name) {
  if (display_name.empty() || display_name.size() > 255) return false;
  for (char c : display_name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) continue;  // UTF-8 multibyte: letters such as Japanese
    if (!absl::ascii_isalnum(u) && c != ' ' && c != '_' && c != '-') return false;
  }
  return true;
}

namespace {

rapidjson::Value Str(const std::string& s, rapidjson::Document::AllocatorType& a) {
  return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
}

}  // namespace

rapidjson::Value DescribeJson(const FieldDef& f, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("id", f.id, a);
  v.AddMember("displayName", Str(f.display_name, a), a);
  v.AddMember("dataType", Str(f.data_type, a), a);
  if (f.length > 0) v.AddMember("length", f.length, a);
  rapidjson::Value rest(rapidjson::kObjectType);
  rest.AddMember("name", Str(f.name, a), a);
  rest.AddMember("readOnly", f.read_only, a);
  v.AddMember("rest", rest, a);
  if (!f.soap_name.empty()) {
    rapidjson::Value soap(rapidjson::kObjectType);
    soap.AddMember("name", Str(f.soap_name, a), a);
    soap.AddMember("readOnly", f.read_only, a);
    v.AddMember("soap", soap, a);
  }
  return v;
}

rapidjson::Value Describe2FieldJson(const FieldDef& f,
                                    rapidjson::Document::AllocatorType& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("name", Str(f.name, a), a);
  v.AddMember("displayName", Str(f.display_name, a), a);
  v.AddMember("dataType", Str(f.data_type, a), a);
  if (f.length > 0) v.AddMember("length", f.length, a);
  v.AddMember("updateable", !f.read_only, a);
  v.AddMember("crmManaged", f.crm_managed, a);
  return v;
}

rapidjson::Value LeadFieldJson(const FieldDef& f, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("displayName", Str(f.display_name, a), a);
  v.AddMember("name", Str(f.name, a), a);
  if (f.description.empty()) {
    v.AddMember("description", rapidjson::Value(rapidjson::kNullType), a);
  } else {
    v.AddMember("description", Str(f.description, a), a);
  }
  v.AddMember("dataType", Str(f.data_type, a), a);
  if (f.length > 0) v.AddMember("length", f.length, a);
  v.AddMember("isHidden", f.is_hidden, a);
  v.AddMember("isHtmlEncodingInEmail", f.is_html_encoding_in_email, a);
  v.AddMember("isSensitive", f.is_sensitive, a);
  v.AddMember("isCustom", f.is_custom, a);
  v.AddMember("isApiCreated", f.is_api_created, a);
  return v;
}

}  // namespace leadgw::emulators::marketo
