// The standard process_* families of Prometheus client libraries (CPU, memory, file
// descriptors, start time), read from /proc at every scrape. Linux only.
#ifndef LEADGW_METRICS_PROCESS_METRICS_H_
#define LEADGW_METRICS_PROCESS_METRICS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "metrics/registry.h"

namespace leadgw::metrics {

// Registers process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds in `registry`, and a collect hook that refreshes them from
// /proc/self and getrlimit(RLIMIT_NOFILE). A value that cannot be read keeps its last
// one. Call once per registry (a second call aborts: the names are taken).
void RegisterProcessMetrics(Registry& registry);

namespace metrics_internal {

// The fields of /proc/<pid>/stat the families need.
struct ProcStat {
  double cpu_seconds = 0;         // utime + stime
  double start_time_seconds = 0;  // since boot
  uint64_t virtual_bytes = 0;
  uint64_t resident_bytes = 0;
};

// Parses the text of /proc/<pid>/stat (the command name may hold spaces and ')');
// `ticks_per_second` is sysconf(_SC_CLK_TCK), `page_size` sysconf(_SC_PAGESIZE).
// nullopt if the text is malformed.
std::optional<ProcStat> ParseProcStat(const std::string& text, double ticks_per_second,
                                      uint64_t page_size);

// Boot time, seconds since the Unix epoch, from the "btime" line of /proc/stat's text.
std::optional<double> ParseBootTime(const std::string& proc_stat_text);

}  // namespace metrics_internal
}  // namespace leadgw::metrics

#endif  // LEADGW_METRICS_PROCESS_METRICS_H_
