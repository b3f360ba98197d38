// Real-world spellings that must, and must not, share a comparison key (issue 19). Each
// failure prints both inputs and both keys (or the error that stood in for a key).
#include <iterator>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matching/email_keys.h"
#include "matching/japanese_text.h"
#include "matching/name_keys.h"
#include "matching/phone_number.h"

namespace leadgw::matching {
namespace {

enum class KeyKind { kPerson, kKana, kCompany, kPhone, kEmail };

struct KeyPair {
  KeyKind kind;
  const char* first;
  const char* second;
};

const char* KindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kPerson: return "person";
    case KeyKind::kKana: return "kana";
    case KeyKind::kCompany: return "company";
    case KeyKind::kPhone: return "phone";
    case KeyKind::kEmail: return "email";
  }
  return "?";
}

absl::StatusOr<std::string> KeyOf(KeyKind kind, absl::string_view text) {
  switch (kind) {
    case KeyKind::kPerson: return PersonNameKey(text);
    case KeyKind::kKana: return KanaKey(text);
    case KeyKind::kCompany: return CompanyNameKey(text);
    case KeyKind::kPhone: {
      absl::StatusOr<PhoneNumber> number = NormalizePhoneNumber(text);
      if (!number.ok()) return number.status();
      return number->e164;
    }
    case KeyKind::kEmail: return EmailKey(text);
  }
  return absl::InternalError("unknown key kind");
}

std::string Shown(const absl::StatusOr<std::string>& key) {
  return key.ok() ? absl::StrCat("\"", *key, "\"") : absl::StrCat("error ", key.status().ToString());
}

std::string Describe(const KeyPair& pair, const absl::StatusOr<std::string>& first_key,
                     const absl::StatusOr<std::string>& second_key) {
  return absl::StrCat(KindName(pair.kind), " key: \"", pair.first, "\" -> ", Shown(first_key),
                      " vs \"", pair.second, "\" -> ", Shown(second_key));
}

constexpr KeyPair kSameKey[] = {
    // Companies: legal forms before or after, their abbreviations, width, kana size.
    {KeyKind::kCompany, "株式会社ソニー", "ソニー(株)"},
    {KeyKind::kCompany, "ソニー株式会社", "ｿﾆｰ㈱"},
    {KeyKind::kCompany, "トヨタ自動車株式会社", "トヨタ自動車（株）"},
    {KeyKind::kCompany, "株式会社日立製作所", "㈱日立製作所"},
    {KeyKind::kCompany, "キヤノン株式会社", "キャノン(株)"},
    {KeyKind::kCompany, "富士フイルム株式会社", "富士フィルム"},
    {KeyKind::kCompany, "キユーピー株式会社", "キューピー㈱"},
    {KeyKind::kCompany, "有限会社山田商店", "山田商店(有)"},
    {KeyKind::kCompany, "合同会社DMM.com", "ＤＭＭ．ｃｏｍ合同会社"},
    {KeyKind::kCompany, "Sony Group Corporation", "SONY GROUP CORP."},
    {KeyKind::kCompany, "Rakuten Group, Inc.", "Rakuten Group Inc"},
    {KeyKind::kCompany, "Toyota Motor Co., Ltd.", "ＴＯＹＯＴＡ ＭＯＴＯＲ ＣＯ．，ＬＴＤ．"},
    {KeyKind::kCompany, "Mitsubishi Corporation", "MITSUBISHI CORP"},
    {KeyKind::kCompany, "一般社団法人日本経済団体連合会", "日本経済団体連合会"},
    {KeyKind::kCompany, "公益財団法人　日本サッカー協会", "日本サッカー協会"},
    {KeyKind::kCompany, "医療法人社団 山田会", "山田会"},
    {KeyKind::kCompany, "学校法人 早稲田大学", "早稲田大学"},
    {KeyKind::kCompany, "特定非営利活動法人フローレンス", "NPO法人 フローレンス"},
    {KeyKind::kCompany, "株式会社 リクルート", "株式会社リクルート"},
    {KeyKind::kCompany, "㍿ヤクルト本社", "株式会社ヤクルト本社"},
    {KeyKind::kCompany, "株式会社エヌ・ティ・ティ・データ", "株式会社エヌティティデータ"},
    {KeyKind::kCompany, "社会福祉法人 さくら会", "(福)さくら会"},
    // Kana readings: script, width, small kana, long marks, ヴ, separators.
    {KeyKind::kKana, "やまだ たろう", "ヤマダ　タロウ"},
    {KeyKind::kKana, "ｿﾆｰ", "ソニー"},
    {KeyKind::kKana, "やまだ", "ヤマダ"},
    {KeyKind::kKana, "キャノン", "キヤノン"},
    {KeyKind::kKana, "ﾔﾏﾀﾞ ﾀﾛｳ", "やまだたろう"},
    {KeyKind::kKana, "ヴァイオリン", "バイオリン"},
    {KeyKind::kKana, "コーヒー", "コｰヒ－"},
    {KeyKind::kKana, "ジョン・スミス", "ジョン スミス"},
    {KeyKind::kKana, "チョウ", "チヨウ"},
    {KeyKind::kKana, "かすみがせき", "ｶｽﾐｶﾞｾｷ"},
    {KeyKind::kKana, "らーめん", "ラ～メン"},
    {KeyKind::kKana, "キューピー", "キユーピー"},
    // Person names: spaces of any width, letter width and case.
    {KeyKind::kPerson, "山田 太郎", "山田太郎"},
    {KeyKind::kPerson, "山田　太郎", "山田太郎"},
    {KeyKind::kPerson, " 鈴木　一郎 ", "鈴木一郎"},
    {KeyKind::kPerson, "Taro Yamada", "TARO YAMADA"},
    {KeyKind::kPerson, "ＹＡＭＡＤＡ　Ｔａｒｏ", "yamada taro"},
    {KeyKind::kPerson, "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"},
    // Phones: national and international forms, full width, extensions, labels.
    {KeyKind::kPhone, "03-1234-5678", "＋８１３１２３４５６７８"},
    {KeyKind::kPhone, "03-1234-5678", "+81-(0)3-1234-5678"},
    {KeyKind::kPhone, "090-1234-5678", "+81 90 1234 5678"},
    {KeyKind::kPhone, "0120-123-456", "＋８１ １２０ １２３ ４５６"},
    {KeyKind::kPhone, "(03)1234-5678", "03-1234-5678 内線 201"},
    {KeyKind::kPhone, "06-6123-4567", "TEL 06.6123.4567"},
    {KeyKind::kPhone, "０４５－６７８－９０１２", "045-678-9012"},
    // E-mail: case, width, spaces around, the DNS root dot.
    {KeyKind::kEmail, "Taro.Yamada@Sony.co.jp", "taro.yamada@sony.co.jp"},
    {KeyKind::kEmail, "ｔａｒｏ＠ｓｏｎｙ．ｃｏ．ｊｐ", "taro@sony.co.jp"},
    {KeyKind::kEmail, " hanako@example.co.jp ", "HANAKO@EXAMPLE.CO.JP"},
    {KeyKind::kEmail, "taro@example.co.jp.", "taro@example.co.jp"},
};

constexpr KeyPair kDifferentKeys[] = {
    {KeyKind::kPerson, "山田太郎", "山田次郎"},
    {KeyKind::kPerson, "山田太郎", "山田花子"},
    {KeyKind::kPerson, "佐藤健", "佐藤健太"},
    {KeyKind::kPerson, "キョウコ", "キヨウコ"},
    {KeyKind::kKana, "ヤマダ", "ヤマモト"},
    {KeyKind::kKana, "サトウ", "サイトウ"},
    {KeyKind::kKana, "カトウ", "ガトウ"},
    {KeyKind::kKana, "ハンダ", "パンダ"},
    {KeyKind::kKana, "ソニー", "ソニ"},
    {KeyKind::kCompany, "ソニー", "ソニー生命"},
    {KeyKind::kCompany, "株式会社A", "有限会社B"},
    {KeyKind::kCompany, "三菱商事株式会社", "三菱電機株式会社"},
    {KeyKind::kCompany, "トヨタ自動車株式会社", "トヨタ紡織株式会社"},
    {KeyKind::kCompany, "日本電気株式会社", "日本電産株式会社"},
    {KeyKind::kCompany, "Zinc Co., Ltd.", "Z Co., Ltd."},
    {KeyKind::kCompany, "株式会社", "有限会社"},
    {KeyKind::kPhone, "03-1234-5678", "03-1234-5679"},
    {KeyKind::kPhone, "03-1234-5678", "06-1234-5678"},
    {KeyKind::kPhone, "090-1234-5678", "080-1234-5678"},
    {KeyKind::kPhone, "+81 3 1234 5678", "+1 312 345 678"},
    {KeyKind::kPhone, "0120-123-456", "0120-123-465"},
    {KeyKind::kEmail, "taro@sony.co.jp", "taro@sony.com"},
    {KeyKind::kEmail, "taro.yamada@gmail.com", "taroyamada@gmail.com"},
    {KeyKind::kEmail, "taro+news@example.co.jp", "taro@example.co.jp"},
    {KeyKind::kEmail, "taro@example.co.jp", "jiro@example.co.jp"},
};

static_assert(std::size(kSameKey) >= 40, "issue 19 asks for at least 40 matching pairs");
static_assert(std::size(kDifferentKeys) >= 20, "issue 19 asks for at least 20 distinct pairs");

TEST(KeyPairsTest, SpellingsOfOneThingShareAKey) {
  for (const KeyPair& pair : kSameKey) {
    const absl::StatusOr<std::string> first = KeyOf(pair.kind, pair.first);
    const absl::StatusOr<std::string> second = KeyOf(pair.kind, pair.second);
    EXPECT_TRUE(first.ok() && second.ok() && *first == *second)
        << "expected one key, got " << Describe(pair, first, second);
  }
}

TEST(KeyPairsTest, DifferentThingsHaveDifferentKeys) {
  for (const KeyPair& pair : kDifferentKeys) {
    const absl::StatusOr<std::string> first = KeyOf(pair.kind, pair.first);
    const absl::StatusOr<std::string> second = KeyOf(pair.kind, pair.second);
    // Both must be keys: an error on either side would pass the comparison vacuously.
    EXPECT_TRUE(first.ok() && second.ok() && *first != *second)
        << "expected two keys, got " << Describe(pair, first, second);
  }
}

}  // namespace
}  // namespace leadgw::matching
