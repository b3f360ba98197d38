#include "tests/observability/run_command.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing::observability {
namespace {

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// Inodes of the sockets `pid` holds open (/proc/PID/fd/N -> "socket:[INODE]").
absl::StatusOr<std::set<std::string>> SocketInodes(pid_t pid) {
  const std::string dir = absl::StrCat("/proc/", pid, "/fd");
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) return absl::InternalError(absl::StrCat("cannot read ", dir));
  std::set<std::string> inodes;
  while (const dirent* entry = ::readdir(handle)) {
    char target[256];
    const std::string link = absl::StrCat(dir, "/", entry->d_name);
    const ssize_t n = ::readlink(link.c_str(), target, sizeof(target) - 1);
    if (n <= 0) continue;
    absl::string_view text(target, static_cast<size_t>(n));
    if (absl::ConsumePrefix(&text, "socket:[") && absl::ConsumeSuffix(&text, "]")) {
      inodes.emplace(text);
    }
  }
  ::closedir(handle);
  return inodes;
}

// "0100007F:1F90" (little-endian words, as /proc/net/tcp writes them) -> "127.0.0.1:8080".
std::string DecodeAddress(absl::string_view hex, bool ipv6) {
  std::vector<absl::string_view> parts = absl::StrSplit(hex, ':');
  if (parts.size() != 2) return "?";
  int port = 0;
  if (!absl::SimpleHexAtoi(parts[1], &port)) return "?";
  const size_t words = ipv6 ? 4 : 1;
  if (parts[0].size() != words * 8) return "?";
  unsigned char bytes[16];
  for (size_t w = 0; w < words; ++w) {
    uint32_t word = 0;
    if (!absl::SimpleHexAtoi(parts[0].substr(w * 8, 8), &word)) return "?";
    // The kernel prints each 32-bit word of the address as a host-order integer, so the
    // word's in-memory bytes are the address bytes.
    std::memcpy(&bytes[w * 4], &word, sizeof(word));
  }
  char text[INET6_ADDRSTRLEN];
  if (::inet_ntop(ipv6 ? AF_INET6 : AF_INET, bytes, text, sizeof(text)) == nullptr) return "?";
  return ipv6 ? absl::StrCat("[", text, "]:", port) : absl::StrCat(text, ":", port);
}

}  // namespace

absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                         absl::string_view input, absl::Duration timeout) {
  if (argv.empty() || ::access(argv[0].c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat(argv.empty() ? "" : argv[0], " is not executable"));
  }
  // Files, not pipes: nothing can block on a full pipe, and the child's output survives.
  const std::string dir = MakeTempDir();
  if (dir.empty()) return absl::InternalError("cannot create a temporary directory");
  const std::string input_path = absl::StrCat(dir, "/stdin");
  const std::string output_path = absl::StrCat(dir, "/output");
  {
    std::ofstream out(input_path, std::ios::binary);
    out << input;
  }
  std::vector<std::string> args = argv;
  std::vector<char*> argvp;
  for (std::string& arg : args) argvp.push_back(arg.data());
  argvp.push_back(nullptr);
  const int in_fd = ::open(input_path.c_str(), O_RDONLY | O_CLOEXEC);
  const int out_fd = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0) {
    if (in_fd >= 0) ::close(in_fd);
    if (out_fd >= 0) ::close(out_fd);
    return absl::InternalError("cannot open the command's stdin or output file");
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec: the parent has threads.
    ::dup2(in_fd, STDIN_FILENO);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    ::execv(argvp[0], argvp.data());
    ::_exit(127);
  }
  ::close(in_fd);
  ::close(out_fd);
  if (pid < 0) return absl::InternalError("fork failed");

  const absl::Time deadline = absl::Now() + timeout;
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, WNOHANG) == 0) {
    if (absl::Now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &wait_status, 0);
      return absl::DeadlineExceededError(
          absl::StrCat(argv[0], " ran longer than ", absl::FormatDuration(timeout)));
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  CommandResult result;
  result.exit_code = ExitCodeOf(wait_status);
  result.output = ReadWholeFile(output_path);
  return result;
}

absl::StatusOr<std::vector<std::string>> ListeningAddresses(pid_t pid) {
  absl::StatusOr<std::set<std::string>> inodes = SocketInodes(pid);
  if (!inodes.ok()) return inodes.status();
  std::vector<std::string> addresses;
  for (const bool ipv6 : {false, true}) {
    // Each row: "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode".
    const std::string table = ReadWholeFile(ipv6 ? "/proc/net/tcp6" : "/proc/net/tcp");
    for (absl::string_view row : absl::StrSplit(table, '\n', absl::SkipWhitespace())) {
      std::vector<absl::string_view> fields = absl::StrSplit(row, ' ', absl::SkipEmpty());
      if (fields.size() < 10 || fields[3] != "0A") continue;  // 0A: TCP_LISTEN; skips header
      if (inodes->count(std::string(fields[9])) == 0) continue;
      addresses.push_back(DecodeAddress(fields[1], ipv6));
    }
  }
  return addresses;
}

bool IsLoopback(absl::string_view address) {
  // An IPv6 socket bound to 127.0.0.1 (gRPC binds so) is listed as IPv4-mapped.
  return absl::StartsWith(address, "127.") || absl::StartsWith(address, "[::1]:") ||
         absl::StartsWith(address, "[::ffff:127.");
}

int PickFreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace leadgw::testing::observability
