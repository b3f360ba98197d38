#include "card_sync/card_to_lead.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "common/decimal_id.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "matching/email_keys.h"
#include "matching/japanese_text.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

void FillText(bool (v1::BusinessCard::*has)() const,
              const std::string& (v1::BusinessCard::*get)() const,
              void (v1::Lead::*set)(const std::string&), bool (v1::Lead::*lead_has)() const,
              const v1::BusinessCard& card, v1::Lead& lead) {
  if ((lead.*lead_has)()) return;
  if (!(card.*has)() || (card.*get)().empty()) return;
  (lead.*set)((card.*get)());
}

// Output-only card strings (no has_ accessor): set when non-empty.
void FillPlain(const std::string& value, bool (v1::Lead::*lead_has)() const,
               void (v1::Lead::*set)(const std::string&), v1::Lead& lead) {
  if (!value.empty() && !(lead.*lead_has)()) (lead.*set)(value);
}

void FillAddress(const v1::Address& from, v1::Address& to) {
  if (!to.has_postal_code() && !from.postal_code().empty()) to.set_postal_code(from.postal_code());
  if (!to.has_state() && !from.state().empty()) to.set_state(from.state());
  if (!to.has_city() && !from.city().empty()) to.set_city(from.city());
  if (!to.has_street() && !from.street().empty()) to.set_street(from.street());
  if (!to.has_country() && !from.country().empty()) to.set_country(from.country());
}

void FillFromCard(const v1::BusinessCard& c, v1::Lead& lead) {
  using C = v1::BusinessCard;
  using L = v1::Lead;
  FillText(&C::has_email, &C::email, &L::set_email, &L::has_email, c, lead);
  FillText(&C::has_last_name, &C::last_name, &L::set_last_name, &L::has_last_name, c, lead);
  FillText(&C::has_first_name, &C::first_name, &L::set_first_name, &L::has_first_name, c,
           lead);
  FillText(&C::has_phone, &C::phone, &L::set_phone, &L::has_phone, c, lead);
  FillText(&C::has_mobile_phone, &C::mobile_phone, &L::set_mobile_phone, &L::has_mobile_phone,
           c, lead);
  FillText(&C::has_fax, &C::fax, &L::set_fax, &L::has_fax, c, lead);
  FillText(&C::has_website, &C::website, &L::set_website, &L::has_website, c, lead);
  FillPlain(c.company_name(), &L::has_company, &L::set_company, lead);
  FillPlain(c.title(), &L::has_title, &L::set_title, lead);
  FillPlain(c.department(), &L::has_department, &L::set_department, lead);
  if (c.has_address()) FillAddress(c.address(), *lead.mutable_address());
}

// Cards are typed with Japanese input methods: "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ" and
// "０３－１２３４－５６７８" are what people write, but a lead system finds leads by the
// ASCII address (and refuses other characters in it). Addresses take their comparison
// form (lower case: lead systems match them ignoring case); an address that is not one
// is left out rather than refused upstream. Phones are width-folded, kept as written.
void NormaliseContacts(v1::Lead& lead) {
  if (lead.has_email()) {
    absl::StatusOr<std::string> email = matching::EmailKey(lead.email());
    if (email.ok()) {
      lead.set_email(*std::move(email));
    } else {
      lead.clear_email();
    }
  }
  using Has = bool (v1::Lead::*)() const;
  using Mutable = std::string* (v1::Lead::*)();
  constexpr std::pair<Has, Mutable> kPhones[] = {
      {&v1::Lead::has_phone, &v1::Lead::mutable_phone},
      {&v1::Lead::has_mobile_phone, &v1::Lead::mutable_mobile_phone},
      {&v1::Lead::has_fax, &v1::Lead::mutable_fax},
  };
  for (const auto& [has, get] : kPhones) {
    if (!(lead.*has)()) continue;
    std::string* phone = (lead.*get)();
    absl::StatusOr<std::string> folded = matching::FoldText(*phone, matching::SpacePolicy::kCollapse);
    if (folded.ok()) *phone = *std::move(folded);
  }
}

}  // namespace

bool NewerCard(const v1::BusinessCard& a, const v1::BusinessCard& b) {
  const auto& ta = a.updated_at();
  const auto& tb = b.updated_at();
  if (ta.seconds() != tb.seconds()) return ta.seconds() > tb.seconds();
  if (ta.nanos() != tb.nanos()) return ta.nanos() > tb.nanos();
  return common::DecimalIdOrMax(a.id()) > common::DecimalIdOrMax(b.id());
}

v1::Lead LeadFromCards(const std::vector<const v1::BusinessCard*>& cards) {
  std::vector<const v1::BusinessCard*> newest_first = cards;
  std::sort(newest_first.begin(), newest_first.end(),
            [](const v1::BusinessCard* a, const v1::BusinessCard* b) { return NewerCard(*a, *b); });
  v1::Lead lead;
  for (const v1::BusinessCard* card : newest_first) FillFromCard(*card, lead);
  NormaliseContacts(lead);
  return lead;
}

void ApplyOptOuts(const OptOuts& opt_outs, v1::Lead& lead) {
  if (opt_outs.email) lead.set_email_opt_out(true);
  if (opt_outs.phone) lead.set_phone_opt_out(true);
}

std::string CardFingerprint(const v1::BusinessCard& card, const std::string& program,
                            const OptOuts& opt_outs) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    card.SerializeToCodedStream(&coded);
  }
  bytes.push_back('\0');
  bytes += program;
  if (opt_outs.any()) {
    bytes.push_back('\0');
    bytes += opt_outs.email ? "opt-out:email" : "opt-out:";
    if (opt_outs.phone) bytes += ",phone";
  }
  uint64_t hash = 14695981039346656037ull;  // FNV-1a 64-bit offset basis
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 1099511628211ull;  // FNV-1a 64-bit prime
  }
  return absl::StrFormat("%016x", hash);
}

}  // namespace leadgw::card_sync
