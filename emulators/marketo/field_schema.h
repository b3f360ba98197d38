// Lead field definitions (the schema behind describe, describe2 and schema/fields).
#ifndef LEADGW_EMULATORS_MARKETO_FIELD_SCHEMA_H_
#define LEADGW_EMULATORS_MARKETO_FIELD_SCHEMA_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::marketo {

// Metadata of one lead field.
struct FieldDef {
  int id = 0;                 // describe's numeric id
  std::string name;           // REST API name, e.g. "firstName"
  std::string display_name;   // e.g. "First Name"
  std::string data_type;      // string, email, integer, boolean, datetime, ...
  int length = 0;             // 0: no length
  bool read_only = false;     // not writable through sync/push/submitForm
  bool searchable = false;    // usable as filterType / lookupField
  bool is_custom = false;
  bool is_api_created = false;
  bool is_hidden = false;
  bool is_html_encoding_in_email = true;
  bool is_sensitive = false;
  bool crm_managed = false;
  std::string description;    // empty renders as null
  std::string soap_name;      // empty: no SOAP counterpart
};

// Marketo's standard lead fields used by the emulator (system fields included).
std::vector<FieldDef> StandardLeadFields();

// Data types accepted when creating a custom field (the spec's CreateLeadField enum).
bool IsCreatableDataType(absl::string_view data_type);

// Custom fields of these types may serve as filterType / lookupField.
bool IsSearchableCustomType(absl::string_view data_type);

// Name rules for new fields: starts with a letter, then letters, digits or underscores.
bool IsValidFieldName(absl::string_view name);

// Display names may hold letters, digits, spaces, '_' and '-' (no other special
// characters); non-ASCII letters (e.g. Japanese) are allowed.
bool IsValidDisplayName(absl::string_view display_name);

// JSON renderings for the three schema views.
rapidjson::Value DescribeJson(const FieldDef& f, rapidjson::Document::AllocatorType& a);
rapidjson::Value Describe2FieldJson(const FieldDef& f,
                                    rapidjson::Document::AllocatorType& a);
rapidjson::Value LeadFieldJson(const FieldDef& f, rapidjson::Document::AllocatorType& a);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_FIELD_SCHEMA_H_
