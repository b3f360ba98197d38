#include "service/request_parse_errors.h"

#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "service/library_logs.h"

namespace leadgw::service {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A GetLeadRequest whose id (field 2) holds the bytes 0xff 0xfe, which are not UTF-8.
std::string GetLeadWithInvalidUtf8Id() { return std::string("\x12\x02\xff\xfe", 4); }

TEST(RequestParseErrorMessageTest, NamesTheRequestTypeAndWhatProtobufSaid) {
  EXPECT_EQ(RequestParseErrorMessage("/leadgateway.v1.LeadService/GetLead",
                                     "String field 'leadgateway.v1.GetLeadRequest.id' contains "
                                     "invalid UTF-8 data"),
            "cannot parse the request as leadgateway.v1.GetLeadRequest: String field "
            "'leadgateway.v1.GetLeadRequest.id' contains invalid UTF-8 data");
}

TEST(RequestParseErrorMessageTest, WithoutAComplaintListsTheSilentCauses) {
  EXPECT_EQ(RequestParseErrorMessage("/leadgateway.v1.LeadService/UpsertLeads", ""),
            "cannot parse the request as leadgateway.v1.UpsertLeadsRequest: malformed protobuf "
            "encoding, or messages nested deeper than 100 levels");
}

TEST(RequestParseErrorMessageTest, AnUnknownMethodIsNamedAsIs) {
  EXPECT_THAT(RequestParseErrorMessage("/no.Such/Method", ""),
              HasSubstr("cannot parse the request as /no.Such/Method:"));
}

TEST(ProtobufParseComplaintTest, KeepsTheComplaintOfThisThreadUntilTaken) {
  RouteLibraryLogsToJson();
  leadgateway::v1::GetLeadRequest request;
  EXPECT_FALSE(request.ParseFromString(GetLeadWithInvalidUtf8Id()));
  std::string other_thread = "unset";
  std::thread([&other_thread] { other_thread = TakeProtobufParseComplaint(); }).join();
  EXPECT_THAT(other_thread, IsEmpty());
  const std::string complaint = TakeProtobufParseComplaint();
  EXPECT_THAT(complaint, HasSubstr("'leadgateway.v1.GetLeadRequest.id'"));
  EXPECT_THAT(complaint, HasSubstr("invalid UTF-8"));
  EXPECT_THAT(TakeProtobufParseComplaint(), IsEmpty());
}

}  // namespace
}  // namespace leadgw::service
