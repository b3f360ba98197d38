// The gateway's server-side edges, on the real binary: --help and --version, reflection of
// the health service, a busy gRPC port, and requests that do not parse.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/struct.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "testing/status_matchers.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::testing {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace v1 = ::leadgateway::v1;
namespace reflection = ::grpc::reflection::v1alpha;

constexpr absl::Duration kExitTimeout = absl::Seconds(30);

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return context;
}

// The lines of `log` that are not one JSON object each (common/log.h's format).
std::vector<std::string> NonJsonLines(const std::string& log) {
  std::vector<std::string> bad;
  for (absl::string_view line : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    if (!absl::StartsWith(line, "{\"time\":") || !absl::EndsWith(line, "}")) {
      bad.emplace_back(line);
    }
  }
  return bad;
}

// Runs the gateway binary with `args` to its exit; returns the exit code and its output.
std::pair<int, std::string> RunToExit(const std::vector<std::string>& args) {
  const std::string log_path = absl::StrCat(MakeTempDir(), "/out.log");
  std::vector<std::string> argv = {Runfile("service/lead_gateway")};
  argv.insert(argv.end(), args.begin(), args.end());
  auto process = ChildProcess::Start(argv, {}, log_path);
  if (!process.ok()) return {-1, std::string(process.status().message())};
  absl::StatusOr<int> code = (*process)->Wait(kExitTimeout);
  return {code.ok() ? *code : -1, ReadWholeFile(log_path)};
}

TEST(CommandLineE2eTest, HelpPrintsTheGatewaysFlagsAndExitsZero) {
  const auto [code, output] = RunToExit({"--help"});
  EXPECT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("Usage: lead-gateway --config=gateway.json"));
  for (const char* flag : {"--config", "--grpc_port", "--metrics_port", "--listen_address",
                           "--sandbox", "--port_file", "--log_level", "--version"}) {
    EXPECT_THAT(output, HasSubstr(flag));
  }
  EXPECT_THAT(output, Not(HasSubstr("No flags matched")));
}

TEST(CommandLineE2eTest, VersionPrintsTheReleaseAndRevisionAndExitsZero) {
  const auto [code, output] = RunToExit({"--version"});
  EXPECT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("lead-gateway 0."));
  EXPECT_THAT(output, HasSubstr("(revision "));
  EXPECT_THAT(output, Not(HasSubstr("Debug build")));
}

// A loopback TCP listener on a port chosen by the kernel, with SO_REUSEPORT as another
// gRPC server would have it: a gateway allowing port reuse would share it silently.
class BusyPort {
 public:
  BusyPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    const int on = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0 && listen(fd_, 8) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~BusyPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(BusyPortE2eTest, StartFailsNamingTheAddressAndTheReason) {
  BusyPort busy;
  ASSERT_GT(busy.port(), 0);
  GatewayProcessOptions options;
  options.extra_args = {"--sandbox", absl::StrCat("--grpc_port=", busy.port())};
  auto gateway = GatewayProcess::Start(options);
  ASSERT_THAT(gateway, Not(IsOk())) << "the gateway shared a busy port";
  const std::string message(gateway.status().message());
  EXPECT_THAT(message, HasSubstr("gateway exited with 2"));
  EXPECT_THAT(message, HasSubstr(absl::StrCat("cannot listen on 127.0.0.1:", busy.port(),
                                              ": address already in use")));
  const std::string log = message.substr(message.find(": ") + 2);
  EXPECT_THAT(NonJsonLines(log), IsEmpty());
}

class ServerEdgesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GatewayProcessOptions options;
    options.extra_args = {"--sandbox"};
    auto gateway = GatewayProcess::Start(options);
    ASSERT_THAT(gateway, IsOk());
    gateway_ = *std::move(gateway);
    channel_ = gateway_->NewChannel();
  }

  // Sends `payload` as the request of `method` without any client-side parsing.
  grpc::Status CallWithRawRequest(const std::string& method, const std::string& payload) {
    grpc::GenericStub stub(channel_);
    grpc::Slice slice(payload);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    std::promise<grpc::Status> done;
    auto context = Context();
    stub.UnaryCall(context.get(), method, grpc::StubOptions(), &request, &response,
                   [&done](grpc::Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  }

  std::unique_ptr<GatewayProcess> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerEdgesE2eTest, ReflectionServesTheHealthServiceDescriptor) {
  auto stub = reflection::ServerReflection::NewStub(channel_);
  auto context = Context();
  auto stream = stub->ServerReflectionInfo(context.get());
  reflection::ServerReflectionRequest request;
  request.set_file_containing_symbol("grpc.health.v1.Health");
  ASSERT_TRUE(stream->Write(request));
  reflection::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  ASSERT_TRUE(response.has_file_descriptor_response())
      << response.error_response().error_message();
  bool found = false;
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    if (file.name() != "grpc/health/v1/health.proto") continue;
    found = true;
    EXPECT_EQ(file.package(), "grpc.health.v1");
    ASSERT_EQ(file.service_size(), 1);
    EXPECT_EQ(file.service(0).name(), "Health");
    EXPECT_EQ(file.service(0).method_size(), 2);  // Check and Watch
  }
  EXPECT_TRUE(found);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(ServerEdgesE2eTest, GarbageRequestIsInvalidArgument) {
  // Field 1, length-delimited, says 16 bytes follow; 3 do.
  const grpc::Status status =
      CallWithRawRequest("/leadgateway.v1.LeadService/GetLead", std::string("\x0a\x10" "abc", 5));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("cannot parse the request as leadgateway.v1.GetLeadRequest"));
  EXPECT_THAT(NonJsonLines(gateway_->Log()), IsEmpty());
}

TEST_F(ServerEdgesE2eTest, InvalidUtf8InAStringFieldNamesTheField) {
  v1::GetLeadRequest request;
  request.set_connection("marketo-sandbox");
  // Field 2 (id), length-delimited, 2 bytes that are not UTF-8.
  const std::string payload = request.SerializeAsString() + std::string("\x12\x02\xff\xfe", 4);
  const grpc::Status status = CallWithRawRequest("/leadgateway.v1.LeadService/GetLead", payload);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("leadgateway.v1.GetLeadRequest.id"));
  EXPECT_THAT(status.error_message(), HasSubstr("invalid UTF-8"));
  EXPECT_THAT(NonJsonLines(gateway_->Log()), IsEmpty());
}

TEST_F(ServerEdgesE2eTest, NestingBeyondTheRecursionLimitIsInvalidArgument) {
  for (int depth : {45, 180}) {
    // Each level is three messages deep: Value, Struct, and the map entry.
    google::protobuf::Value value;
    value.set_string_value("bottom");
    for (int level = 0; level < depth; ++level) {
      google::protobuf::Value outer;
      (*outer.mutable_struct_value()->mutable_fields())["next"] = std::move(value);
      value = std::move(outer);
    }
    v1::UpsertLeadsRequest request;
    request.set_connection("marketo-sandbox");
    (*request.add_leads()->mutable_custom_fields())["nested"] = std::move(value);
    const grpc::Status status = CallWithRawRequest("/leadgateway.v1.LeadService/UpsertLeads",
                                                   request.SerializeAsString());
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << depth;
    EXPECT_THAT(status.error_message(),
                HasSubstr("cannot parse the request as leadgateway.v1.UpsertLeadsRequest"));
    EXPECT_THAT(status.error_message(), HasSubstr("nested deeper than 100"));
  }
  EXPECT_THAT(NonJsonLines(gateway_->Log()), IsEmpty());
}

TEST_F(ServerEdgesE2eTest, ValidRequestsStillReachTheHandlers) {
  v1::GetLeadRequest request;
  request.set_connection("marketo-sandbox");
  request.set_id("318581");
  const grpc::Status status =
      CallWithRawRequest("/leadgateway.v1.LeadService/GetLead", request.SerializeAsString());
  EXPECT_TRUE(status.ok()) << status.error_message();
  // A handler's own error keeps its code and message.
  request.set_connection("no-such-connection");
  const grpc::Status unknown =
      CallWithRawRequest("/leadgateway.v1.LeadService/GetLead", request.SerializeAsString());
  EXPECT_NE(unknown.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(unknown.error_message(), Not(HasSubstr("cannot parse")));
}

}  // namespace
}  // namespace leadgw::testing
