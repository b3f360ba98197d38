#include "card_sync/demo_cards.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

// A name part in kanji, and its reading in katakana, hiragana and half-width katakana.
struct NamePart {
  const char* kanji;
  const char* katakana;
  const char* hiragana;
  const char* half_width;
};

constexpr NamePart kFamilyNames[] = {
    {"佐藤", "サトウ", "さとう", "ｻﾄｳ"},         {"鈴木", "スズキ", "すずき", "ｽｽﾞｷ"},
    {"高橋", "タカハシ", "たかはし", "ﾀｶﾊｼ"},   {"田中", "タナカ", "たなか", "ﾀﾅｶ"},
    {"伊藤", "イトウ", "いとう", "ｲﾄｳ"},         {"渡辺", "ワタナベ", "わたなべ", "ﾜﾀﾅﾍﾞ"},
    {"山本", "ヤマモト", "やまもと", "ﾔﾏﾓﾄ"},   {"中村", "ナカムラ", "なかむら", "ﾅｶﾑﾗ"},
    {"小林", "コバヤシ", "こばやし", "ｺﾊﾞﾔｼ"},  {"加藤", "カトウ", "かとう", "ｶﾄｳ"},
    {"吉田", "ヨシダ", "よしだ", "ﾖｼﾀﾞ"},       {"山田", "ヤマダ", "やまだ", "ﾔﾏﾀﾞ"},
    {"佐々木", "ササキ", "ささき", "ｻｻｷ"},       {"山口", "ヤマグチ", "やまぐち", "ﾔﾏｸﾞﾁ"},
    {"松本", "マツモト", "まつもと", "ﾏﾂﾓﾄ"},
};
constexpr NamePart kGivenNames[] = {
    {"太郎", "タロウ", "たろう", "ﾀﾛｳ"},       {"花子", "ハナコ", "はなこ", "ﾊﾅｺ"},
    {"健太", "ケンタ", "けんた", "ｹﾝﾀ"},       {"美咲", "ミサキ", "みさき", "ﾐｻｷ"},
    {"翔", "ショウ", "しょう", "ｼｮｳ"},         {"陽子", "ヨウコ", "ようこ", "ﾖｳｺ"},
    {"大輔", "ダイスケ", "だいすけ", "ﾀﾞｲｽｹ"}, {"由美", "ユミ", "ゆみ", "ﾕﾐ"},
    {"誠", "マコト", "まこと", "ﾏｺﾄ"},         {"恵", "メグミ", "めぐみ", "ﾒｸﾞﾐ"},
};
constexpr int kFamilyCount = sizeof(kFamilyNames) / sizeof(kFamilyNames[0]);

struct Company {
  const char* name;         // without legal form
  const char* mail_domain;  // reserved example domain
};
constexpr Company kCompanies[] = {
    {"さくら電機", "sakura-denki.example.jp"},   {"富士テック", "fuji-tech.example.jp"},
    {"日本ロジスティクス", "nihon-logi.example.jp"}, {"東京フーズ", "tokyo-foods.example.jp"},
    {"大阪精密", "osaka-seimitsu.example.jp"},   {"みらい商事", "mirai-shoji.example.jp"},
    {"青葉システム", "aoba-system.example.jp"},  {"北斗製薬", "hokuto-pharma.example.jp"},
    {"光通信工業", "hikari-tsushin.example.jp"}, {"山河建設", "sanga-kensetsu.example.jp"},
};
constexpr int kCompanyCount = sizeof(kCompanies) / sizeof(kCompanies[0]);

// Persons 148 and 149 are namesakes of 0 and 1 at the same company.
constexpr int kNamesakes[][2] = {{148, 0}, {149, 1}};
// Persons with a second, e-mail-less lead in the marketing system.
constexpr int kDuplicatedInLeads[] = {20, 40, 60};
// A lead that only shares its name with this person.
constexpr int kNameOnlyLookalike = 7;

struct Person {
  const NamePart* family;
  const NamePart* given;
  const Company* company;
  std::string email;  // empty: the person's card has none
  int phone_a;        // 03-<phone_a>-<phone_b>
  int phone_b;
};

int NamesakeOf(int person) {
  for (const auto& pair : kNamesakes) {
    if (pair[0] == person) return pair[1];
  }
  return -1;
}

Person MakePerson(int i) {
  const int name_source = NamesakeOf(i) >= 0 ? NamesakeOf(i) : i;
  Person person;
  person.family = &kFamilyNames[name_source % kFamilyCount];
  person.given = &kGivenNames[name_source / kFamilyCount];
  person.company = &kCompanies[name_source % kCompanyCount];
  if (i % 7 != 3) person.email = absl::StrFormat("p%03d@%s", i, person.company->mail_domain);
  person.phone_a = 5000 + i;
  person.phone_b = 1000 + i;
  return person;
}

std::string Phone(const Person& p) { return absl::StrFormat("03-%04d-%04d", p.phone_a, p.phone_b); }

// ASCII to its full-width form (U+FF01..U+FF5E), as typed with a Japanese input method.
std::string FullWidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    const int code = 0xFF01 + (static_cast<unsigned char>(c) - 0x21);
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

v1::BusinessCard BaseCard(const Person& p) {
  v1::BusinessCard card;
  card.set_last_name(p.family->kanji);
  card.set_first_name(p.given->kanji);
  card.set_last_name_kana(p.family->katakana);
  card.set_first_name_kana(p.given->katakana);
  card.set_company_name(absl::StrCat("株式会社", p.company->name));
  if (!p.email.empty()) card.set_email(p.email);
  card.set_phone(Phone(p));
  card.set_title("営業部 課長");
  return card;
}

// The second card of a person, typed differently; `kind` picks the difference.
v1::BusinessCard VariantCard(const Person& p, int kind) {
  v1::BusinessCard card = BaseCard(p);
  switch (kind) {
    case 0:  // full-width e-mail and digits
      if (!p.email.empty()) card.set_email(FullWidth(p.email));
      card.set_phone(FullWidth(Phone(p)));
      break;
    case 1:  // given name and reading in hiragana, short legal form, no e-mail
      card.set_first_name(p.given->hiragana);
      card.set_last_name_kana(p.family->hiragana);
      card.set_first_name_kana(p.given->hiragana);
      card.set_company_name(absl::StrCat(p.company->name, "(株)"));
      card.clear_email();
      break;
    case 2:  // ㈱ and an international phone format, no e-mail
      card.set_company_name(absl::StrCat(p.company->name, "㈱"));
      card.set_phone(absl::StrFormat("+81-3-%04d-%04d", p.phone_a, p.phone_b));
      card.clear_email();
      break;
    case 3:  // legal form after the name, digits only, no e-mail
      card.set_company_name(absl::StrCat(p.company->name, "株式会社"));
      card.set_phone(absl::StrFormat("03%04d%04d", p.phone_a, p.phone_b));
      card.clear_email();
      break;
    default:  // family name in half-width kana, half-width reading, upper-case e-mail
      card.set_last_name(p.family->half_width);
      card.set_last_name_kana(p.family->half_width);
      card.set_first_name_kana(p.given->half_width);
      if (!p.email.empty()) card.set_email(Upper(p.email));
      card.set_mobile_phone(absl::StrFormat("090-%04d-%04d", p.phone_a, p.phone_b));
      break;
  }
  return card;
}

v1::Lead LeadOf(const Person& p, std::string id) {
  v1::Lead lead;
  lead.set_id(std::move(id));
  lead.set_last_name(p.family->kanji);
  lead.set_first_name(p.given->kanji);
  return lead;
}

void AddExistingLeads(const std::vector<Person>& people, DemoCardSet& set) {
  int next_id = 5001;
  auto add = [&](v1::Lead lead, int person) {
    set.expected_leads[person].push_back(lead.id());
    set.existing_leads.push_back(std::move(lead));
  };
  for (int i = 0; i < kDemoPeople; i += 5) {
    const Person& p = people[i];
    if (p.email.empty()) continue;  // a lead system finds leads by e-mail
    v1::Lead lead = LeadOf(p, absl::StrCat(next_id++));
    lead.set_company(absl::StrCat(p.company->name, "株式会社"));
    lead.set_email(p.email);
    add(std::move(lead), i);
  }
  for (int i : kDuplicatedInLeads) {
    // A duplicate with the same address, as a list import makes them.
    const Person& p = people[i];
    v1::Lead duplicate = LeadOf(p, absl::StrCat(next_id++));
    duplicate.set_company(absl::StrCat(p.company->name, "㈱"));
    duplicate.set_email(p.email);
    duplicate.set_phone(absl::StrFormat("03%04d%04d", p.phone_a, p.phone_b));
    add(std::move(duplicate), i);
  }
  v1::Lead lookalike = LeadOf(people[kNameOnlyLookalike], absl::StrCat(next_id++));
  lookalike.set_company("株式会社無関係商会");
  lookalike.set_phone("06-6000-0000");
  set.existing_leads.push_back(std::move(lookalike));
}

}  // namespace

DemoCardSet MakeDemoCardSet() {
  DemoCardSet set;
  std::vector<Person> people;
  for (int i = 0; i < kDemoPeople; ++i) people.push_back(MakePerson(i));
  set.expected_leads.resize(kDemoPeople);
  for (int i = 0; i < kDemoPeople; ++i) {
    set.namesake_of.push_back(NamesakeOf(i));
    set.cards.push_back(BaseCard(people[i]));
    set.person_of_card.push_back(i);
  }
  for (int d = 0; set.cards.size() < kDemoCards; ++d) {
    const int person = d * 3;
    set.cards.push_back(VariantCard(people[person], d % 5));
    set.person_of_card.push_back(person);
  }
  for (int k = 0; k < kDemoCards; ++k) {
    set.cards[k].set_id(absl::StrCat(1001 + k));
    set.cards[k].mutable_updated_at()->set_seconds(1764547200 + 60 * k);  // from 2025-12-01
  }
  AddExistingLeads(people, set);
  return set;
}

}  // namespace leadgw::card_sync
