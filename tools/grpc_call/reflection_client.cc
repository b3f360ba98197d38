#include "tools/grpc_call/reflection_client.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::grpc_call {
namespace {

using google::protobuf::FileDescriptorProto;

// Bounds on what one command fetches: a server's whole API is a few dozen files, nested a
// few imports deep, so these only stop a misbehaving server.
constexpr size_t kMaxFiles = 1000;
constexpr int kMaxImportDepth = 100;

// Collects the reasons a file does not build, for the status message.
class BuildErrors : public google::protobuf::DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const google::protobuf::Message*, ErrorLocation,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(filename, ": ", element_name, ": ", message));
  }
  std::string Summary() const { return absl::StrJoin(errors_, "; "); }

 private:
  std::vector<std::string> errors_;
};

}  // namespace

ReflectionClient::ReflectionClient(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : stub_(grpc::reflection::v1alpha::ServerReflection::NewStub(std::move(channel))),
      timeout_(timeout) {}

ReflectionClient::~ReflectionClient() {
  if (stream_ == nullptr) return;
  stream_->WritesDone();
  stream_->Finish().IgnoreError();  // the answers were read; how the stream ends is moot
}

absl::StatusOr<ReflectionClient::Response> ReflectionClient::Ask(const Request& request) {
  if (stream_ == nullptr) {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    stream_ = stub_->ServerReflectionInfo(&context_);
  }
  Response response;
  if (!stream_->Write(request) || !stream_->Read(&response)) {
    absl::Status status = FromGrpcStatus(stream_->Finish());
    stream_.reset();
    if (status.ok()) return absl::UnavailableError("the reflection stream ended early");
    return absl::Status(status.code(), absl::StrCat("server reflection: ", status.message()));
  }
  if (response.has_error_response()) {
    return absl::Status(
        static_cast<absl::StatusCode>(response.error_response().error_code()),
        absl::StrCat("server reflection: ", response.error_response().error_message()));
  }
  return response;
}

absl::StatusOr<std::vector<std::string>> ReflectionClient::ListServices() {
  Request request;
  request.set_list_services("");
  LEADGW_ASSIGN_OR_RETURN(Response response, Ask(request));
  std::vector<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.push_back(service.name());
  }
  return names;
}

absl::StatusOr<std::vector<std::string>> ReflectionClient::KeepFiles(const Response& response) {
  std::vector<std::string> sent;
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) {
      return absl::InternalError("server reflection sent a file descriptor that does not parse");
    }
    sent.push_back(file.name());
    if (files_.contains(file.name())) continue;
    if (files_.size() >= kMaxFiles) {
      return absl::ResourceExhaustedError(
          absl::StrCat("server reflection sent more than ", kMaxFiles, " files"));
    }
    files_.emplace(file.name(), std::move(file));
  }
  return sent;
}

absl::Status ReflectionClient::FetchImports(std::vector<std::string> names) {
  // Each round fetches the imports the previous round's files named. Only a missing file
  // is asked for, once, and KeepFiles caps their number, so the rounds end.
  while (!names.empty()) {
    std::vector<std::string> next;
    for (const std::string& name : names) {
      for (const std::string& import : files_.at(name).dependency()) {
        if (files_.contains(import)) continue;
        Request request;
        request.set_file_by_filename(import);
        LEADGW_ASSIGN_OR_RETURN(Response response, Ask(request));
        LEADGW_ASSIGN_OR_RETURN(std::vector<std::string> sent, KeepFiles(response));
        if (!files_.contains(import)) {
          return absl::NotFoundError(absl::StrCat("server reflection did not send ", import,
                                                  ", which ", name, " imports"));
        }
        next.insert(next.end(), sent.begin(), sent.end());
      }
    }
    names = std::move(next);
  }
  return absl::OkStatus();
}

absl::Status ReflectionClient::Build(const std::string& name, int depth) {
  if (pool_.FindFileByName(name) != nullptr) return absl::OkStatus();
  if (depth > kMaxImportDepth) {
    return absl::InternalError(
        absl::StrCat("imports nest deeper than ", kMaxImportDepth, " files (a cycle?) at ", name));
  }
  const FileDescriptorProto& file = files_.at(name);
  for (const std::string& import : file.dependency()) {
    LEADGW_RETURN_IF_ERROR(Build(import, depth + 1));
  }
  BuildErrors errors;
  if (pool_.BuildFileCollectingErrors(file, &errors) == nullptr) {
    return absl::InternalError(
        absl::StrCat("the descriptors the server sent do not build: ", errors.Summary()));
  }
  return absl::OkStatus();
}

absl::Status ReflectionClient::LoadSymbol(const std::string& full_name) {
  Request request;
  request.set_file_containing_symbol(full_name);
  absl::StatusOr<Response> response = Ask(request);
  if (!response.ok()) {
    return absl::Status(response.status().code(),
                        absl::StrCat(response.status().message(), " (", full_name, ")"));
  }
  LEADGW_ASSIGN_OR_RETURN(std::vector<std::string> sent, KeepFiles(*response));
  LEADGW_RETURN_IF_ERROR(FetchImports(sent));
  for (const std::string& name : sent) LEADGW_RETURN_IF_ERROR(Build(name, 0));
  return absl::OkStatus();
}

}  // namespace leadgw::grpc_call
