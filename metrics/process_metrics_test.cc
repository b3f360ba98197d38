#include "metrics/process_metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::metrics {
namespace {

using metrics_internal::ParseBootTime;
using metrics_internal::ParseProcStat;
using ::testing::HasSubstr;

// Fields 1..24 of proc(5)'s stat line; the command name holds ") " to check that fields
// are counted from the last ')'.
constexpr char kStatLine[] =
    "4242 (odd) name) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 150 0 0 20 0 9 0 12345 "
    "1048576 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

TEST(ProcessMetricsTest, ParsesProcStat) {
  auto stat = ParseProcStat(kStatLine, /*ticks_per_second=*/100, /*page_size=*/4096);
  ASSERT_TRUE(stat.has_value());
  EXPECT_DOUBLE_EQ(stat->cpu_seconds, 4.0);  // (250 + 150) / 100
  EXPECT_DOUBLE_EQ(stat->start_time_seconds, 123.45);
  EXPECT_EQ(stat->virtual_bytes, 1048576u);
  EXPECT_EQ(stat->resident_bytes, 300u * 4096u);
}

TEST(ProcessMetricsTest, RejectsMalformedProcStat) {
  EXPECT_FALSE(ParseProcStat("", 100, 4096).has_value());
  EXPECT_FALSE(ParseProcStat("1 (x) S 1 2 3", 100, 4096).has_value());
  EXPECT_FALSE(ParseProcStat(kStatLine, 0, 4096).has_value());
}

TEST(ProcessMetricsTest, ParsesBootTime) {
  EXPECT_EQ(ParseBootTime("cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n"), 1700000000.0);
  EXPECT_FALSE(ParseBootTime("cpu 1 2 3\n").has_value());
}

double SampleValue(const Registry& registry, const std::string& name) {
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    if (family.name != name || family.metric.size() != 1) continue;
    const prometheus::ClientMetric& metric = family.metric.front();
    return family.type == MetricType::Counter ? metric.counter.value : metric.gauge.value;
  }
  ADD_FAILURE() << "no single series named " << name;
  return NAN;
}

TEST(ProcessMetricsTest, ReportsThisProcess) {
  Registry registry;
  RegisterProcessMetrics(registry);
  const std::string text = registry.Serialize();
  for (const char* type_line :
       {"# TYPE process_cpu_seconds_total counter", "# TYPE process_resident_memory_bytes gauge",
        "# TYPE process_virtual_memory_bytes gauge", "# TYPE process_open_fds gauge",
        "# TYPE process_max_fds gauge", "# TYPE process_start_time_seconds gauge"}) {
    EXPECT_THAT(text, HasSubstr(type_line));
  }
  EXPECT_GT(SampleValue(registry, "process_resident_memory_bytes"), 0);
  EXPECT_GE(SampleValue(registry, "process_virtual_memory_bytes"),
            SampleValue(registry, "process_resident_memory_bytes"));
  EXPECT_GE(SampleValue(registry, "process_max_fds"), SampleValue(registry, "process_open_fds"));
  EXPECT_GE(SampleValue(registry, "process_cpu_seconds_total"), 0);
  // Started about now. /proc/stat's btime is the boot time as the kernel estimates it,
  // which drifts from the wall clock by seconds on VMs (the Go client reads it alike), so
  // the bound allows a minute after now, and a day before it.
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  const double start = SampleValue(registry, "process_start_time_seconds");
  EXPECT_LE(start, now + 60);
  EXPECT_GT(start, now - 86400);
}

TEST(ProcessMetricsTest, OpenFdsFollowsDescriptorsAtEveryScrape) {
  Registry registry;
  RegisterProcessMetrics(registry);
  const double before = SampleValue(registry, "process_open_fds");
  const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(SampleValue(registry, "process_open_fds"), before + 1);
  close(fd);
  EXPECT_EQ(SampleValue(registry, "process_open_fds"), before);
}

TEST(ProcessMetricsTest, CpuSecondsNeverDecrease) {
  Registry registry;
  RegisterProcessMetrics(registry);
  double previous = SampleValue(registry, "process_cpu_seconds_total");
  const absl::Time until = absl::Now() + absl::Milliseconds(50);
  while (absl::Now() < until) {
    const double current = SampleValue(registry, "process_cpu_seconds_total");
    EXPECT_GE(current, previous);
    previous = current;
  }
}

}  // namespace
}  // namespace leadgw::metrics
