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
  absl::StatusOr<v1::WriteResponse> response =
      RunChunkedWrites(FixedChunks(700, 300), [&](int begin, int end) {
        calls.emplace_back(begin, end);
        return absl::StatusOr<std::vector<v1::RecordResult>>(Created(begin, end));
      });
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(calls, (std::vector<std::pair<int, int>>{{0, 300}, {300, 600}, {600, 700}}));
  ASSERT_EQ(response->results_size(), 700);
  for (int i = 0; i < 700; ++i) EXPECT_EQ(response->results(i).index(), i);
}

TEST(PagingTest, FirstCallErrorIsTheRpcError) {
  absl::StatusOr<v1::WriteResponse> response = RunChunkedWrites(
      FixedChunks(400, 300), [&](int, int) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        return upstream::UpstreamError(absl::StatusCode::kNotFound, "marketo", "1013",
                                       "no program");
      });
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kNotFound));
}

TEST(PagingTest, LaterQuotaErrorStopsTheBatch) {
  int calls = 0;
  absl::StatusOr<v1::WriteResponse> response = RunChunkedWrites(
      FixedChunks(700, 300),
      [&](int begin, int end) -> absl::StatusOr<std::vector<v1::RecordResult>> {
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
      FixedChunks(700, 300),
      [&](int begin, int end) -> absl::StatusOr<std::vector<v1::RecordResult>> {
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
      FixedChunks(3, 300), [&](int begin, int) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        return Created(begin, begin + 1);
      });
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kInternal));
}

// A range that cannot be sent fails its record without a call; the rest go on in order.
TEST(PagingTest, UnsentRangeFailsItsRecordsWithoutACall) {
  std::vector<ChunkRange> chunks(3);
  chunks[0].begin = 0;
  chunks[0].end = 2;
  chunks[1].begin = 2;
  chunks[1].end = 3;
  chunks[1].unsent.emplace().set_code("gateway.record_too_large");
  chunks[2].begin = 3;
  chunks[2].end = 5;
  std::vector<std::pair<int, int>> calls;
  absl::StatusOr<v1::WriteResponse> response = RunChunkedWrites(chunks, [&](int begin, int end) {
    calls.emplace_back(begin, end);
    return absl::StatusOr<std::vector<v1::RecordResult>>(Created(begin, end));
  });
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(calls, (std::vector<std::pair<int, int>>{{0, 2}, {3, 5}}));
  ASSERT_EQ(response->results_size(), 5);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(response->results(i).index(), i);
  EXPECT_EQ(response->results(2).status(), v1::RECORD_STATUS_FAILED);
  EXPECT_EQ(response->results(2).reasons(0).code(), "gateway.record_too_large");
  EXPECT_EQ(response->results(3).status(), v1::RECORD_STATUS_CREATED);
}

// The RPC fails as a whole only when nothing was written: an unsent record before the
// first call does not change that.
TEST(PagingTest, FirstCallErrorAfterAnUnsentRecordIsTheRpcError) {
  std::vector<ChunkRange> chunks(2);
  chunks[0].end = 1;
  chunks[0].unsent.emplace().set_code("gateway.record_too_large");
  chunks[1].begin = 1;
  chunks[1].end = 4;
  absl::StatusOr<v1::WriteResponse> response =
      RunChunkedWrites(chunks, [&](int, int) -> absl::StatusOr<std::vector<v1::RecordResult>> {
        return upstream::UpstreamError(absl::StatusCode::kResourceExhausted, "marketo", "607",
                                       "quota");
      });
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kResourceExhausted));
}

}  // namespace
}  // namespace leadgw::backends::marketo
