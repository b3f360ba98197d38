#include "emulators/hotprofile/render.h"

#include <optional>
#include <vector>

#include "emulators/hotprofile/attributes.h"
#include "emulators/hotprofile/reference_data.h"
#include "emulators/hotprofile/text_util.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace leadgw::emulators::hotprofile {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

enum class Out {
  kInt,        // integer attribute (IntAttribute)
  kText,       // text attribute (TextAttribute)
  kName,       // name of an integer attribute in `domain`
  kFlag,       // "1" / "0"
  kTimestamp,  // created_at / updated_at
  kList,       // an array (see WriteList)
  kNull,       // documented but without semantics in the connector
  kPaging,     // per-item copy of a pages counter
};

struct OutputKey {
  const char* key;
  Out type;
  const char* source;
  Domain domain;
};

constexpr Domain kNoDomain = Domain::kNone;

// clang-format off
constexpr OutputKey kLeadKeys[] = {
    {"id", Out::kInt, "id", kNoDomain},
    {"client_id", Out::kInt, "client_id", kNoDomain},
    {"client_name", Out::kText, "client.name", kNoDomain},
    {"customer_id", Out::kText, "customer_id", kNoDomain},
    {"family_name", Out::kText, "family_name", kNoDomain},
    {"first_name", Out::kText, "first_name", kNoDomain},
    {"family_name_kana", Out::kText, "family_name_kana", kNoDomain},
    {"first_name_kana", Out::kText, "first_name_kana", kNoDomain},
    {"name", Out::kText, "full_name", kNoDomain},
    {"name_kana", Out::kText, "full_name_kana", kNoDomain},
    {"email", Out::kText, "email", kNoDomain},
    {"mobile_email", Out::kText, "mobile_email", kNoDomain},
    {"tel", Out::kText, "tel", kNoDomain},
    {"extension", Out::kText, "extension", kNoDomain},
    {"fax", Out::kText, "fax", kNoDomain},
    {"mobile_tel", Out::kText, "mobile_tel", kNoDomain},
    {"zip", Out::kText, "zip", kNoDomain},
    {"pref", Out::kText, "pref", kNoDomain},
    {"pref_id", Out::kInt, "pref_id", kNoDomain},
    {"address", Out::kText, "address", kNoDomain},
    {"address1", Out::kText, "address1", kNoDomain},
    {"address2", Out::kText, "address2", kNoDomain},
    {"address3", Out::kText, "address3", kNoDomain},
    {"url", Out::kText, "url", kNoDomain},
    {"post", Out::kText, "post", kNoDomain},
    {"organization_id", Out::kInt, "organization_id", kNoDomain},
    {"organization_name", Out::kText, "organization_name", kNoDomain},
    {"organization_hierarchy", Out::kList, "organization_hierarchy", kNoDomain},
    {"owner_user_id", Out::kInt, "owner_user_id", kNoDomain},
    {"owner_user_code", Out::kText, "owner_code", kNoDomain},
    {"owner_user_name", Out::kText, "owner_name", kNoDomain},
    {"user_names", Out::kList, "user_names", kNoDomain},
    {"lead_status", Out::kInt, "lead_status", kNoDomain},
    {"lead_status_name", Out::kName, "lead_status", Domain::kLeadStatus},
    {"lead_source", Out::kText, "lead_source", kNoDomain},
    {"lead_source_kbn_id", Out::kInt, "lead_source_kbn_id", kNoDomain},
    {"lead_source_kbn_name", Out::kName, "lead_source_kbn_id", Domain::kLeadSource},
    {"interest_product_type_ids", Out::kList, "interest_product_type_ids", kNoDomain},
    {"interest_product_type_names", Out::kList, "interest_product_type_names", kNoDomain},
    {"tag_ids", Out::kList, "tag_ids", kNoDomain},
    {"tags", Out::kList, "tags", kNoDomain},
    {"latitude", Out::kText, "latitude", kNoDomain},
    {"longitude", Out::kText, "longitude", kNoDomain},
    {"trade_on", Out::kText, "trade_on", kNoDomain},
    {"created_at", Out::kTimestamp, "created_at", kNoDomain},
    {"updated_at", Out::kTimestamp, "updated_at", kNoDomain},
    {"competitor_flg", Out::kFlag, "competitor_flg", kNoDomain},
    {"end_user_flg", Out::kFlag, "end_user_flg", kNoDomain},
    {"important_customer_flg", Out::kFlag, "important_customer_flg", kNoDomain},
    {"store_flg", Out::kFlag, "store_flg", kNoDomain},
    {"error_mail_flg", Out::kFlag, "error_mail_flg", kNoDomain},
    {"error_tel_flg", Out::kFlag, "error_tel_flg", kNoDomain},
    {"error_fax_flg", Out::kFlag, "error_fax_flg", kNoDomain},
    {"error_address_flg", Out::kFlag, "error_address_flg", kNoDomain},
    {"not_mail_flg", Out::kFlag, "not_mail_flg", kNoDomain},
    {"not_tel_flg", Out::kFlag, "not_tel_flg", kNoDomain},
    {"not_fax_flg", Out::kFlag, "not_fax_flg", kNoDomain},
    {"not_dm_flg", Out::kFlag, "not_dm_flg", kNoDomain},
    {"items", Out::kList, "items", kNoDomain},
    {"itemslabel", Out::kNull, "", kNoDomain},
    {"itemsvalue", Out::kNull, "", kNoDomain},
    {"total_count", Out::kPaging, "total_count", kNoDomain},
    {"total_number", Out::kPaging, "total_number", kNoDomain},
    {"current_number", Out::kPaging, "current_number", kNoDomain},
    {"display_number", Out::kPaging, "display_number", kNoDomain},
};

constexpr OutputKey kClientKeys[] = {
    {"id", Out::kInt, "id", kNoDomain},
    {"name", Out::kText, "name", kNoDomain},
    {"name_kana", Out::kText, "name_kana", kNoDomain},
    {"name_disp", Out::kText, "name_disp", kNoDomain},
    {"zip", Out::kText, "zip", kNoDomain},
    {"pref", Out::kText, "pref", kNoDomain},
    {"address", Out::kText, "address", kNoDomain},
    {"address1", Out::kText, "address1", kNoDomain},
    {"address2", Out::kText, "address2", kNoDomain},
    {"address3", Out::kText, "address3", kNoDomain},
    {"latitude", Out::kText, "latitude", kNoDomain},
    {"longitude", Out::kText, "longitude", kNoDomain},
    // Typed string in the response: the registered classification id as text.
    {"business_category_kbn", Out::kText, "business_category_kbn", kNoDomain},
    {"worker_number_kbn", Out::kText, "worker_number_kbn", kNoDomain},
    {"capital_kbn", Out::kText, "capital_kbn", kNoDomain},
    {"ipo_kbn", Out::kText, "ipo_kbn", kNoDomain},
    {"sales_last_year", Out::kText, "sales_last_year", kNoDomain},
    {"main_tel", Out::kText, "main_tel", kNoDomain},
    {"url", Out::kText, "url", kNoDomain},
    {"mail_domain", Out::kText, "mail_domain", kNoDomain},
    {"note", Out::kText, "note", kNoDomain},
    {"user_name", Out::kText, "owner_name", kNoDomain},
    {"user_code", Out::kText, "owner_code", kNoDomain},
    {"corporate_number", Out::kInt, "corporate_number", kNoDomain},
    {"created_at", Out::kTimestamp, "created_at", kNoDomain},
    {"updated_at", Out::kTimestamp, "updated_at", kNoDomain},
    {"items", Out::kList, "items", kNoDomain},
    {"itemslabel", Out::kNull, "", kNoDomain},
    {"itemsvalue", Out::kNull, "", kNoDomain},
    {"total_count", Out::kPaging, "total_count", kNoDomain},
    {"total_number", Out::kPaging, "total_number", kNoDomain},
    {"current_number", Out::kPaging, "current_number", kNoDomain},
    {"display_number", Out::kPaging, "display_number", kNoDomain},
};

constexpr OutputKey kBusinessCardKeys[] = {
    {"id", Out::kInt, "id", kNoDomain},
    {"name", Out::kText, "full_name", kNoDomain},
    {"name_kana", Out::kText, "full_name_kana", kNoDomain},
    {"client_name", Out::kText, "client.name", kNoDomain},
    {"organization_name", Out::kText, "organization_name", kNoDomain},
    {"post", Out::kText, "post", kNoDomain},
    {"email", Out::kText, "email", kNoDomain},
    {"mobile_email", Out::kText, "mobile_email", kNoDomain},
    {"tel", Out::kText, "tel", kNoDomain},
    {"fax", Out::kText, "fax", kNoDomain},
    {"mobile_tel", Out::kText, "mobile_tel", kNoDomain},
    {"zip", Out::kText, "zip", kNoDomain},
    {"pref_id", Out::kInt, "pref_id", kNoDomain},
    {"address", Out::kText, "address", kNoDomain},
    {"address1", Out::kText, "address1", kNoDomain},
    {"address2", Out::kText, "address2", kNoDomain},
    {"address3", Out::kText, "address3", kNoDomain},
    {"url", Out::kText, "url", kNoDomain},
    {"latitude", Out::kText, "latitude", kNoDomain},
    {"longitude", Out::kText, "longitude", kNoDomain},
    {"lead_source", Out::kText, "lead_source", kNoDomain},
    {"lead_source_kbn_id", Out::kInt, "lead_source_kbn_id", kNoDomain},
    {"note", Out::kText, "note", kNoDomain},
    {"direct_note", Out::kText, "direct_note", kNoDomain},
    {"request_key", Out::kText, "request_key", kNoDomain},
    {"status", Out::kInt, "status", kNoDomain},
    {"tag_ids", Out::kList, "tag_ids", kNoDomain},
    {"trade_on", Out::kText, "trade_on", kNoDomain},
    {"user_name", Out::kText, "owner_name", kNoDomain},
    {"created_at", Out::kTimestamp, "created_at", kNoDomain},
    {"updated_at", Out::kTimestamp, "updated_at", kNoDomain},
};
// clang-format on

absl::Span<const OutputKey> KeysFor(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return kLeadKeys;
    case ObjectKind::kClient:
      return kClientKeys;
    case ObjectKind::kBusinessCard:
      return kBusinessCardKeys;
  }
  return {};
}

void WriteText(const std::string& text, Writer* writer) {
  if (text.empty()) {
    writer->Null();
  } else {
    writer->String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
}

void WriteList(const RecordView& view, const std::string& source, Writer* writer) {
  const Record& record = *view.record;
  writer->StartArray();
  if (source == "tag_ids") {
    for (int64_t id : record.tag_ids) writer->Int64(id);
  } else if (source == "tags") {
    for (int64_t id : record.tag_ids) WriteText(TagName(id), writer);
  } else if (source == "interest_product_type_ids") {
    for (int64_t id : record.interest_product_type_ids) writer->Int64(id);
  } else if (source == "interest_product_type_names") {
    for (int64_t id : record.interest_product_type_ids) {
      WriteText(InterestProductName(id), writer);
    }
  } else if (source == "organization_hierarchy") {
    const std::optional<int64_t> org = IntAttribute(view, "organization_id");
    if (org) {
      for (const std::string& name : OrganizationHierarchy(*org)) WriteText(name, writer);
    }
  } else if (source == "user_names") {
    const std::string owner = TextAttribute(view, "owner_name");
    if (!owner.empty()) WriteText(owner, writer);
  }
  // "items" (custom items) has no documented content: always empty.
  writer->EndArray();
}

int64_t PagingValue(const PageInfo& page, const std::string& source) {
  if (source == "total_count") return page.total_count;
  if (source == "total_number") return page.total_number;
  if (source == "current_number") return page.current_number;
  return page.display_number;
}

void WriteValue(const OutputKey& key, const RecordView& view, const PageInfo& page,
                Writer* writer) {
  const std::string source = key.source;
  switch (key.type) {
    case Out::kInt: {
      const std::optional<int64_t> value = IntAttribute(view, source);
      if (value) {
        writer->Int64(*value);
      } else {
        writer->Null();
      }
      return;
    }
    case Out::kText:
      WriteText(TextAttribute(view, source), writer);
      return;
    case Out::kName: {
      const std::optional<int64_t> value = IntAttribute(view, source);
      WriteText(value ? NameOf(key.domain, *value) : "", writer);
      return;
    }
    case Out::kFlag:
      writer->String(IntAttribute(view, source).value_or(0) == 1 ? "1" : "0");
      return;
    case Out::kTimestamp:
      WriteText(FormatDateTime(source == "created_at" ? view.record->created_at
                                                      : view.record->updated_at),
                writer);
      return;
    case Out::kList:
      WriteList(view, source, writer);
      return;
    case Out::kNull:
      writer->Null();
      return;
    case Out::kPaging:
      writer->Int64(PagingValue(page, source));
      return;
  }
  writer->Null();
}

void WritePages(const PageInfo& page, Writer* writer) {
  writer->StartObject();
  writer->Key("current_number");
  writer->Int64(page.current_number);
  writer->Key("display_number");
  writer->Int64(page.display_number);
  writer->Key("total_count");
  writer->Int64(page.total_count);
  writer->Key("total_number");
  writer->Int64(page.total_number);
  writer->EndObject();
}

}  // namespace

std::string RenderId(int64_t id) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("id");
  writer.Int64(id);
  writer.EndObject();
  return buffer.GetString();
}

std::string RenderList(ObjectKind kind, const ListResult& result) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  const absl::string_view plural = PluralName(kind);
  writer.Key(plural.data(), static_cast<rapidjson::SizeType>(plural.size()));
  writer.StartArray();
  for (const ListedRecord& listed : result.records) {
    const RecordView view{kind, &listed.record, listed.client ? &*listed.client : nullptr};
    writer.StartObject();
    for (const OutputKey& key : KeysFor(kind)) {
      writer.Key(key.key);
      WriteValue(key, view, result.page, &writer);
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("pages");
  WritePages(result.page, &writer);
  writer.EndObject();
  return buffer.GetString();
}

std::string RenderErrors(absl::Span<const FieldError> errors) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("errors");
  writer.StartArray();
  for (const FieldError& error : errors) {
    writer.StartObject();
    writer.Key("field");
    WriteText(error.field, &writer);
    writer.Key("message");
    writer.String(error.message.data(), static_cast<rapidjson::SizeType>(error.message.size()));
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return buffer.GetString();
}

}  // namespace leadgw::emulators::hotprofile
