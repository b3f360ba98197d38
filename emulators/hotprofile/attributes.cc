#include "emulators/hotprofile/attributes.h"

#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "emulators/hotprofile/reference_data.h"
#include "emulators/hotprofile/text_util.h"

namespace leadgw::emulators::hotprofile {
namespace {

std::string JoinName(const std::string& family, const std::string& first) {
  if (family.empty()) return first;
  if (first.empty()) return family;
  return family + " " + first;
}

std::optional<int64_t> StoredInt(const Record& record, const std::string& name) {
  const std::string& text = record.Value(name);
  if (text.empty()) return std::nullopt;
  return ParseStrictInt(text);
}

std::string AddressPart(const std::string& address, int part) {
  const std::vector<std::string> words = SplitWords(address);
  if (part < 2) return part < static_cast<int>(words.size()) ? words[part] : "";
  if (words.size() < 3) return "";
  return absl::StrJoin(words.begin() + 2, words.end(), " ");
}

std::string OwnerName(const RecordView& view) {
  const Record& record = *view.record;
  const char* id_field = view.kind == ObjectKind::kClient ? "user_id" : "owner_user_id";
  const std::optional<int64_t> owner = StoredInt(record, id_field);
  if (owner) return NameOf(Domain::kUser, *owner);
  if (view.kind == ObjectKind::kBusinessCard) return record.Value("owner_user");
  return "";
}

}  // namespace

std::string TextAttribute(const RecordView& view, absl::string_view name) {
  const Record& record = *view.record;
  if (name == "full_name") {
    return JoinName(record.Value("family_name"), record.Value("first_name"));
  }
  if (name == "full_name_kana") {
    return JoinName(record.Value("family_name_kana"), record.Value("first_name_kana"));
  }
  if (absl::ConsumePrefix(&name, "client.")) {
    return view.client == nullptr ? "" : view.client->Value(std::string(name));
  }
  if (name == "pref") {
    const std::optional<int64_t> pref = StoredInt(record, "pref_id");
    return pref ? NameOf(Domain::kPrefecture, *pref) : "";
  }
  if (name == "organization_name") {
    const std::optional<int64_t> org = StoredInt(record, "organization_id");
    return org ? NameOf(Domain::kOrganization, *org) : "";
  }
  if (name == "organization_path") {
    const std::optional<int64_t> org = StoredInt(record, "organization_id");
    return org ? absl::StrJoin(OrganizationHierarchy(*org), " ") : "";
  }
  if (name == "owner_name") return OwnerName(view);
  if (name == "owner_code") {
    const char* id_field = view.kind == ObjectKind::kClient ? "user_id" : "owner_user_id";
    const std::optional<int64_t> owner = StoredInt(record, id_field);
    const User* user = owner ? FindUser(*owner) : nullptr;
    return user == nullptr ? "" : user->code;
  }
  if (name == "address1") return AddressPart(record.Value("address"), 0);
  if (name == "address2") return AddressPart(record.Value("address"), 1);
  if (name == "address3") return AddressPart(record.Value("address"), 2);
  return record.Value(std::string(name));
}

std::optional<int64_t> IntAttribute(const RecordView& view, absl::string_view name) {
  if (name == "id") return view.record->id;
  if (name == "owner_role_id") {
    const std::optional<int64_t> owner = StoredInt(*view.record, "owner_user_id");
    const User* user = owner ? FindUser(*owner) : nullptr;
    if (user == nullptr) return std::nullopt;
    return user->role_id;
  }
  return StoredInt(*view.record, std::string(name));
}

const std::vector<std::string>& MultipleSearchAttributes() {
  static const auto* const kAttributes = new std::vector<std::string>{
      "full_name",
      "full_name_kana",
      "client.name",
      "client.name_kana",
      "client.name_disp",
      "post",
      "email",
      "mobile_email",
      "tel",
      "mobile_tel",
      "fax",
      "zip",
      "pref",
      "address",
      "url",
      "organization_name",
      "lead_source",
      "note",
      "customer_id",
  };
  return *kAttributes;
}

}  // namespace leadgw::emulators::hotprofile
