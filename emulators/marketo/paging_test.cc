#include "emulators/marketo/paging.h"

#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

RestRequest Query(const std::string& path) {
  RestRequest r;
  r.request_id = "r1";
  r.path = path;
  r.params.emplace("filterType", "email");
  r.params.emplace("filterValues", "a@b.c");
  return r;
}

TEST(PagingTest, TokenRoundTripsAndIsBoundToTheQuery) {
  RestRequest a = Query("/rest/v1/leads.json");
  const std::string fp = QueryFingerprint(a);
  const std::string token = EncodePageToken(fp, 600);
  EXPECT_EQ(token.size() % 8, 0u);  // padded base32, like Marketo's tokens
  EXPECT_EQ(DecodePageToken(token, fp), 600u);
  RestRequest b = Query("/rest/v1/leads.json");
  b.params.emplace("fields", "email");
  EXPECT_FALSE(DecodePageToken(token, QueryFingerprint(b)).has_value());
  EXPECT_FALSE(DecodePageToken("not base32!", fp).has_value());
  EXPECT_FALSE(DecodePageToken("", fp).has_value());
  // Paging parameters themselves do not change the fingerprint.
  RestRequest c = Query("/rest/v1/leads.json");
  c.params.emplace("batchSize", "10");
  c.params.emplace("nextPageToken", token);
  EXPECT_EQ(QueryFingerprint(c), fp);
}

TEST(PagingTest, ReadPageWalksAndValidatesBatchSize) {
  RestRequest r = Query("/rest/v1/leads.json");
  r.params.emplace("batchSize", "4");
  Page page;
  ASSERT_FALSE(ReadPage(r, 10, &page).has_value());
  EXPECT_EQ(page.begin, 0u);
  EXPECT_EQ(page.end, 4u);
  EXPECT_TRUE(page.more);
  r.params.emplace("nextPageToken", page.next_page_token);
  ASSERT_FALSE(ReadPage(r, 10, &page).has_value());
  EXPECT_EQ(page.begin, 4u);
  r.params.erase("nextPageToken");
  r.params.emplace("nextPageToken", EncodePageToken(QueryFingerprint(r), 8));
  ASSERT_FALSE(ReadPage(r, 10, &page).has_value());
  EXPECT_EQ(page.end, 10u);
  EXPECT_FALSE(page.more);
  EXPECT_TRUE(page.next_page_token.empty());

  RestRequest defaults = Query("/x");
  ASSERT_FALSE(ReadPage(defaults, 1000, &page).has_value());
  EXPECT_EQ(page.end - page.begin, 300u);
  for (const char* bad : {"0", "301", "-1", "ten"}) {
    RestRequest q = Query("/x");
    q.params.emplace("batchSize", bad);
    std::optional<Reply> error = ReadPage(q, 10, &page);
    ASSERT_TRUE(error.has_value()) << bad;
    EXPECT_EQ(error->outcome, "1003");
  }
}

}  // namespace
}  // namespace leadgw::emulators::marketo
