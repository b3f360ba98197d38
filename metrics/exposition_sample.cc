// Prints the text exposition of a registry that uses every format feature (escaping,
// special values, labelled and unlabelled histograms, empty families, process_*), for checking with
// Prometheus' own parser: `exposition_sample | promtool check metrics`.
#include <cmath>
#include <cstdio>
#include <string>

#include "metrics/builder.h"
#include "metrics/process_metrics.h"
#include "metrics/registry.h"

int main() {
  using ::leadgw::metrics::BuildCounter;
  using ::leadgw::metrics::BuildGauge;
  using ::leadgw::metrics::BuildHistogram;
  using ::leadgw::metrics::Histogram;
  ::leadgw::metrics::Registry registry;

  auto& requests = BuildCounter()
                       .Name("leadgw_sample_requests_total")
                       .Help("Requests by method and code; help has a \\ and\na newline.")
                       .LabelNames({"method", "code"})
                       .Register(registry);
  requests.Add({{"method", "UpsertLeads"}, {"code", "OK"}}).Increment(12);
  requests.Add({{"method", "quote \" backslash \\ newline \n end"}, {"code", "INTERNAL"}})
      .Increment(0.5);

  auto& latency = BuildHistogram()
                      .Name("leadgw_sample_upstream_request_duration_seconds")
                      .Help("Upstream call latency.")
                      .LabelNames({"backend", "endpoint"})
                      .Buckets(Histogram::DefaultLatencyBuckets())
                      .Register(registry);
  Histogram& sync = latency.Add({{"backend", "acme"}, {"endpoint", "sync"}});
  for (double seconds : {0.00005, 0.003, 0.2, 29.0, 95.0, 181.0}) sync.Observe(seconds);
  latency.Add({{"backend", "globex"}, {"endpoint", "leads"}});

  auto& sizes = BuildHistogram()
                    .Name("leadgw_sample_batch_size_records")
                    .Help("Records per batch.")
                    .Buckets(Histogram::ExponentialBuckets(1, 2, 9))
                    .Register(registry);
  sizes.Add({}).Observe(300);

  auto& gauges = BuildGauge()
                     .Name("leadgw_sample_values")
                     .Help("Special values.")
                     .LabelNames({"kind"})
                     .Register(registry);
  gauges.Add({{"kind", "nan"}}).Set(std::nan(""));
  gauges.Add({{"kind", "pos_inf"}}).Set(INFINITY);
  gauges.Add({{"kind", "neg_inf"}}).Set(-INFINITY);
  gauges.Add({{"kind", "tiny"}}).Set(1.5e-300);
  gauges.Add({{"kind", "huge"}}).Set(1e300);
  gauges.Add({{"kind", "negative"}}).Set(-12.25);
  gauges.Add({{"kind", "unicode_ü_日本"}}).Set(1);
  BuildGauge()
      .Name("leadgw_sample_token_expiry_timestamp_seconds")
      .Help("When the token expires.")
      .Register(registry)
      .Add({})
      .SetToCurrentTime();
  BuildGauge().Name("leadgw_sample_empty").Help("No series.").LabelNames({"x"}).Register(registry);

  ::leadgw::metrics::RegisterProcessMetrics(registry);

  const std::string text = registry.Serialize();
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
