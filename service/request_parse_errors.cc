#include "service/request_parse_errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "service/library_logs.h"

namespace leadgw::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The request message type of `method`, or `method` itself when the pool does not know it.
std::string RequestTypeName(absl::string_view method) {
  // "/leadgateway.v1.LeadService/GetLead" -> "leadgateway.v1.LeadService.GetLead"
  const std::string full_name =
      absl::StrReplaceAll(absl::StripPrefix(method, "/"), {{"/", "."}});
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name);
  if (descriptor == nullptr) return std::string(method);
  return descriptor->input_type()->full_name();
}

// Why this design, and why it is sound: for a unary or server-streaming method, gRPC's
// synchronous server (src/cpp/server/server_cc.cc, SyncRequest::Run in 1.51; the callback
// API's CallbackRequest alike) parses the request and then, on the same thread and in the
// same function, runs the interceptors' POST_RECV_MESSAGE hook with the parsed message,
// or with null when parsing failed. So
// that hook knows for certain whether this RPC's request parsed, and what protobuf logged
// on this thread meanwhile is about this request. What a handler's own parsing leaves on
// its thread is dropped when its status is sent (a synchronous handler sends it on the
// thread it ran on), so it cannot be blamed on the next request's parse. The INTERNAL
// status is rewritten only for an RPC whose request did not parse: no handler ran for it.
// (A request refused for want of threads is not parsed either, but is answered
// RESOURCE_EXHAUSTED, which stays.)
class RequestParseErrorInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RequestParseErrorInterceptor(const char* method) : method_(method) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      std::string complaint = TakeProtobufParseComplaint();
      if (methods->GetRecvMessage() == nullptr) {
        request_unparsed_ = true;
        complaint_ = std::move(complaint);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      TakeProtobufParseComplaint();  // whatever the handler's own parsing left
      if (request_unparsed_ && methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
        const std::string message = RequestParseErrorMessage(method_, complaint_);
        if (LogEnabled(LogLevel::kDebug)) {
          Log(LogLevel::kDebug, "request rejected", {{"method", method_}, {"error", message}});
        }
        methods->ModifySendStatus(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message));
      }
    }
    methods->Proceed();
  }

 private:
  // ServerRpcInfo's, which lives as long as the call and this interceptor.
  const char* const method_;
  bool request_unparsed_ = false;
  std::string complaint_;
};

}  // namespace

grpc::experimental::Interceptor* RequestParseErrorInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // Streaming requests are read by the handler (Read() fails), not parsed up front.
  if (info->type() != grpc::experimental::ServerRpcInfo::Type::UNARY &&
      info->type() != grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING) {
    return nullptr;
  }
  return new RequestParseErrorInterceptor(info->method());
}

std::string RequestParseErrorMessage(absl::string_view method, absl::string_view complaint) {
  std::string message = absl::StrCat("cannot parse the request as ", RequestTypeName(method));
  if (!complaint.empty()) return absl::StrCat(message, ": ", complaint);
  return absl::StrCat(message, ": malformed protobuf encoding, or messages nested deeper than ",
                      google::protobuf::io::CodedInputStream::GetDefaultRecursionLimit(),
                      " levels");
}

}  // namespace leadgw::service
