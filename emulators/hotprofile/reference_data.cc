#include "emulators/hotprofile/reference_data.h"

#include <algorithm>

#include "absl/types/span.h"

namespace leadgw::emulators::hotprofile {
namespace {

struct Named {
  int64_t id;
  const char* name;
};

constexpr Named kPrefectures[] = {
    {1, "北海道"},    {2, "青森県"},  {3, "岩手県"},  {4, "宮城県"},    {5, "秋田県"},
    {6, "山形県"},    {7, "福島県"},  {8, "茨城県"},  {9, "栃木県"},    {10, "群馬県"},
    {11, "埼玉県"},   {12, "千葉県"}, {13, "東京都"}, {14, "神奈川県"}, {15, "新潟県"},
    {16, "富山県"},   {17, "石川県"}, {18, "福井県"}, {19, "山梨県"},   {20, "長野県"},
    {21, "岐阜県"},   {22, "静岡県"}, {23, "愛知県"}, {24, "三重県"},   {25, "滋賀県"},
    {26, "京都府"},   {27, "大阪府"}, {28, "兵庫県"}, {29, "奈良県"},   {30, "和歌山県"},
    {31, "鳥取県"},   {32, "島根県"}, {33, "岡山県"}, {34, "広島県"},   {35, "山口県"},
    {36, "徳島県"},   {37, "香川県"}, {38, "愛媛県"}, {39, "高知県"},   {40, "福岡県"},
    {41, "佐賀県"},   {42, "長崎県"}, {43, "熊本県"}, {44, "大分県"},   {45, "宮崎県"},
    {46, "鹿児島県"}, {47, "沖縄県"},
};

constexpr Named kLeadStatuses[] = {{1, "アクティブ"}, {2, "非アクティブ"}};
constexpr Named kCardStatuses[] = {{1, "有効"}, {2, "無効"}};
constexpr Named kOpenStatuses[] = {{1, "全体公開"}, {3, "非公開（本人のみ）"}};
constexpr Named kLeadSources[] = {
    {1, "展示会"}, {2, "Webサイト"}, {3, "セミナー"}, {4, "紹介"}, {5, "テレアポ"},
};
constexpr Named kBusinessCategories[] = {
    {1, "製造業"},         {2, "情報通信業"}, {3, "卸売業・小売業"},
    {4, "金融業・保険業"}, {5, "サービス業"},
};
constexpr Named kWorkerNumbers[] = {
    {1, "1〜9名"}, {2, "10〜49名"}, {3, "50〜299名"}, {4, "300〜999名"}, {5, "1000名以上"},
};
constexpr Named kCapitals[] = {
    {1, "1000万円未満"},
    {2, "1000万円〜1億円"},
    {3, "1億円〜10億円"},
    {4, "10億円以上"},
};
constexpr Named kIpos[] = {
    {1, "未上場"},
    {2, "東証プライム"},
    {3, "東証スタンダード"},
    {4, "東証グロース"},
};
constexpr Named kTags[] = {
    {1, "重要"}, {2, "展示会2024"}, {3, "セミナー参加"}, {4, "要フォロー"}, {5, "新規"},
};
constexpr Named kInterestProducts[] = {{1, "名刺管理"}, {2, "SFA"}, {3, "MA"}};

constexpr User kUsers[] = {
    {1, "U0001", "山田 太郎", 1}, {2, "U0002", "佐藤 花子", 1}, {3, "U0003", "鈴木 一郎", 2},
    {4, "U0004", "高橋 美咲", 2}, {5, "U0005", "田中 健", 3},
};

struct Organization {
  int64_t id;
  const char* name;
  int64_t parent_id;  // 0: top level
};

constexpr Organization kOrganizations[] = {
    {1, "営業本部", 0},
    {2, "東日本営業部", 1},
    {3, "西日本営業部", 1},
    {4, "マーケティング部", 0},
};

absl::Span<const Named> TableOf(Domain domain) {
  switch (domain) {
    case Domain::kPrefecture:
      return kPrefectures;
    case Domain::kLeadSource:
      return kLeadSources;
    case Domain::kLeadStatus:
      return kLeadStatuses;
    case Domain::kCardStatus:
      return kCardStatuses;
    case Domain::kOpenStatus:
      return kOpenStatuses;
    case Domain::kBusinessCategory:
      return kBusinessCategories;
    case Domain::kWorkerNumber:
      return kWorkerNumbers;
    case Domain::kCapital:
      return kCapitals;
    case Domain::kIpo:
      return kIpos;
    case Domain::kNone:
    case Domain::kUser:
    case Domain::kOrganization:
      break;
  }
  return {};
}

const char* Find(absl::Span<const Named> table, int64_t id) {
  for (const Named& entry : table) {
    if (entry.id == id) return entry.name;
  }
  return nullptr;
}

const Organization* FindOrganization(int64_t id) {
  for (const Organization& org : kOrganizations) {
    if (org.id == id) return &org;
  }
  return nullptr;
}

}  // namespace

bool IsRegistered(Domain domain, int64_t id) {
  switch (domain) {
    case Domain::kNone:
      return true;
    case Domain::kUser:
      return FindUser(id) != nullptr;
    case Domain::kOrganization:
      return FindOrganization(id) != nullptr;
    default:
      return Find(TableOf(domain), id) != nullptr;
  }
}

std::string NameOf(Domain domain, int64_t id) {
  switch (domain) {
    case Domain::kNone:
      return "";
    case Domain::kUser: {
      const User* user = FindUser(id);
      return user == nullptr ? "" : user->name;
    }
    case Domain::kOrganization: {
      const Organization* org = FindOrganization(id);
      return org == nullptr ? "" : org->name;
    }
    default: {
      const char* name = Find(TableOf(domain), id);
      return name == nullptr ? "" : name;
    }
  }
}

const User* FindUser(int64_t id) {
  for (const User& user : kUsers) {
    if (user.id == id) return &user;
  }
  return nullptr;
}

std::vector<std::string> OrganizationHierarchy(int64_t organization_id) {
  std::vector<std::string> names;
  const Organization* org = FindOrganization(organization_id);
  // The table is a shallow tree; the bound only guards against a cycle typed into it.
  for (int depth = 0; org != nullptr && depth < 16; ++depth) {
    names.push_back(org->name);
    org = org->parent_id == 0 ? nullptr : FindOrganization(org->parent_id);
  }
  std::reverse(names.begin(), names.end());
  return names;
}

std::string TagName(int64_t tag_id) {
  const char* name = Find(kTags, tag_id);
  return name == nullptr ? "" : name;
}

std::string InterestProductName(int64_t product_id) {
  const char* name = Find(kInterestProducts, product_id);
  return name == nullptr ? "" : name;
}

}  // namespace leadgw::emulators::hotprofile
