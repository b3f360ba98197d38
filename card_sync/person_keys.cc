#include "card_sync/person_keys.h"

#include <algorithm>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "matching/email_keys.h"
#include "matching/japanese_text.h"
#include "matching/name_keys.h"
#include "matching/phone_number.h"

namespace leadgw::card_sync {
namespace {

// A failed key is no key: see the header.
std::string KeyOrEmpty(absl::StatusOr<std::string> key) {
  return key.ok() ? *std::move(key) : std::string();
}

std::string NameKey(absl::string_view family, absl::string_view given) {
  if (family.empty() && given.empty()) return "";
  return KeyOrEmpty(matching::PersonNameKey(family, given));
}

std::string ReadingKey(absl::string_view family_kana, absl::string_view given_kana) {
  if (family_kana.empty() && given_kana.empty()) return "";
  return KeyOrEmpty(matching::KanaKey(absl::StrCat(family_kana, given_kana)));
}

void AddPhone(absl::string_view text, std::vector<std::string>& phones) {
  if (text.empty()) return;
  absl::StatusOr<matching::PhoneNumber> phone = matching::NormalizePhoneNumber(text);
  if (!phone.ok() || phone->e164.empty()) return;
  if (std::find(phones.begin(), phones.end(), phone->e164) == phones.end()) {
    phones.push_back(std::move(phone->e164));
  }
}

// The fields both records share under the same names.
template <typename Record>
PersonKeys CommonKeys(const Record& record, absl::string_view company_name) {
  PersonKeys keys;
  if (!record.email().empty()) keys.email = KeyOrEmpty(matching::EmailKey(record.email()));
  // The parts when given; else the full name (a backend that answers only that). The keys
  // agree either way: spaces between the parts are not part of them.
  keys.name = NameKey(record.last_name(), record.first_name());
  if (keys.name.empty()) keys.name = NameKey(record.full_name(), "");
  keys.name_reading = ReadingKey(record.last_name_kana(), record.first_name_kana());
  if (keys.name_reading.empty()) keys.name_reading = ReadingKey(record.full_name_kana(), "");
  if (!company_name.empty()) {
    keys.company = KeyOrEmpty(matching::CompanyNameKey(company_name));
  }
  AddPhone(record.phone(), keys.phones);
  AddPhone(record.mobile_phone(), keys.phones);
  return keys;
}

}  // namespace

PersonKeys KeysOfCard(const leadgateway::v1::BusinessCard& card) {
  return CommonKeys(card, card.company_name());
}

PersonKeys KeysOfLead(const leadgateway::v1::Lead& lead) {
  return CommonKeys(lead, lead.company());
}

}  // namespace leadgw::card_sync
