#include "emulators/marketo/demo_data.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace leadgw::emulators::marketo {
namespace {

struct DemoPerson {
  const char* first;
  const char* last;
  const char* company;
  const char* title;
  const char* city;
  const char* country;
  const char* first_kana;  // Japanese leads only
  const char* last_kana;
};

constexpr DemoPerson kPeople[] = {
    {"John", "Doe", "Marketo", "Marketing Manager", "San Mateo", "USA", "", ""},
    {"Abraham", "Lincoln", "Union Rail", "President", "Springfield", "USA", "", ""},
    {"George", "Washington", "Mount Vernon Farms", "Owner", "Alexandria", "USA", "", ""},
    {"Meera", "Reed", "Greywater Watch", "Scout", "Neck", "USA", "", ""},
    {"Jon", "Umber", "Last Hearth", "Heir", "Winterfell", "USA", "", ""},
    {"Lyanna", "Mormont", "Bear Island Co", "CEO", "Bear Island", "USA", "", ""},
    {"Marge", "Simpson", "Fox", "Homemaker", "Springfield", "USA", "", ""},
    {"Ada", "Lovelace", "Analytical Engines", "CTO", "London", "United Kingdom", "", ""},
    {"Alan", "Turing", "Bletchley Labs", "Researcher", "Manchester", "United Kingdom", "",
     ""},
    {"Grace", "Hopper", "Navy Systems", "Rear Admiral", "Arlington", "USA", "", ""},
    {"Linus", "Torvalds", "Kernel Works", "Maintainer", "Portland", "USA", "", ""},
    {"Margaret", "Hamilton", "Apollo Software", "Director", "Boston", "USA", "", ""},
    {"Katherine", "Johnson", "Langley Research", "Mathematician", "Hampton", "USA", "",
     ""},
    {"Tim", "Berners-Lee", "Web Foundation", "Founder", "Geneva", "Switzerland", "", ""},
    {"Barbara", "Liskov", "MIT CSAIL", "Professor", "Cambridge", "USA", "", ""},
    {"Donald", "Knuth", "TAOCP Press", "Author", "Stanford", "USA", "", ""},
    {"Edsger", "Dijkstra", "Structured Co", "Fellow", "Austin", "USA", "", ""},
    {"Frances", "Allen", "Compiler Corp", "Fellow", "Yorktown", "USA", "", ""},
    {"Hedy", "Lamarr", "Spread Spectrum", "Inventor", "Vienna", "Austria", "", ""},
    {"John", "McCarthy", "Lisp Machines", "Chief Scientist", "Stanford", "USA", "", ""},
    {"Radia", "Perlman", "Spanning Trees", "Engineer", "Seattle", "USA", "", ""},
    {"Dennis", "Ritchie", "Bell Labs", "Engineer", "Murray Hill", "USA", "", ""},
    {"Ken", "Thompson", "Bell Labs", "Engineer", "Murray Hill", "USA", "", ""},
    {"Sophie", "Wilson", "Acorn Chips", "Architect", "Cambridge", "United Kingdom", "",
     ""},
    {"Vint", "Cerf", "Packet Networks", "Evangelist", "Reston", "USA", "", ""},
    {"Annie", "Easley", "Glenn Center", "Programmer", "Cleveland", "USA", "", ""},
    {"Theresa", "May", "Westminster", "Prime Minister", "London", "United Kingdom", "",
     ""},
    {"Justin", "Trudeau", "Ottawa Gov", "Prime Minister", "Ottawa", "Canada", "", ""},
    {"Kataldar", "Klooblept", "Klooblept", "Analyst", "Portland", "USA", "", ""},
    {"Thelma", "Dickinson", "Road Trips", "Driver", "Little Rock", "USA", "", ""},
    {"Louise", "Sawyer", "Road Trips", "Waitress", "Little Rock", "USA", "", ""},
    {"Carlos", "Mendes", "Lisboa Tech", "Sales Lead", "Lisbon", "Portugal", "", ""},
    {"太郎", "山田", "山田商事株式会社", "営業部長", "東京", "Japan", "タロウ", "ヤマダ"},
    {"花子", "佐藤", "佐藤工業株式会社", "マーケティング担当", "大阪", "Japan", "ハナコ",
     "サトウ"},
    {"健", "鈴木", "鈴木システム", "代表取締役", "名古屋", "Japan", "ケン", "スズキ"},
    {"美咲", "高橋", "高橋物産", "広報", "福岡", "Japan", "ミサキ", "タカハシ"},
    {"翔", "田中", "田中電機", "技術部長", "横浜", "Japan", "ショウ", "タナカ"},
    {"由美", "伊藤", "伊藤ソリューションズ", "課長", "札幌", "Japan", "ユミ", "イトウ"},
    {"大輔", "渡辺", "渡辺精密", "エンジニア", "京都", "Japan", "ダイスケ", "ワタナベ"},
    {"さくら", "中村", "中村デザイン", "デザイナー", "神戸", "Japan", "サクラ", "ナカムラ"},
};

FieldDef CustomField(const char* name, const char* display, const char* type) {
  FieldDef f;
  f.name = name;
  f.display_name = display;
  f.data_type = type;
  f.length = 255;
  f.is_custom = true;
  f.searchable = true;
  f.is_sensitive = true;
  return f;
}

std::string AsciiSlug(const DemoPerson& p, int index) {
  if (p.first_kana[0] != '\0') return absl::StrCat("jp.lead", index);
  return absl::AsciiStrToLower(absl::StrCat(p.first, ".", p.last));
}

}  // namespace

void SeedDemoData(LeadStore& store) {
  (void)store.AddField(CustomField("lastNameKana", "Last Name Kana", "string"));
  (void)store.AddField(CustomField("firstNameKana", "First Name Kana", "string"));
  (void)store.AddField(CustomField("accountCode", "Account Code", "string"));
  store.AddPartition(Partition{kDemoJapanPartitionId, "Japan", "Leads managed in Japan"});

  const absl::Time base = absl::FromCivil(absl::CivilSecond(2024, 1, 15, 9, 0, 0),
                                          absl::UTCTimeZone());
  std::vector<int64_t> ids;
  int index = 0;
  for (const DemoPerson& p : kPeople) {
    const bool japanese = p.first_kana[0] != '\0';
    FieldMap f;
    f["firstName"] = FieldValue::String(p.first);
    f["lastName"] = FieldValue::String(p.last);
    f["email"] = FieldValue::String(absl::StrCat(AsciiSlug(p, index), "@example.",
                                                 japanese ? "jp" : "com"));
    f["company"] = FieldValue::String(p.company);
    f["title"] = FieldValue::String(p.title);
    f["city"] = FieldValue::String(p.city);
    f["country"] = FieldValue::String(p.country);
    f["phone"] = FieldValue::String(japanese ? absl::StrCat("03-1234-56", 10 + index)
                                             : absl::StrCat("+1-650-555-01", 10 + index));
    f["leadSource"] = FieldValue::String(index % 3 == 0 ? "Website" : "Trade Show");
    f["leadStatus"] = FieldValue::String(index % 4 == 0 ? "MQL" : "Open");
    f["leadScore"] = FieldValue::Int(10 * (index % 10));
    f["unsubscribed"] = FieldValue::Bool(index % 7 == 6);
    f["accountCode"] = FieldValue::String(absl::StrCat("ACC-", 100 + index % 5));
    if (japanese) {
      f["firstNameKana"] = FieldValue::String(p.first_kana);
      f["lastNameKana"] = FieldValue::String(p.last_kana);
      f["postalCode"] = FieldValue::String("100-0005");
    } else {
      f["postalCode"] = FieldValue::String(absl::StrCat("0", 4828 + index));
    }
    ids.push_back(store.InsertLead(f, japanese ? kDemoJapanPartitionId : 1,
                                   base + absl::Hours(24 * index)));
    ++index;
  }

  const absl::Time joined = base + absl::Hours(24 * 60);
  auto dates = [&](int i) {
    return MemberDates{joined + absl::Minutes(i), joined + absl::Minutes(i)};
  };
  StaticList newsletter{kDemoNewsletterListId, "Newsletter Subscribers", {}};
  StaticList webinar{kDemoWebinarListId, "Webinar Attendees", {}};
  StaticList japan{kDemoJapanListId, "Japan Prospects", {}};
  for (int i = 0; i < 32; ++i) {
    if (i % 3 != 2) newsletter.members[ids[i]] = dates(i);
    if (i % 4 == 0) webinar.members[ids[i]] = dates(i);
  }
  for (int i = 32; i < kDemoLeadCount; ++i) {
    japan.members[ids[i]] = dates(i);
    if (i % 2 == 0) newsletter.members[ids[i]] = dates(i);
  }
  store.AddList(newsletter);
  store.AddList(webinar);
  store.AddList(japan);

  Program launch{kDemoLaunchProgramId, "Big Blue Thing Product Launch", false, {}};
  Program nurture{kDemoNurtureProgramId, "Nurture Stream 2024", true, {}};
  int64_t membership_id = 1;
  for (int i = 0; i < kDemoLeadCount; ++i) {
    ProgramMember m;
    m.membership_id = membership_id++;
    m.membership_date = joined + absl::Hours(i);
    m.updated_at = m.membership_date;
    if (i % 2 == 0) {
      m.progression_status = i % 4 == 0 ? "Attended" : "Registered";
      m.progression_status_type = m.progression_status;
      m.acquired_by = i % 8 == 0;
      m.reached_success = i % 4 == 0;
      launch.members[ids[i]] = m;
    }
    if (i % 3 == 0) {
      m.progression_status = "Visited";
      m.progression_status_type = "Visited";
      m.reached_success = false;
      m.stream = i < 20 ? "Early Stage" : "Late Stage";
      m.nurture_cadence = i % 2 == 0 ? "normal" : "paused";
      m.is_exhausted = i % 9 == 0;
      nurture.members[ids[i]] = m;
    }
  }
  store.AddProgram(launch);
  store.AddProgram(nurture);

  const int kCampaigns[] = {3678, 3680, 3746};
  const char* kCampaignNames[] = {"Welcome Email", "Score Leads", "Webinar Follow-up"};
  for (int c = 0; c < 3; ++c) {
    SmartCampaign campaign{kCampaigns[c], kCampaignNames[c], {}};
    for (int i = c; i < kDemoLeadCount; i += 2 + c) campaign.members[ids[i]] = dates(i);
    store.AddSmartCampaign(campaign);
  }

  Form form;
  form.id = kDemoFormId;
  form.name = "Contact Us";
  form.fields = {"email",   "firstName", "lastName", "company",     "title",
                 "phone",   "country",   "city",     "postalCode",  "leadSource",
                 "unsubscribed", "pMCFField"};
  store.AddForm(form);

  for (int i = 0; i < 5; ++i) {
    store.SetMktToken(absl::StrCat("demo-mkt-token-", i), ids[i]);
    store.AssociateCookie(ids[i],
                          absl::StrCat("id:063-GJP-217&token:_mch-marketo.com-15946624811",
                                       90 + i, "-6077", i));
  }
}

}  // namespace leadgw::emulators::marketo
