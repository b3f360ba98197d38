// Where a command-line tool connects and how: the one place that chooses channel
// credentials and parses the flags that pick them, shared by //tools/grpc_call and
// //tools/leadctl so both speak TLS, mutual TLS and bearer tokens the same way.
#ifndef LEADGW_TOOLS_GRPC_CALL_CHANNEL_H_
#define LEADGW_TOOLS_GRPC_CALL_CHANNEL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace leadgw::grpc_call {

struct ConnectionOptions {
  std::string address = "localhost:50051";  // host:port
  // h2c without TLS. TLS is the default so that forgetting a flag can never send requests
  // (or a token) in clear text; plaintext must be asked for.
  bool plaintext = false;
  // TLS: PEM file of the roots that verify the server (empty: the system's roots).
  std::string ca_file;
  // Mutual TLS: the client's PEM certificate chain and private key, both or neither.
  std::string cert_file;
  std::string key_file;
  // TLS: the name the server's certificate must carry, when it differs from the address's
  // host (e.g. connecting by IP address).
  std::string server_name;
  // Sent as "authorization: Bearer <token>" on every call; never printed.
  std::string token;
  // The deadline of each RPC.
  absl::Duration timeout = absl::Seconds(30);
};

// Consumes `args[index]` when it is one of the connection flags (--addr, --plaintext,
// --ca_file, --cert_file, --key_file, --server_name, --token, --timeout; "--flag=value" or
// "--flag value", which advances `index`). Returns false for any other argument, a usage
// error (cli_status.h) for a flag without a valid value.
absl::StatusOr<bool> ParseConnectionFlag(const std::vector<std::string>& args, size_t& index,
                                         ConnectionOptions& options);

// Splits "--name=value" into its value; "--name" alone takes the next argument (advancing
// `index`). A usage error when no value follows.
absl::StatusOr<std::string> FlagValue(const std::vector<std::string>& args, size_t& index,
                                      const std::string& flag);

// True when `arg` is `flag` or starts with "`flag`=".
bool IsFlag(const std::string& arg, const std::string& flag);

// A usage error when the options contradict each other: TLS files with --plaintext, a
// certificate without its key (or the reverse), a token sent in clear text to a host that
// is not loopback.
absl::Status CheckConnectionOptions(const ConnectionOptions& options);

// A channel to `options.address` with the credentials the options ask for. A usage error
// when they are inconsistent (CheckConnectionOptions) or a file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ConnectionOptions& options);

// The help lines of the connection flags, for both tools' usage texts.
std::string ConnectionFlagsHelp();

}  // namespace leadgw::grpc_call

#endif  // LEADGW_TOOLS_GRPC_CALL_CHANNEL_H_
