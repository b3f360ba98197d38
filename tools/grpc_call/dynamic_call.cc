#include "tools/grpc_call/dynamic_call.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::grpc_call {
namespace {

using google::protobuf::Message;

absl::StatusOr<std::unique_ptr<Message>> RequestFromJson(
    google::protobuf::DynamicMessageFactory& factory, const google::protobuf::Descriptor& type,
    absl::string_view json) {
  std::unique_ptr<Message> request(factory.GetPrototype(&type)->New());
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), request.get());
  if (!parsed.ok()) {
    return UsageError(absl::StrCat("the request JSON does not fit ", type.full_name(), ": ",
                                   std::string(parsed.message())));
  }
  return request;
}

absl::StatusOr<std::string> ResponseToJson(google::protobuf::DynamicMessageFactory& factory,
                                           const google::protobuf::Descriptor& type,
                                           const grpc::ByteBuffer& bytes) {
  std::vector<grpc::Slice> slices;
  if (!bytes.Dump(&slices).ok()) return absl::InternalError("cannot read the response bytes");
  std::string wire;
  for (const grpc::Slice& slice : slices) {
    wire.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  std::unique_ptr<Message> response(factory.GetPrototype(&type)->New());
  if (!response->ParseFromString(wire)) {
    return absl::InternalError(absl::StrCat("the response does not parse as ", type.full_name()));
  }
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;  // the names requests are written with
  std::string json;
  const auto printed = google::protobuf::util::MessageToJsonString(*response, &json, options);
  if (!printed.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print the response as JSON: ", std::string(printed.message())));
  }
  return json;
}

// One asynchronous generic call driven step by step: each operation is started and its
// completion awaited before the next, so a single tag suffices.
class GenericCall {
 public:
  GenericCall(std::shared_ptr<grpc::Channel> channel, const std::string& path,
              absl::Duration timeout)
      : stub_(std::move(channel)) {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    call_ = stub_.PrepareCall(&context_, path, &queue_);
  }

  ~GenericCall() {
    call_.reset();
    queue_.Shutdown();
    void* tag;
    bool ok;
    while (queue_.Next(&tag, &ok)) {
    }
  }

  // Starts the call, sends `request` and half-closes. False when the call already failed:
  // Finish() then says why.
  bool Send(const grpc::ByteBuffer& request) {
    call_->StartCall(this);
    if (!Await()) return false;
    call_->WriteLast(request, grpc::WriteOptions(), this);
    return Await();
  }

  // The next response; false once the server has sent them all (or the call failed).
  bool Read(grpc::ByteBuffer* response) {
    call_->Read(response, this);
    return Await();
  }

  // Ends the call early (the server may still be streaming).
  void Cancel() { context_.TryCancel(); }

  absl::Status Finish() {
    grpc::Status status;
    call_->Finish(&status, this);
    Await();
    return FromGrpcStatus(status);
  }

 private:
  bool Await() {
    void* tag;
    bool ok = false;
    return queue_.Next(&tag, &ok) && ok;
  }

  grpc::GenericStub stub_;
  grpc::ClientContext context_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
};

}  // namespace

absl::Status CallMethod(std::shared_ptr<grpc::Channel> channel,
                        const google::protobuf::MethodDescriptor& method,
                        absl::string_view request_json, absl::Duration timeout, std::ostream& out) {
  if (method.client_streaming()) {
    return UsageError(
        absl::StrCat(method.full_name(), " streams requests; grpc_call sends exactly one"));
  }
  google::protobuf::DynamicMessageFactory factory;
  LEADGW_ASSIGN_OR_RETURN(std::unique_ptr<Message> request,
                          RequestFromJson(factory, *method.input_type(), request_json));
  const std::string wire = request->SerializeAsString();
  grpc::Slice slice(wire);
  grpc::ByteBuffer request_bytes(&slice, 1);

  GenericCall call(std::move(channel),
                   absl::StrCat("/", method.service()->full_name(), "/", method.name()), timeout);
  absl::Status printing = absl::OkStatus();
  if (call.Send(request_bytes)) {
    grpc::ByteBuffer response_bytes;
    // Ends when the server ends the stream or the deadline passes.
    while (printing.ok() && call.Read(&response_bytes)) {
      absl::StatusOr<std::string> json =
          ResponseToJson(factory, *method.output_type(), response_bytes);
      if (json.ok()) {
        out << *json << std::endl;
      } else {
        printing = json.status();
        call.Cancel();
      }
    }
  }
  absl::Status status = call.Finish();
  if (!printing.ok()) return printing;
  return status;
}

}  // namespace leadgw::grpc_call
