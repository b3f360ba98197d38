#include "backends/marketo/envelope.h"

#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

// The seed's Get Lead by Id answer.
constexpr char kLeadById[] = R"json({
  "requestId": "10226#14d3049e51b",
  "success": true,
  "result": [{"id": 318581, "lastName": "Doe", "email": "jdoe@marketo.com",
              "firstName": "John"}]
})json";

// The seed's list membership answer (token and moreResult).
constexpr char kListMembership[] = R"json({
  "requestId": "1184b#1706f0ec23f",
  "result": [{"listId": 3379, "createdAt": "2016-05-17T19:32:44Z",
              "updatedAt": "2016-05-17T19:32:44Z"}],
  "success": true,
  "nextPageToken": "BFRV7OMVSNJWDVKVTUFS3XHT4E======",
  "moreResult": true
})json";

TEST(EnvelopeTest, Success) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(kLeadById);
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  EXPECT_TRUE(envelope->success);
  EXPECT_EQ(envelope->request_id, "10226#14d3049e51b");
  absl::StatusOr<const rapidjson::Value*> result = envelope->Result();
  ASSERT_TRUE(result.ok());
  ASSERT_NE(*result, nullptr);
  EXPECT_EQ((*result)->Size(), 1u);
  EXPECT_FALSE(envelope->HasMorePages());
}

TEST(EnvelopeTest, PagingMembers) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(kListMembership);
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  EXPECT_EQ(envelope->next_page_token, "BFRV7OMVSNJWDVKVTUFS3XHT4E======");
  EXPECT_EQ(envelope->more_result, true);
  EXPECT_TRUE(envelope->HasMorePages());
}

TEST(EnvelopeTest, MoreResultFalseEndsPagingEvenWithAToken) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(
      R"({"requestId":"r","success":true,"result":[],"nextPageToken":"X","moreResult":false})");
  ASSERT_TRUE(envelope.ok());
  EXPECT_FALSE(envelope->HasMorePages());
}

TEST(EnvelopeTest, TokenAloneMeansMorePages) {
  absl::StatusOr<Envelope> envelope =
      ParseEnvelope(R"({"requestId":"r","success":true,"result":[],"nextPageToken":"X"})");
  ASSERT_TRUE(envelope.ok());
  EXPECT_TRUE(envelope->HasMorePages());
}

TEST(EnvelopeTest, ApiError) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(
      R"({"requestId":"e42b#1","success":false,"errors":[{"code":"601","message":"Access token invalid"}]})");
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  EXPECT_FALSE(envelope->success);
  EXPECT_EQ(envelope->error_code, "601");
  EXPECT_EQ(envelope->error_message, "Access token invalid");
}

TEST(EnvelopeTest, NumericErrorCodeIsAccepted) {
  absl::StatusOr<Envelope> envelope =
      ParseEnvelope(R"({"success":false,"errors":[{"code":606,"message":"Rate"}]})");
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  EXPECT_EQ(envelope->error_code, "606");
  EXPECT_EQ(envelope->request_id, "");
}

TEST(EnvelopeTest, FailureWithoutErrorsHasNoCode) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(R"({"requestId":"r","success":false})");
  ASSERT_TRUE(envelope.ok());
  EXPECT_FALSE(envelope->success);
  EXPECT_EQ(envelope->error_code, "");
}

TEST(EnvelopeTest, MergeAnswerHasNoResult) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(R"({"requestId":"e42b","success":true})");
  ASSERT_TRUE(envelope.ok());
  EXPECT_EQ(*envelope->Result(), nullptr);
}

TEST(EnvelopeTest, MalformedAnswersAreRejected) {
  const char* bodies[] = {
      "",
      "<html>502 Bad Gateway</html>",
      "[1,2]",
      R"({"requestId":"r"})",                             // no success
      R"({"requestId":"r","success":"yes"})",             // success not a boolean
      R"({"requestId":"r","success":true,"result":{}})",  // result not an array
      R"({"requestId":7,"success":true,"result":[]} trailing)",
      R"({"requestId":"r","success":true,"moreResult":"x"})",
      R"({"requestId":"r","success":false,"errors":{}})",  // errors not an array
      R"({"requestId":{},"success":true})",                // requestId not text
  };
  for (const char* body : bodies) {
    EXPECT_EQ(ParseEnvelope(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

// Both documented forms of a warning ({code, message} and a bare string) are read; an
// item of any other shape is skipped and never fails the answer.
TEST(EnvelopeTest, WarningsInEveryDocumentedForm) {
  absl::StatusOr<Envelope> envelope = ParseEnvelope(R"json({
    "requestId": "r#1", "success": true, "result": [],
    "warnings": [{"code": 1003, "message": "numeric code"},
                 {"code": "2001", "message": "text code"},
                 "No assets found for the given search criteria.",
                 7, null, {}, {"message": "no code"}]
  })json");
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  ASSERT_EQ(envelope->warnings.size(), 4u);
  EXPECT_EQ(envelope->warnings[0].code, "1003");
  EXPECT_EQ(envelope->warnings[0].message, "numeric code");
  EXPECT_EQ(envelope->warnings[1].code, "2001");
  EXPECT_EQ(envelope->warnings[2].code, "");
  EXPECT_EQ(envelope->warnings[2].message, "No assets found for the given search criteria.");
  EXPECT_EQ(envelope->warnings[3].code, "");
  EXPECT_EQ(envelope->warnings[3].message, "no code");
}

TEST(EnvelopeTest, MalformedWarningsNeverFailTheAnswer) {
  for (const char* body : {R"({"requestId":"r","success":true,"warnings":"odd"})",
                           R"({"requestId":"r","success":true,"warnings":{"code":"1"}})",
                           R"({"requestId":"r","success":true,"warnings":null})",
                           R"({"requestId":"r","success":true})"}) {
    absl::StatusOr<Envelope> envelope = ParseEnvelope(body);
    ASSERT_TRUE(envelope.ok()) << body << ": " << envelope.status();
    EXPECT_TRUE(envelope->warnings.empty()) << body;
  }
}

}  // namespace
}  // namespace leadgw::backends::marketo
