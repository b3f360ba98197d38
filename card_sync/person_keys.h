// Comparison keys of one person as a business card or a lead describes them: the inputs
// of card-to-lead matching (card_matching.h). Built from the neutral model, so the same
// rules serve any pair of backends.
//
// A key that cannot be made (no e-mail, an address that is not one, a name with nothing
// left to compare) is left empty: an empty key never matches anything, and a bad field on
// one card never stops a sync.
#ifndef LEADGW_CARD_SYNC_PERSON_KEYS_H_
#define LEADGW_CARD_SYNC_PERSON_KEYS_H_

#include <string>
#include <vector>

#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/lead.pb.h"

namespace leadgw::card_sync {

struct PersonKeys {
  // matching::EmailKey of the e-mail address; empty when absent or invalid.
  std::string email;
  // matching::PersonNameKey of family + given name (the written form).
  std::string name;
  // matching::KanaKey of the reading (family + given kana): "やまだ たろう" and "ﾔﾏﾀﾞ ﾀﾛｳ"
  // give one key, so two cards that differ only in how the reading was typed pair up.
  std::string name_reading;
  // matching::CompanyNameKey of the company name (legal form removed).
  std::string company;
  // E.164 forms of the phone numbers given (office first, then mobile), duplicates
  // removed. Extensions are not part of the key.
  std::vector<std::string> phones;
};

PersonKeys KeysOfCard(const leadgateway::v1::BusinessCard& card);
PersonKeys KeysOfLead(const leadgateway::v1::Lead& lead);

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_PERSON_KEYS_H_
