#include "metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "metrics/builder.h"

namespace leadgw::metrics {
namespace metrics_internal {

std::optional<ProcStat> ParseProcStat(const std::string& text, double ticks_per_second,
                                      uint64_t page_size) {
  // "pid (comm) state ppid ...": comm may contain anything, so fields are counted from
  // the last ')'. After it, field 3 (state) is index 0.
  const size_t close = text.rfind(')');
  if (close == std::string::npos || ticks_per_second <= 0) return std::nullopt;
  const std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(text).substr(close + 1), ' ', absl::SkipWhitespace());
  // proc(5) numbering: utime 14, stime 15, starttime 22, vsize 23, rss 24.
  constexpr size_t kUtime = 14 - 3, kStime = 15 - 3, kStartTime = 22 - 3, kVsize = 23 - 3,
                   kRss = 24 - 3;
  if (fields.size() <= kRss) return std::nullopt;
  uint64_t utime, stime, start_time, vsize, rss;
  if (!absl::SimpleAtoi(fields[kUtime], &utime) || !absl::SimpleAtoi(fields[kStime], &stime) ||
      !absl::SimpleAtoi(fields[kStartTime], &start_time) ||
      !absl::SimpleAtoi(fields[kVsize], &vsize) || !absl::SimpleAtoi(fields[kRss], &rss)) {
    return std::nullopt;
  }
  ProcStat stat;
  stat.cpu_seconds = static_cast<double>(utime + stime) / ticks_per_second;
  stat.start_time_seconds = static_cast<double>(start_time) / ticks_per_second;
  stat.virtual_bytes = vsize;
  stat.resident_bytes = rss * page_size;
  return stat;
}

std::optional<double> ParseBootTime(const std::string& proc_stat_text) {
  for (absl::string_view line : absl::StrSplit(proc_stat_text, '\n')) {
    if (!absl::ConsumePrefix(&line, "btime ")) continue;
    uint64_t seconds;
    if (absl::SimpleAtoi(line, &seconds)) return static_cast<double>(seconds);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace metrics_internal

namespace {

std::optional<std::string> ReadFile(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Entries of /proc/self/fd, less "." and "..", less the descriptor opendir() holds.
std::optional<int> CountOpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return std::nullopt;
  int count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;
}

// The series, resolved once; the collect hook holds these references, which stay valid as
// long as the registry that runs the hook.
struct ProcessGauges {
  Counter& cpu_seconds;
  Gauge& resident_bytes;
  Gauge& virtual_bytes;
  Gauge& open_fds;
  Gauge& max_fds;
  Gauge& start_time;
};

Gauge& SingleGauge(Registry& registry, const char* name, const char* help) {
  return BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

void Refresh(const ProcessGauges& gauges, double boot_time) {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  static const uint64_t page_size = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  if (std::optional<std::string> text = ReadFile("/proc/self/stat")) {
    if (auto stat = metrics_internal::ParseProcStat(*text, ticks, page_size)) {
      // A counter only goes up: add the difference (CPU time never decreases).
      const double delta = stat->cpu_seconds - gauges.cpu_seconds.Value();
      if (delta > 0) gauges.cpu_seconds.Increment(delta);
      gauges.resident_bytes.Set(static_cast<double>(stat->resident_bytes));
      gauges.virtual_bytes.Set(static_cast<double>(stat->virtual_bytes));
      if (boot_time > 0) gauges.start_time.Set(boot_time + stat->start_time_seconds);
    }
  }
  if (std::optional<int> fds = CountOpenFds()) gauges.open_fds.Set(*fds);
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    gauges.max_fds.Set(limit.rlim_cur == RLIM_INFINITY ? INFINITY
                                                       : static_cast<double>(limit.rlim_cur));
  }
}

}  // namespace

void RegisterProcessMetrics(Registry& registry) {
  ProcessGauges gauges{
      BuildCounter()
          .Name("process_cpu_seconds_total")
          .Help("Total user and system CPU time spent in seconds.")
          .Register(registry)
          .Add({}),
      SingleGauge(registry, "process_resident_memory_bytes", "Resident memory size in bytes."),
      SingleGauge(registry, "process_virtual_memory_bytes", "Virtual memory size in bytes."),
      SingleGauge(registry, "process_open_fds", "Number of open file descriptors."),
      SingleGauge(registry, "process_max_fds", "Maximum number of open file descriptors."),
      SingleGauge(registry, "process_start_time_seconds",
                  "Start time of the process since unix epoch in seconds."),
  };
  double boot_time = 0;
  if (std::optional<std::string> text = ReadFile("/proc/stat")) {
    boot_time = metrics_internal::ParseBootTime(*text).value_or(0);
  }
  Refresh(gauges, boot_time);
  registry.AddCollectHook([gauges, boot_time] { Refresh(gauges, boot_time); });
}

}  // namespace leadgw::metrics
