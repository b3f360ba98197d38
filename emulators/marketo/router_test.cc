#include "emulators/marketo/router.h"

#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

TEST(RouterTest, MatchesMethodAndCapturesOrReportsMethodMismatch) {
  Router router;
  router.Add("GET", "/rest/v1/lead/([0-9]+)\\.json", "get_lead_by_id",
             [](const RestRequest&) { return Reply{}; });
  router.Add("POST", "/rest/v1/leads\\.json", "sync_leads",
             [](const RestRequest&) { return Reply{}; });
  Router::Match m = router.Find("GET", "/rest/v1/lead/42.json");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.endpoint, "get_lead_by_id");
  EXPECT_EQ(m.args, std::vector<std::string>{"42"});
  Router::Match wrong = router.Find("DELETE", "/rest/v1/leads.json");
  EXPECT_EQ(wrong.handler, nullptr);
  EXPECT_EQ(wrong.endpoint, "sync_leads");
  Router::Match none = router.Find("GET", "/rest/v1/lead/abc.json");
  EXPECT_EQ(none.handler, nullptr);
  EXPECT_TRUE(none.endpoint.empty());
}

TEST(RouterTest, ParsesFormBodies) {
  std::multimap<std::string, std::string> params;
  ParseFormUrlEncoded("filterType=email&filterValues=a%40b.c,d%2Ce&fields=first+name&flag&x=%zz",
                      &params);
  EXPECT_EQ(params.find("filterType")->second, "email");
  EXPECT_EQ(params.find("filterValues")->second, "a@b.c,d,e");
  EXPECT_EQ(params.find("fields")->second, "first name");
  EXPECT_EQ(params.find("flag")->second, "");
  EXPECT_EQ(params.find("x")->second, "%zz");
  RestRequest r;
  r.params = params;
  EXPECT_TRUE(r.HasParam("flag"));
  EXPECT_EQ(r.Param("missing"), "");
}

}  // namespace
}  // namespace leadgw::emulators::marketo
