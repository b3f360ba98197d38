#include "upstream/http/url.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::upstream::http {
namespace {

struct Case {
  std::string input;
  std::string expected;
};

TEST(UrlEncodeTest, Table) {
  const std::vector<Case> cases = {
      {"", ""},
      {"AZaz09-._~", "AZaz09-._~"},
      {"x y", "x%20y"},
      {"search[name]", "search%5Bname%5D"},
      {"a+b=c&d", "a%2Bb%3Dc%26d"},
      {"/?#%", "%2F%3F%23%25"},
      {"\xE5\xB1\xB1", "%E5%B1%B1"},  // UTF-8 bytes, upper-case hex.
      {std::string("a\0b", 3), "a%00b"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(UrlEncode(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(BuildQueryStringTest, Table) {
  using Params = std::vector<std::pair<std::string, std::string>>;
  const std::vector<std::pair<Params, std::string>> cases = {
      {{}, ""},
      {{{"a", "1"}}, "a=1"},
      {{{"a", "1"}, {"b", "x y"}}, "a=1&b=x%20y"},
      {{{"search[name]", "Yamada Taro"}, {"page[display_number]", "100"}},
       "search%5Bname%5D=Yamada%20Taro&page%5Bdisplay_number%5D=100"},
      {{{"id", "1"}, {"id", "2"}}, "id=1&id=2"},
      {{{"empty", ""}}, "empty="},
  };
  for (const auto& [params, expected] : cases) {
    EXPECT_EQ(BuildQueryString(params), expected);
  }
}

TEST(IsSensitiveQueryParameterTest, Table) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"api_key", true},
      {"API_KEY", true},
      {"client_id", true},
      {"client_secret", true},
      {"access_token", true},
      {"refresh_token", true},
      {"X-Api-Key", true},
      {"apikey", true},
      {"mySecretValue", true},
      {"api%5Fkey", true},
      {"search%5Btoken%5D", true},
      {"filterType", false},
      {"fields", false},
      {"id", false},
      {"search[name]", false},
      {"client", false},
      {"", false},
  };
  for (const auto& [name, sensitive] : cases) {
    EXPECT_EQ(IsSensitiveQueryParameter(name), sensitive) << "name: " << name;
  }
}

TEST(RedactUrlTest, Table) {
  const std::vector<Case> cases = {
      {"https://h.example/rest/v1/leads.json", "https://h.example/rest/v1/leads.json"},
      {"https://h.example/api/v1/leads?api_key=s3cr3t&page=2",
       "https://h.example/api/v1/leads?api_key=REDACTED&page=2"},
      {"https://h.example/identity/oauth/token?grant_type=client_credentials"
       "&client_id=abc&client_secret=def",
       "https://h.example/identity/oauth/token?grant_type=client_credentials"
       "&client_id=REDACTED&client_secret=REDACTED"},
      {"http://h/p?ACCESS_TOKEN=t1&filterType=email&filterValues=a%40b.c",
       "http://h/p?ACCESS_TOKEN=REDACTED&filterType=email&filterValues=a%40b.c"},
      {"http://h/p?search%5Bapi_key%5D=x&search%5Bname%5D=y",
       "http://h/p?search%5Bapi_key%5D=REDACTED&search%5Bname%5D=y"},
      // Empty values and bare names have nothing to hide.
      {"http://h/p?api_key=&token&x=1", "http://h/p?api_key=&token&x=1"},
      // A value containing '=' is redacted whole.
      {"http://h/p?access_token=a=b=c&n=1", "http://h/p?access_token=REDACTED&n=1"},
      // The fragment is kept, and a '?' inside it does not start a query.
      {"http://h/p?api_key=k#frag", "http://h/p?api_key=REDACTED#frag"},
      {"http://h/p#x?api_key=k", "http://h/p#x?api_key=k"},
      {"http://h/p?", "http://h/p?"},
      // Userinfo passwords are secrets too.
      {"https://user:pw@h.example:8443/p?q=1", "https://user:REDACTED@h.example:8443/p?q=1"},
      {"https://user@h.example/p", "https://user@h.example/p"},
      {"not a url", "not a url"},
      {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RedactUrl(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(StripQueryTest, Table) {
  const std::vector<Case> cases = {
      {"https://h/p?api_key=k", "https://h/p"}, {"https://h/p?a=1#f", "https://h/p"},
      {"https://h/p#f?a=1", "https://h/p"},     {"https://h/p", "https://h/p"},
      {"https://h/p?", "https://h/p"},          {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(StripQuery(c.input), c.expected) << "input: " << c.input;
  }
}

}  // namespace
}  // namespace leadgw::upstream::http
