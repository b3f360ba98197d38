#include "metrics/text_serializer.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace leadgw::metrics {
namespace metrics_internal {
namespace {

// 2^63: every whole double of smaller magnitude converts to int64_t exactly.
constexpr double kInt64Limit = 9223372036854775808.0;

std::string Escape(absl::string_view text, bool escape_quote) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value > -kInt64Limit && value < kInt64Limit && std::trunc(value) == value) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  char buffer[64];
  // Shortest round-trip digits in %g layout (exponent form only for exponents < -4 or
  // >= 6), which is also how the Go client formats values and bucket bounds, so `le`
  // labels agree across exporters.
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general);
  return std::string(buffer, result.ptr);
}

std::string EscapeLabelValue(absl::string_view value) {
  return Escape(value, /*escape_quote=*/true);
}

std::string EscapeHelp(absl::string_view help) { return Escape(help, /*escape_quote=*/false); }

}  // namespace metrics_internal

namespace {

using metrics_internal::EscapeHelp;
using metrics_internal::EscapeLabelValue;
using metrics_internal::FormatValue;

absl::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// `{a="x",b="y"}`, with `le` appended last when given; nothing for an empty set.
void AppendLabels(const Labels& labels, const std::string* le, std::string* out) {
  if (labels.empty() && le == nullptr) return;
  out->push_back('{');
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out->push_back(',');
    first = false;
    absl::StrAppend(out, name, "=\"", EscapeLabelValue(value), "\"");
  }
  if (le != nullptr) absl::StrAppend(out, first ? "" : ",", "le=\"", *le, "\"");
  out->push_back('}');
}

void AppendSample(absl::string_view name, const Labels& labels, const std::string* le,
                  absl::string_view value, std::string* out) {
  absl::StrAppend(out, name);
  AppendLabels(labels, le, out);
  absl::StrAppend(out, " ", value, "\n");
}

void AppendHistogram(const std::string& name, const SeriesSnapshot& series, std::string* out) {
  const HistogramSnapshot& h = series.histogram;
  const std::string bucket = absl::StrCat(name, "_bucket");
  for (size_t i = 0; i < h.cumulative_counts.size(); ++i) {
    const std::string le =
        i < h.upper_bounds.size() ? FormatValue(h.upper_bounds[i]) : std::string("+Inf");
    AppendSample(bucket, series.labels, &le, absl::StrCat(h.cumulative_counts[i]), out);
  }
  AppendSample(absl::StrCat(name, "_sum"), series.labels, nullptr, FormatValue(h.sum), out);
  AppendSample(absl::StrCat(name, "_count"), series.labels, nullptr, absl::StrCat(h.count), out);
}

}  // namespace

std::string SerializeTextFormat(const std::vector<FamilySnapshot>& families) {
  std::string out;
  for (const FamilySnapshot& family : families) {
    absl::StrAppend(&out, "# HELP ", family.name, " ", EscapeHelp(family.help), "\n");
    absl::StrAppend(&out, "# TYPE ", family.name, " ", TypeName(family.type), "\n");
    for (const SeriesSnapshot& series : family.series) {
      if (family.type == MetricType::kHistogram) {
        AppendHistogram(family.name, series, &out);
      } else {
        AppendSample(family.name, series.labels, nullptr, FormatValue(series.value), &out);
      }
    }
  }
  return out;
}

}  // namespace leadgw::metrics
