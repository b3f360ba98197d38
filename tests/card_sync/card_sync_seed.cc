#include "tests/card_sync/card_sync_seed.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "matching/email_keys.h"

namespace leadgw::testing::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;
namespace hp = ::leadgw::emulators::hotprofile;
namespace mkto = ::leadgw::emulators::marketo;
using ::leadgw::card_sync::DemoCardSet;
using ::leadgw::card_sync::kDemoCards;
using ::leadgw::card_sync::kDemoPeople;

absl::Time TimeOf(const google::protobuf::Timestamp& ts) { return absl::FromUnixSeconds(ts.seconds()); }

void Put(hp::Record& record, const std::string& name, const std::string& value) {
  if (!value.empty()) record.values[name] = value;
}

}  // namespace

absl::Status SeedCards(const DemoCardSet& demo, hp::HotProfileEmulator& hotprofile) {
  std::vector<hp::SeedRecord> records;
  std::map<std::string, int> client_ids;
  for (const v1::BusinessCard& card : demo.cards) {
    if (client_ids.count(card.company_name()) > 0) continue;
    const int id = static_cast<int>(client_ids.size()) + 1;
    client_ids[card.company_name()] = id;
    hp::Record client;
    client.values["name"] = card.company_name();
    client.created_at = client.updated_at = TimeOf(demo.cards.front().updated_at());
    records.push_back({hp::ObjectKind::kClient, std::move(client)});
  }
  for (const v1::BusinessCard& card : demo.cards) {
    hp::Record record;
    record.values["client_id"] = absl::StrCat(client_ids[card.company_name()]);
    Put(record, "family_name", card.last_name());
    Put(record, "first_name", card.first_name());
    Put(record, "family_name_kana", card.last_name_kana());
    Put(record, "first_name_kana", card.first_name_kana());
    Put(record, "email", card.email());
    Put(record, "tel", card.phone());
    Put(record, "mobile_tel", card.mobile_phone());
    record.values["status"] = "1";
    record.values["open_status"] = "1";
    record.created_at = record.updated_at = TimeOf(card.updated_at());
    records.push_back({hp::ObjectKind::kBusinessCard, std::move(record)});
  }
  return hotprofile.store().Reset(std::move(records));
}

std::map<std::string, std::string> SeedLeads(const DemoCardSet& demo,
                                             mkto::MarketoEmulator& marketo) {
  marketo.store().AddProgram(mkto::Program{kProgramId, kProgram, false, {}});
  std::map<std::string, std::string> ids;
  for (const v1::Lead& lead : demo.existing_leads) {
    mkto::FieldMap fields;
    auto put = [&](const char* name, const std::string& value) {
      if (!value.empty()) fields[name] = mkto::FieldValue::String(value);
    };
    put("email", lead.email());
    put("firstName", lead.first_name());
    put("lastName", lead.last_name());
    put("company", lead.company());
    put("phone", lead.phone());
    ids[lead.id()] = absl::StrCat(marketo.store().InsertLead(fields, 1));
  }
  return ids;
}

ExpectedSync Expect(const DemoCardSet& demo, const std::map<std::string, std::string>& marketo_ids) {
  ExpectedSync expected;
  std::vector<std::string> email_of(kDemoPeople);
  for (int k = 0; k < kDemoCards; ++k) {
    const std::string& email = demo.cards[k].email();
    if (email.empty() || !email_of[demo.person_of_card[k]].empty()) continue;
    email_of[demo.person_of_card[k]] = *matching::EmailKey(email);
  }
  for (int i = 0; i < kDemoPeople; ++i) {
    if (!demo.expected_leads[i].empty()) {
      ++(demo.expected_leads[i].size() > 1 ? expected.duplicated : expected.updated);
      for (const std::string& id : demo.expected_leads[i]) {
        expected.leads_of_person[i].push_back(marketo_ids.at(id));
      }
    } else if (!email_of[i].empty()) {
      ++expected.created;
    } else {
      ++expected.skipped;
    }
    if (!email_of[i].empty()) {
      expected.leads_per_email[email_of[i]] = std::max<size_t>(1, demo.expected_leads[i].size());
    }
  }
  return expected;
}

}  // namespace leadgw::testing::card_sync
