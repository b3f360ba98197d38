#include "tools/grpc_call/channel.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/client_interceptor.h"
#include "tools/grpc_call/cli_status.h"

namespace leadgw::grpc_call {
namespace {

using grpc::experimental::ClientInterceptorFactoryInterface;
using grpc::experimental::ClientRpcInfo;
using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::Interceptor;
using grpc::experimental::InterceptorBatchMethods;

// Adds the bearer token to every call's initial metadata, so that no command (nor the
// reflection exchange) has to remember to. The gateway reads "authorization" with the
// scheme "Bearer " (service/access/request_credentials.cc).
class BearerTokenInterceptor : public Interceptor {
 public:
  explicit BearerTokenInterceptor(const std::string& token)
      : header_value_(absl::StrCat("Bearer ", token)) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_value_});
    }
    methods->Proceed();
  }

 private:
  std::string header_value_;
};

class BearerTokenInterceptorFactory : public ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenInterceptorFactory(std::string token) : token_(std::move(token)) {}
  Interceptor* CreateClientInterceptor(ClientRpcInfo*) override {
    return new BearerTokenInterceptor(token_);
  }

 private:
  std::string token_;
};

// True for addresses whose traffic never leaves the machine.
bool IsLoopback(const std::string& address) {
  if (absl::StartsWith(address, "unix:")) return true;
  for (absl::string_view host : {"localhost:", "127.", "[::1]:", "ipv4:127.", "ipv6:[::1]:"}) {
    if (absl::StartsWith(address, host)) return true;
  }
  return false;
}

absl::StatusOr<std::string> ReadPemFile(const std::string& flag, const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return UsageError(absl::StrCat(flag, ": cannot read ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(
    const ConnectionOptions& options) {
  if (options.plaintext) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!options.ca_file.empty()) {
    auto roots = ReadPemFile("--ca_file", options.ca_file);
    if (!roots.ok()) return roots.status();
    ssl.pem_root_certs = *std::move(roots);
  }
  if (!options.cert_file.empty()) {
    auto chain = ReadPemFile("--cert_file", options.cert_file);
    if (!chain.ok()) return chain.status();
    auto key = ReadPemFile("--key_file", options.key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(chain);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

bool IsFlag(const std::string& arg, const std::string& flag) {
  return arg == flag || absl::StartsWith(arg, absl::StrCat(flag, "="));
}

absl::StatusOr<std::string> FlagValue(const std::vector<std::string>& args, size_t& index,
                                      const std::string& flag) {
  const std::string& arg = args[index];
  if (arg.size() > flag.size() && arg[flag.size()] == '=') return arg.substr(flag.size() + 1);
  if (index + 1 >= args.size()) return UsageError(absl::StrCat(flag, " needs a value"));
  return args[++index];
}

absl::StatusOr<bool> ParseConnectionFlag(const std::vector<std::string>& args, size_t& index,
                                         ConnectionOptions& options) {
  const std::string& arg = args[index];
  if (arg == "--plaintext") {
    options.plaintext = true;
    return true;
  }
  if (IsFlag(arg, "--timeout")) {
    auto value = FlagValue(args, index, "--timeout");
    if (!value.ok()) return value.status();
    absl::Duration timeout;
    if (!absl::ParseDuration(*value, &timeout) || timeout <= absl::ZeroDuration()) {
      return UsageError(
          absl::StrCat("--timeout wants a positive duration such as 10s, not ", *value));
    }
    options.timeout = timeout;
    return true;
  }
  const std::pair<const char*, std::string*> text_flags[] = {
      {"--addr", &options.address},         {"--ca_file", &options.ca_file},
      {"--cert_file", &options.cert_file},  {"--key_file", &options.key_file},
      {"--server_name", &options.server_name}, {"--token", &options.token},
  };
  for (const auto& [flag, field] : text_flags) {
    if (!IsFlag(arg, flag)) continue;
    auto value = FlagValue(args, index, flag);
    if (!value.ok()) return value.status();
    *field = *std::move(value);
    return true;
  }
  return false;
}

absl::Status CheckConnectionOptions(const ConnectionOptions& options) {
  if (options.address.empty()) return UsageError("--addr is empty; give host:port");
  if (options.cert_file.empty() != options.key_file.empty()) {
    return UsageError("mutual TLS needs both --cert_file and --key_file");
  }
  const bool tls_flags = !options.ca_file.empty() || !options.cert_file.empty() ||
                         !options.server_name.empty();
  if (options.plaintext && tls_flags) {
    return UsageError(
        "--plaintext contradicts --ca_file, --cert_file, --key_file and --server_name");
  }
  if (options.plaintext && !options.token.empty() && !IsLoopback(options.address)) {
    return UsageError(
        "a token over --plaintext would cross the network in clear text; use TLS, or a "
        "loopback address");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ConnectionOptions& options) {
  if (absl::Status status = CheckConnectionOptions(options); !status.ok()) return status;
  auto credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  grpc::ChannelArguments arguments;
  if (!options.server_name.empty()) arguments.SetSslTargetNameOverride(options.server_name);
  std::vector<std::unique_ptr<ClientInterceptorFactoryInterface>> interceptors;
  if (!options.token.empty()) {
    interceptors.push_back(std::make_unique<BearerTokenInterceptorFactory>(options.token));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      options.address, *credentials, arguments, std::move(interceptors));
}

std::string ConnectionFlagsHelp() {
  return R"(  --addr=HOST:PORT     the server (default localhost:50051)
  --plaintext          no TLS (h2c); the default is TLS
  --ca_file=PEM        roots that verify the server (default: the system's)
  --cert_file=PEM      client certificate chain for mutual TLS (with --key_file)
  --key_file=PEM       client private key for mutual TLS (with --cert_file)
  --server_name=NAME   the name the server certificate must carry, if not the host's
  --token=TOKEN        sent as "authorization: Bearer TOKEN" (never printed); over
                       --plaintext only to a loopback address
  --timeout=DURATION   deadline of each RPC, e.g. 10s or 500ms (default 30s)
)";
}

}  // namespace leadgw::grpc_call
