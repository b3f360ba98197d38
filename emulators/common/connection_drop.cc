#include "emulators/common/connection_drop.h"

#include <dirent.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace leadgw::emulators::common {
namespace {

// Port of a /proc/net/tcp address field ("0100007F:1F90").
std::optional<int> PortOf(absl::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) return std::nullopt;
  uint32_t port = 0;
  if (!absl::SimpleHexAtoi(address.substr(colon + 1), &port)) return std::nullopt;
  return static_cast<int>(port);
}

// The socket inode of the established connection local_port <-> remote_port, read from
// the kernel's connection tables. Reading /proc (not probing descriptors with
// getpeername) never touches descriptors other threads may be closing concurrently.
std::optional<std::string> FindInode(int local_port, int remote_port) {
  for (const char* table : {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<absl::string_view> cols = absl::StrSplit(line, ' ', absl::SkipEmpty());
      // sl local remote st tx:rx tr:when retrnsmt uid timeout inode ...
      if (cols.size() < 10) continue;
      if (PortOf(cols[1]) != local_port || PortOf(cols[2]) != remote_port) continue;
      if (cols[3] != "01") continue;  // TCP_ESTABLISHED
      return std::string(cols[9]);
    }
  }
  return std::nullopt;
}

// The descriptor of this process whose /proc link names `inode`, or -1.
int FindDescriptor(const std::string& inode) {
  const std::string target = absl::StrCat("socket:[", inode, "]");
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  while (struct dirent* entry = readdir(dir)) {
    int fd = 0;
    if (!absl::SimpleAtoi(entry->d_name, &fd)) continue;
    char link[64] = {0};
    const std::string path = absl::StrCat("/proc/self/fd/", entry->d_name);
    const ssize_t n = readlink(path.c_str(), link, sizeof(link) - 1);
    if (n > 0 && target == std::string(link, static_cast<size_t>(n))) {
      found = fd;
      break;
    }
  }
  closedir(dir);
  return found;
}

}  // namespace

bool DropConnection(const httplib::Request& req) {
  if (req.remote_port <= 0 || req.local_port <= 0) return false;
  std::optional<std::string> inode = FindInode(req.local_port, req.remote_port);
  if (!inode.has_value()) return false;
  const int fd = FindDescriptor(*inode);
  if (fd < 0) return false;
  // shutdown, not close: httplib keeps ownership of the descriptor. The connection is
  // served by the calling thread, so the descriptor cannot change under us.
  return shutdown(fd, SHUT_RDWR) == 0;
}

void SetEmptyCloseResponse(httplib::Response& res) {
  res.status = 200;
  res.body.clear();
  res.set_header("Connection", "close");
}

}  // namespace leadgw::emulators::common
