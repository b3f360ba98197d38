#include "backends/marketo/write_chunks.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "testing/status_matchers.h"

namespace leadgw::backends::marketo {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

// Records of `sizes[i]` characters of value each, under a small header.
class SizedRecords {
 public:
  explicit SizedRecords(std::vector<size_t> sizes) : sizes_(std::move(sizes)) {}

  absl::StatusOr<SizedBody> Body(int begin, int max_end, size_t max_bytes) const {
    return WriteSizedBody(
        begin, max_end, max_bytes, 64,
        [](JsonWriter& out) {
          WriteJsonString("h", out);
          WriteJsonString("x", out);
        },
        [&](int i, JsonWriter& out) {
          out.StartObject();
          WriteJsonString("v", out);
          WriteJsonString(std::string(sizes_[i], 'a'), out);
          out.EndObject();
          return absl::OkStatus();
        });
  }

 private:
  std::vector<size_t> sizes_;
};

bool IsJsonWithInputs(const std::string& json, size_t inputs) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  return !doc.HasParseError() && doc.IsObject() && doc.HasMember("input") &&
         doc["input"].IsArray() && doc["input"].Size() == inputs;
}

TEST(WriteSizedBodyTest, EverythingFitsInOnePass) {
  SizedRecords records({10, 10, 10});
  absl::StatusOr<SizedBody> body = records.Body(0, 3, 1000);
  ASSERT_THAT(body, IsOk());
  EXPECT_EQ(body->end, 3);
  ASSERT_TRUE(body->json.has_value());
  EXPECT_EQ(*body->json, R"({"h":"x","input":[{"v":"aaaaaaaaaa"},{"v":"aaaaaaaaaa"},)"
                         R"({"v":"aaaaaaaaaa"}]})");
  EXPECT_EQ(body->bytes, body->json->size());
}

// The body ends before the record that would pass the limit, and is valid JSON at a size
// within it.
TEST(WriteSizedBodyTest, StopsBeforeTheRecordThatPassesTheLimit) {
  SizedRecords records({100, 100, 100, 100});
  absl::StatusOr<SizedBody> all = records.Body(0, 4, 100000);
  ASSERT_THAT(all, IsOk());
  const size_t limit = all->bytes - 1;  // one byte short of all four
  absl::StatusOr<SizedBody> body = records.Body(0, 4, limit);
  ASSERT_THAT(body, IsOk());
  EXPECT_EQ(body->end, 3);
  ASSERT_TRUE(body->json.has_value());
  EXPECT_LE(body->json->size(), limit);
  EXPECT_TRUE(IsJsonWithInputs(*body->json, 3));
}

TEST(WriteSizedBodyTest, ExactlyAtTheLimitFits) {
  SizedRecords records({100, 100});
  absl::StatusOr<SizedBody> all = records.Body(0, 2, 100000);
  ASSERT_THAT(all, IsOk());
  absl::StatusOr<SizedBody> body = records.Body(0, 2, all->bytes);
  ASSERT_THAT(body, IsOk());
  EXPECT_EQ(body->end, 2);
}

TEST(WriteSizedBodyTest, ARecordTooLargeAloneKeepsNoBody) {
  SizedRecords records({5000, 10});
  absl::StatusOr<SizedBody> body = records.Body(0, 2, 1000);
  ASSERT_THAT(body, IsOk());
  EXPECT_EQ(body->end, 1);
  EXPECT_FALSE(body->json.has_value());
  EXPECT_GT(body->bytes, 5000u);
}

TEST(WriteSizedBodyTest, ARecordErrorIsReturned) {
  absl::StatusOr<SizedBody> body = WriteSizedBody(
      0, 3, 1000, 64, [](JsonWriter&) {},
      [](int i, JsonWriter& out) {
        if (i == 1) return absl::InvalidArgumentError("leads[1].note: bad");
        out.StartObject();
        out.EndObject();
        return absl::OkStatus();
      });
  EXPECT_THAT(body, StatusIs(absl::StatusCode::kInvalidArgument));
}

// 32 KB values: 30 fit a 1 MB body; one 2 MB record in the middle is an unsent chunk of
// its own and the others still go, in input order.
TEST(BuildSizedChunkCallsTest, LargeRecordsSplitBySizeAndOversizedOnesStayUnsent) {
  std::vector<size_t> sizes(101, 32 * 1024);
  sizes[50] = 2 * 1000 * 1000;
  SizedRecords records(sizes);
  absl::StatusOr<ChunkedWrite> write = BuildSizedChunkCalls(
      static_cast<int>(sizes.size()),
      [&](int begin, int max_end) { return records.Body(begin, max_end, kMaxBodyBytes); },
      [](std::string json) {
        MarketoCall call;
        call.json_body = std::move(json);
        return call;
      });
  ASSERT_THAT(write, IsOk());
  ASSERT_EQ(write->chunks.size(), write->calls.size());
  int next = 0;
  int unsent = 0;
  for (size_t k = 0; k < write->chunks.size(); ++k) {
    const ChunkRange& chunk = write->chunks[k];
    EXPECT_EQ(chunk.begin, next);
    EXPECT_GT(chunk.end, chunk.begin);
    EXPECT_LE(chunk.end - chunk.begin, kMaxPerCall);
    next = chunk.end;
    if (chunk.unsent.has_value()) {
      ++unsent;
      EXPECT_EQ(chunk.begin, 50);
      EXPECT_EQ(chunk.end, 51);
      EXPECT_EQ(chunk.unsent->code(), "gateway.record_too_large");
      EXPECT_NE(chunk.unsent->message().find("1 MB"), std::string::npos);
      EXPECT_TRUE(write->calls[k].json_body.empty());
      continue;
    }
    EXPECT_LE(write->calls[k].json_body.size(), kMaxBodyBytes);
    EXPECT_TRUE(
        IsJsonWithInputs(write->calls[k].json_body, static_cast<size_t>(chunk.end - chunk.begin)));
    EXPECT_EQ(&write->CallAt(chunk.begin), &write->calls[k]);
  }
  EXPECT_EQ(next, 101);
  EXPECT_EQ(unsent, 1);
  // Each record writes 32,777 bytes with its comma: [0, 30), [30, 50), 50 alone (unsent),
  // [51, 81), [81, 101).
  ASSERT_EQ(write->chunks.size(), 5u);
  EXPECT_EQ(write->chunks[0].end, 30);
  EXPECT_EQ(write->chunks[3].end, 81);
}

// Small records keep the 300-record ceiling.
TEST(BuildChunkCallsTest, FixedChunksOf300) {
  std::vector<std::pair<int, int>> built;
  absl::StatusOr<ChunkedWrite> write = BuildChunkCalls(700, [&](int begin, int end) {
    built.emplace_back(begin, end);
    return absl::StatusOr<MarketoCall>(MarketoCall());
  });
  ASSERT_THAT(write, IsOk());
  EXPECT_EQ(built, (std::vector<std::pair<int, int>>{{0, 300}, {300, 600}, {600, 700}}));
  EXPECT_EQ(write->chunks.size(), 3u);
  EXPECT_EQ(write->calls.size(), 3u);
}

}  // namespace
}  // namespace leadgw::backends::marketo
