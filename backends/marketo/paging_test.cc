#include "backends/marketo/paging.h"

#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

namespace v1 = ::leadgateway::v1;

std::vector<v1::RecordResult> Created(int begin, int end) {
  std::vector<v1::RecordResult> results;
  for (int i = begin; i < end; ++i) {
    v1::RecordResult r;
    r.set_index(i);
    r.set_id(std::to_string(1000 + i));
    r.set_status(v1::RECORD_STATUS_CREATED);
    results.push_back(std::move(r));
  }
  return results;
}

TEST(PagingTest, BatchSize) {
  EXPECT_EQ(BatchSize(0), 300);
  EXPECT_EQ(BatchSize(-1), 300);
  EXPECT_EQ(BatchSize(50), 50);
  EXPECT_EQ(BatchSize(1000), 300);
}

TEST(PagingTest, FilterCursorRoundTrip) {
  EXPECT_EQ(EncodeFilterCursor({0, ""}), "");
  EXPECT_EQ(EncodeFilterCursor({1, ""}), "1:");
  EXPECT_EQ(EncodeFilterCursor({0, "PS5V:L="}), "0:PS5V:L=");
  absl::StatusOr<FilterCursor> cursor = DecodeFilterCursor("0:PS5V:L=", 2);
  ASSERT_THAT(cursor, IsOk());
  EXPECT_EQ(cursor->chunk, 0);
  EXPECT_EQ(cursor->token, "PS5V:L=");
  cursor = DecodeFilterCursor("", 1);
  ASSERT_THAT(cursor, IsOk());
  EXPECT_EQ(cursor->chunk, 0);
  EXPECT_EQ(cursor->token, "");
  for (const char* bad : {"x", "2:", "-1:", "a:b", ":t"}) {
    EXPECT_THAT(DecodeFilterCursor(bad, 2), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(PagingTest, ChunksInOrder) {
  std::vector<std::pair<int, int>> calls;
  absl::StatusOr<v1::WriteResponse> response = RunChunkedWrites(700, 300, [&](int begin, int end) {
    calls.emplace_back(begin, end);
    return absl::StatusOr<std::vector<v1::RecordResult>>(Created(begin, end));
  });
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(calls, (std::vector<std::pair<int, int>>{{0, 300}, {300, 600}, {600, 700}}));
  ASSERT_EQ(response->results_size(), 700);
  for (int i = 0; i < 700; ++i) EXPECT_EQ(response->results(i).index(), i);
}

TEST(PagingTest, FirstCallErrorIsTheRpcError) {
  absl::StatusOr<v1::WriteResponse> response =
      RunChunkedWrites(400, 300, [&](int, int) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        return upstream::UpstreamError(absl::StatusCode::kNotFound, "marketo", "1013",
                                       "no program");
      });
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kNotFound));
}

TEST(PagingTest, LaterQuotaErrorStopsTheBatch) {
  int calls = 0;
  absl::StatusOr<v1::WriteResponse> response = RunChunkedWrites(
      700, 300, [&](int begin, int end) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        ++calls;
        if (begin == 300) {
          return upstream::UpstreamError(absl::StatusCode::kResourceExhausted, "marketo", "606",
                                         "rate");
        }
        return Created(begin, end);
      });
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(calls, 2);
  ASSERT_EQ(response->results_size(), 700);
  EXPECT_EQ(response->results(299).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(response->results(300).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(response->results(300).reasons(0).code(), "606");
  EXPECT_EQ(response->results(600).reasons(0).code(), "gateway.not_attempted");
  EXPECT_EQ(response->results(699).index(), 699);
}

TEST(PagingTest, LaterContentErrorFailsOnlyItsChunk) {
  absl::StatusOr<v1::WriteResponse> response = RunChunkedWrites(
      700, 300, [&](int begin, int end) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        if (begin == 300) {
          return upstream::UpstreamError(absl::StatusCode::kInvalidArgument, "marketo", "1003",
                                         "bad");
        }
        return Created(begin, end);
      });
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->results(300).reasons(0).code(), "1003");
  EXPECT_EQ(response->results(600).status(), v1::RECORD_STATUS_CREATED);
}

TEST(PagingTest, WrongResultCountIsInternal) {
  absl::StatusOr<v1::WriteResponse> response = RunChunkedWrites(
      3, 300, [&](int begin, int) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        return Created(begin, begin + 1);
      });
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace leadgw::backends::marketo
