#include "backends/hotprofile/field_table.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "backends/hotprofile/search_table.h"
#include "emulators/hotprofile/field_rules.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/company_service.pb.h"
#include "leadgateway/v1/lead.pb.h"

namespace leadgw::backends::hotprofile {
namespace {

namespace emu = ::leadgw::emulators::hotprofile;
using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;

const ObjectKind kKinds[] = {ObjectKind::kLead, ObjectKind::kClient, ObjectKind::kBusinessCard};

const Descriptor* DescriptorOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return ::leadgateway::v1::Lead::descriptor();
    case ObjectKind::kClient:
      return ::leadgateway::v1::Company::descriptor();
    case ObjectKind::kBusinessCard:
      return ::leadgateway::v1::BusinessCard::descriptor();
  }
  return nullptr;
}

const FieldDescriptor* Resolve(const Descriptor* descriptor, const std::string& path) {
  const FieldDescriptor* field = nullptr;
  for (absl::string_view segment : absl::StrSplit(path, '.')) {
    if (descriptor == nullptr) return nullptr;
    field = descriptor->FindFieldByName(std::string(segment));
    if (field == nullptr) return nullptr;
    descriptor = field->message_type();
  }
  return field;
}

emu::ObjectKind EmulatorKind(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kLead:
      return emu::ObjectKind::kLead;
    case ObjectKind::kClient:
      return emu::ObjectKind::kClient;
    case ObjectKind::kBusinessCard:
      break;
  }
  return emu::ObjectKind::kBusinessCard;
}

TEST(FieldTableTest, NamesAreUniqueAndNeutralPathsExistWithFittingTypes) {
  for (ObjectKind kind : kKinds) {
    std::set<std::string> names;
    std::set<std::string> writable_neutral;
    for (const FieldSpec& spec : FieldsOf(kind)) {
      EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
      EXPECT_NE(std::string(spec.label), "") << spec.name;
      if (spec.custom()) continue;
      const FieldDescriptor* field = Resolve(DescriptorOf(kind), spec.neutral);
      ASSERT_NE(field, nullptr) << ObjectLabel(kind) << " " << spec.neutral;
      if (spec.writable()) {
        EXPECT_TRUE(writable_neutral.insert(spec.neutral).second) << spec.neutral;
        EXPECT_FALSE(field->is_repeated()) << spec.neutral;
      }
      switch (spec.type) {
        case ValueType::kInteger:
          EXPECT_EQ(field->cpp_type(), FieldDescriptor::CPPTYPE_INT32) << spec.name;
          break;
        case ValueType::kCode:
          EXPECT_EQ(field->cpp_type(), FieldDescriptor::CPPTYPE_ENUM) << spec.name;
          break;
        case ValueType::kDateTime:
          EXPECT_EQ(field->message_type()->full_name(), "google.protobuf.Timestamp");
          break;
        case ValueType::kList:
          EXPECT_TRUE(field->is_repeated()) << spec.name;
          break;
        case ValueType::kFlag:
          EXPECT_EQ(field->cpp_type(), FieldDescriptor::CPPTYPE_BOOL) << spec.name;
          break;
        default:
          EXPECT_EQ(field->cpp_type(), FieldDescriptor::CPPTYPE_STRING) << spec.name;
      }
    }
  }
}

// The emulator's rule tables are the connector's write rules transcribed independently:
// every rule must have a writable row with the same limit and the same needs.
TEST(FieldTableTest, MirrorsTheEmulatorsWriteRules) {
  for (ObjectKind kind : kKinds) {
    size_t writable = 0;
    for (const FieldSpec& spec : FieldsOf(kind)) writable += spec.writable() ? 1 : 0;
    const auto rules = emu::FieldRulesFor(EmulatorKind(kind));
    EXPECT_EQ(rules.size(), writable) << ObjectLabel(kind);
    for (const emu::FieldRule& rule : rules) {
      const FieldSpec* spec = FindField(kind, rule.name);
      ASSERT_NE(spec, nullptr) << rule.name;
      EXPECT_TRUE(spec->writable()) << rule.name;
      EXPECT_EQ(static_cast<int>(spec->create), static_cast<int>(rule.on_create)) << rule.name;
      EXPECT_EQ(static_cast<int>(spec->update), static_cast<int>(rule.on_update)) << rule.name;
      if (rule.type == emu::FieldType::kText || rule.type == emu::FieldType::kDigits) {
        EXPECT_EQ(spec->limit, rule.max_chars) << rule.name;
      }
      if (rule.type == emu::FieldType::kFlag) {
        EXPECT_EQ(spec->type, ValueType::kFlag);
      }
      if (rule.type == emu::FieldType::kDate) {
        EXPECT_EQ(spec->type, ValueType::kDate);
      }
      if (rule.type == emu::FieldType::kCoordinate) {
        EXPECT_EQ(spec->type, ValueType::kCoordinate);
      }
    }
  }
}

TEST(FieldTableTest, TheDocumentedLimits) {
  EXPECT_EQ(FindField(ObjectKind::kBusinessCard, "family_name")->limit, 100);
  EXPECT_EQ(FindField(ObjectKind::kLead, "email")->limit, 200);
  EXPECT_EQ(FindField(ObjectKind::kLead, "zip")->limit, 50);
  EXPECT_EQ(FindField(ObjectKind::kClient, "zip")->limit, 100);
  EXPECT_EQ(FindField(ObjectKind::kClient, "name")->limit, 255);
  EXPECT_EQ(FindField(ObjectKind::kBusinessCard, "direct_note")->limit, 3000);
  EXPECT_EQ(FindField(ObjectKind::kLead, "extension")->limit, 8);
  EXPECT_EQ(std::string(FindField(ObjectKind::kBusinessCard, "status")->codes), "1|2");
  EXPECT_EQ(std::string(FindField(ObjectKind::kBusinessCard, "open_status")->codes), "1|3");
}

TEST(FieldTableTest, NeutralLookupPrefersTheWritableRow) {
  EXPECT_EQ(std::string(FindFieldByNeutral(ObjectKind::kLead, "last_name")->name), "family_name");
  EXPECT_EQ(std::string(FindFieldByNeutral(ObjectKind::kLead, "company")->name), "client_name");
  EXPECT_EQ(std::string(FindFieldByNeutral(ObjectKind::kClient, "owner_id")->name), "user_id");
  EXPECT_EQ(FindFieldByNeutral(ObjectKind::kLead, "address.country"), nullptr);
  EXPECT_EQ(FindFieldByNeutral(ObjectKind::kLead, ""), nullptr);  // custom rows never match
}

TEST(SearchTableTest, FiltersMapToDocumentedSearches) {
  for (ObjectKind kind : {ObjectKind::kClient, ObjectKind::kBusinessCard}) {
    const Descriptor* filter = kind == ObjectKind::kClient
                                   ? ::leadgateway::v1::CompanyFilter::descriptor()
                                   : ::leadgateway::v1::BusinessCardFilter::descriptor();
    for (const FilterSpec& spec : FiltersOf(kind)) {
      EXPECT_NE(filter->FindFieldByName(spec.field), nullptr) << spec.field;
      EXPECT_NE(FindSearch(kind, spec.search), nullptr) << spec.search;
      if (spec.search_to[0] != '\0') {
        EXPECT_NE(FindSearch(kind, spec.search_to), nullptr);
      }
    }
    // Every filter field but `extra` is mapped.
    for (int i = 0; i < filter->field_count(); ++i) {
      const std::string name = filter->field(i)->name();
      if (name == "extra") continue;
      bool mapped = false;
      for (const FilterSpec& spec : FiltersOf(kind)) mapped |= name == spec.field;
      EXPECT_TRUE(mapped) << name;
    }
  }
}

TEST(SearchTableTest, LeadFilterFieldsAcceptNeutralAndHotProfileNames) {
  EXPECT_EQ(std::string(LeadSearchForFilterField("id")->name), "ids");
  EXPECT_EQ(std::string(LeadSearchForFilterField("owner_id")->name), "user_ids");
  EXPECT_EQ(std::string(LeadSearchForFilterField("user_ids")->name), "user_ids");
  EXPECT_EQ(std::string(LeadSearchForFilterField("last_name_kana")->name), "family_name_kana");
  EXPECT_EQ(std::string(LeadSearchForFilterField("family_name_kana")->name), "family_name_kana");
  EXPECT_EQ(std::string(LeadSearchForFilterField("company")->name), "client_name");
  EXPECT_EQ(std::string(LeadSearchForFilterField("phone")->name), "tel");
  EXPECT_EQ(LeadSearchForFilterField("favourite_colour"), nullptr);
  // The status id is searched as lead_status_id; lead_status (the name) is not searchable.
  EXPECT_EQ(std::string(LeadSearchForFilterField("lead_status_id")->name), "lead_status");
  EXPECT_EQ(LeadSearchForFilterField("lead_status"), nullptr);
  EXPECT_EQ(std::string(OrderKeyOf(ObjectKind::kBusinessCard, 2)), "trade_on");
  EXPECT_EQ(std::string(OrderKeyOf(ObjectKind::kClient, 2)), "created_at");
  EXPECT_EQ(OrderKeyOf(ObjectKind::kClient, 0), nullptr);
  EXPECT_EQ(OrderKeyOf(ObjectKind::kClient, 9), nullptr);
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
