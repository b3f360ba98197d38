#include "tools/leadctl/lead_mapping.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace leadgw::leadctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr absl::string_view kAddressPrefix = "address.";

// Sets the scalar `field` of `message` from `value`; strings, int32 and the consent
// booleans are the only kinds the writable Lead and Address fields have.
absl::Status SetScalar(Message& message, const FieldDescriptor& field, const std::string& name,
                       const google::protobuf::Value& value) {
  const auto* reflection = message.GetReflection();
  if (field.is_repeated()) {  // tags, interest_products (output only) and custom_fields
    return absl::InvalidArgumentError(absl::StrCat(name, ": cannot be written from a file"));
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      if (value.kind_case() != google::protobuf::Value::kStringValue) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": wants a string"));
      }
      reflection->SetString(&message, &field, value.string_value());
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t number = 0;
      bool parsed = false;
      if (value.kind_case() == google::protobuf::Value::kStringValue) {
        parsed = absl::SimpleAtoi(value.string_value(), &number);
      } else if (value.kind_case() == google::protobuf::Value::kNumberValue) {
        const double given = value.number_value();
        parsed = given >= INT32_MIN && given <= INT32_MAX && given == std::trunc(given);
        if (parsed) number = static_cast<int32_t>(given);
      }
      if (!parsed) return absl::InvalidArgumentError(absl::StrCat(name, ": wants an integer"));
      reflection->SetInt32(&message, &field, number);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      // CSV cells are text: "true"/"false" and "1"/"0" as well as JSON booleans.
      std::optional<bool> flag;
      if (value.kind_case() == google::protobuf::Value::kBoolValue) {
        flag = value.bool_value();
      } else if (value.kind_case() == google::protobuf::Value::kStringValue) {
        const std::string text = absl::AsciiStrToLower(value.string_value());
        if (text == "true" || text == "1") flag = true;
        if (text == "false" || text == "0") flag = false;
      }
      if (!flag.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": wants true or false"));
      }
      reflection->SetBool(&message, &field, *flag);
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat(name, ": cannot be written from a file"));
  }
}

}  // namespace

absl::StatusOr<leadgateway::v1::Lead> LeadFromFields(const FieldList& fields) {
  leadgateway::v1::Lead lead;
  const auto* lead_descriptor = lead.GetDescriptor();
  const auto* address_descriptor = lead.address().GetDescriptor();
  for (const auto& [name, value] : fields) {
    const FieldDescriptor* field = nullptr;
    Message* target = &lead;
    if (absl::StartsWith(name, kAddressPrefix)) {
      field = address_descriptor->FindFieldByName(name.substr(kAddressPrefix.size()));
      target = lead.mutable_address();
    } else {
      field = lead_descriptor->FindFieldByName(name);
    }
    if (field == nullptr) {
      (*lead.mutable_custom_fields())[name] = value;
      continue;
    }
    if (absl::Status status = SetScalar(*target, *field, name, value); !status.ok()) {
      return status;
    }
  }
  return lead;
}

}  // namespace leadgw::leadctl
