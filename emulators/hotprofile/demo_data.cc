#include "emulators/hotprofile/demo_data.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "emulators/hotprofile/text_util.h"

namespace leadgw::emulators::hotprofile {
namespace {

struct Company {
  const char* name;
  const char* kana;
  const char* disp;
  int pref_id;
  const char* zip;
  const char* address;
  const char* domain;
  const char* corporate_number;
};

// clang-format off
constexpr Company kCompanies[kDemoClientCount] = {
    {"株式会社山田製作所", "ヤマダセイサクショ", "山田製作所", 13, "100-0005",
     "千代田区丸の内1-1-1 丸の内ビル10階", "yamada-ss.example.jp", "1010001000011"},
    {"株式会社さくらテクノロジー", "サクラテクノロジー", "さくらテック", 27, "530-0001",
     "大阪市北区梅田2-4-9 ブリーゼタワー", "sakura-tech.example.jp", "1200001000022"},
    {"北海商事株式会社", "ホッカイショウジ", "北海商事", 1, "060-0001",
     "札幌市中央区北一条西3-3", "hokkai-shoji.example.jp", "1430001000033"},
    {"株式会社みなとロジスティクス", "ミナトロジスティクス", "みなとロジ", 14, "231-0001",
     "横浜市中区新港2-1-1 みなとビル5階", "minato-logi.example.jp", "1020001000044"},
    {"東海精機株式会社", "トウカイセイキ", "東海精機", 23, "460-0008",
     "名古屋市中区栄3-15-33", "tokai-seiki.example.jp", "1180001000055"},
    {"株式会社京都フーズ", "キョウトフーズ", "京都フーズ", 26, "600-8216",
     "京都市下京区東塩小路町721-1 京都駅前ビル", "kyoto-foods.example.jp", "1130001000066"},
    {"九州エナジー株式会社", "キュウシュウエナジー", "九州エナジー", 40, "810-0001",
     "福岡市中央区天神1-8-1", "kyushu-energy.example.jp", "1290001000077"},
    {"株式会社ひかり保険サービス", "ヒカリホケンサービス", "ひかり保険", 13, "150-0002",
     "渋谷区渋谷2-21-1 ヒカリタワー", "hikari-hoken.example.jp", "1011001000088"},
    {"仙台メディカル株式会社", "センダイメディカル", "仙台メディカル", 4, "980-0021",
     "仙台市青葉区中央1-3-1", "sendai-medical.example.jp", "1370001000099"},
    {"株式会社しまなみ造船", "シマナミゾウセン", "しまなみ造船", 34, "722-0035",
     "尾道市土堂1-10-3", "shimanami-zosen.example.jp", "1240001000100"},
};

struct NamePart {
  const char* kanji;
  const char* kana;
  const char* romaji;
};

constexpr NamePart kFamilies[] = {
    {"佐藤", "サトウ", "sato"},     {"鈴木", "スズキ", "suzuki"},   {"高橋", "タカハシ", "takahashi"},
    {"田中", "タナカ", "tanaka"},   {"伊藤", "イトウ", "ito"},      {"渡辺", "ワタナベ", "watanabe"},
    {"山本", "ヤマモト", "yamamoto"}, {"中村", "ナカムラ", "nakamura"}, {"小林", "コバヤシ", "kobayashi"},
    {"加藤", "カトウ", "kato"},     {"吉田", "ヨシダ", "yoshida"},  {"山口", "ヤマグチ", "yamaguchi"},
    {"松本", "マツモト", "matsumoto"}, {"井上", "イノウエ", "inoue"}, {"木村", "キムラ", "kimura"},
};

constexpr NamePart kFirsts[] = {
    {"翔太", "ショウタ", "shota"}, {"美咲", "ミサキ", "misaki"},   {"大輔", "ダイスケ", "daisuke"},
    {"陽子", "ヨウコ", "yoko"},    {"健一", "ケンイチ", "kenichi"}, {"由美", "ユミ", "yumi"},
    {"拓也", "タクヤ", "takuya"},  {"愛", "アイ", "ai"},           {"直樹", "ナオキ", "naoki"},
    {"恵", "メグミ", "megumi"},    {"誠", "マコト", "makoto"},      {"さくら", "サクラ", "sakura"},
};

constexpr const char* kPosts[] = {"部長", "課長", "主任", "代表取締役", "マネージャー", "担当"};
constexpr const char* kLeadFlags[] = {
    "important_customer_flg", "end_user_flg", "competitor_flg", "store_flg", "not_mail_flg",
    "not_dm_flg",
};
// clang-format on

template <typename T, size_t N>
const T& Pick(const T (&table)[N], int index) {
  return table[static_cast<size_t>(index) % N];
}

absl::Time At(absl::CivilDay day, int hour) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), hour, 15, 0),
                         JapanTimeZone());
}

Record MakeClient(int i) {
  const Company& company = kCompanies[i];
  Record record;
  record.values = {
      {"name", company.name},
      {"name_kana", company.kana},
      {"name_disp", company.disp},
      {"pref_id", absl::StrCat(company.pref_id)},
      {"zip", company.zip},
      {"address", company.address},
      {"main_tel", absl::StrFormat("0%d-%04d-%04d", 3 + i % 6, 1000 + i * 111, 2000 + i)},
      {"url", absl::StrCat("https://www.", company.domain, "/")},
      {"mail_domain", company.domain},
      {"corporate_number", company.corporate_number},
      {"business_category_kbn", absl::StrCat(1 + i % 5)},
      {"worker_number_kbn", absl::StrCat(1 + (i * 3) % 5)},
      {"capital_kbn", absl::StrCat(1 + i % 4)},
      {"ipo_kbn", absl::StrCat(1 + (i * 7) % 4)},
      {"user_id", absl::StrCat(1 + i % 5)},
  };
  const absl::CivilDay created = absl::CivilDay(2024, 1, 9) + i * 11;
  record.created_at = At(created, 9 + i % 8);
  record.updated_at = At(created + 30 + i * 5, 10 + i % 7);
  return record;
}

// Fields a business card and a lead share: person, contact and company details.
void AddPerson(int seed, int client_index, Record* record) {
  const NamePart& family = Pick(kFamilies, seed);
  const NamePart& first = Pick(kFirsts, seed * 7 + 3);
  const Company& company = kCompanies[client_index];
  record->values = {
      {"client_id", absl::StrCat(client_index + 1)},
      {"family_name", family.kanji},
      {"first_name", first.kanji},
      {"family_name_kana", family.kana},
      {"first_name_kana", first.kana},
      {"email", absl::StrCat(first.romaji, ".", family.romaji, seed, "@", company.domain)},
      {"tel", absl::StrFormat("0%d-%04d-%04d", 3 + client_index % 6, 1000 + client_index * 111,
                              3000 + seed)},
      {"mobile_tel", absl::StrFormat("090-%04d-%04d", 1200 + seed * 37, 5600 + seed)},
      {"zip", company.zip},
      {"pref_id", absl::StrCat(company.pref_id)},
      {"address", company.address},
      {"post", Pick(kPosts, seed)},
      {"organization_id", absl::StrCat(1 + seed % 4)},
      {"owner_user_id", absl::StrCat(1 + seed % 5)},
      {"lead_source_kbn_id", absl::StrCat(1 + seed % 5)},
  };
}

Record MakeBusinessCard(int i) {
  Record record;
  AddPerson(i, i % kDemoClientCount, &record);
  // Exchange dates spread from January 2024 to the end of 2026.
  const absl::CivilDay trade_on = absl::CivilDay(2024, 1, 10) + i * 36;
  record.values["trade_on"] = FormatDate(trade_on);
  record.values["status"] = i % 9 == 8 ? "2" : "1";
  record.values["open_status"] = i % 6 == 5 ? "3" : "1";
  record.values["request_key"] = absl::StrFormat("REQ-%06d", 100 + i);
  if (i % 4 == 0) record.values["note"] = "展示会で名刺交換。資料送付済み。";
  if (i % 3 == 0) record.tag_ids = {1 + i % 5};
  record.created_at = At(trade_on + 1, 9 + i % 9);
  record.updated_at = At(trade_on + 3 + i % 20, 11 + i % 8);
  return record;
}

Record MakeLead(int i) {
  Record record;
  const int seed = 100 + i * 3;
  AddPerson(seed, (i * 3) % kDemoClientCount, &record);
  const absl::CivilDay trade_on = absl::CivilDay(2024, 2, 1) + i * 50;
  record.values["trade_on"] = FormatDate(trade_on);
  record.values["lead_status"] = i % 4 == 3 ? "2" : "1";
  record.values["lead_source"] =
      i % 2 == 0 ? "名刺管理システムの展示会ブースで相談" : "Webサイトからの資料請求";
  record.values["customer_id"] = absl::StrFormat("CUST-%05d", 500 + i);
  if (i % 5 == 2) record.values["extension"] = absl::StrCat(200 + i);
  for (int f = 0; f < 6; ++f) {
    if ((i + f) % (f + 3) == 0) record.values[kLeadFlags[f]] = "1";
  }
  record.tag_ids = i % 3 == 0   ? std::vector<int64_t>{1, 4}
                   : i % 3 == 1 ? std::vector<int64_t>{2}
                                : std::vector<int64_t>{};
  record.interest_product_type_ids = {1 + i % 3};
  record.created_at = At(trade_on, 13 + i % 6);
  record.updated_at = At(trade_on + 2 + i % 15, 15 + i % 4);
  return record;
}

}  // namespace

std::vector<SeedRecord> DemoRecords() {
  std::vector<SeedRecord> records;
  for (int i = 0; i < kDemoClientCount; ++i) {
    records.push_back({ObjectKind::kClient, MakeClient(i)});
  }
  for (int i = 0; i < kDemoBusinessCardCount; ++i) {
    records.push_back({ObjectKind::kBusinessCard, MakeBusinessCard(i)});
  }
  for (int i = 0; i < kDemoLeadCount; ++i) {
    records.push_back({ObjectKind::kLead, MakeLead(i)});
  }
  return records;
}

}  // namespace leadgw::emulators::hotprofile
