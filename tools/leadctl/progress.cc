#include "tools/leadctl/progress.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace leadgw::leadctl {

std::string ProgressBar(const ProgressCounts& counts, int width) {
  const int filled = counts.total == 0 ? width : width * counts.done / counts.total;
  return absl::StrFormat("[%s%s] %d/%d", std::string(filled, '#'),
                         std::string(width - filled, ' '), counts.done, counts.total);
}

void Progress::Update(const ProgressCounts& counts) {
  if (interactive_) out_ << "\r" << ProgressBar(counts, 40) << std::flush;
}

void Progress::Finish(const ProgressCounts& counts) {
  if (interactive_) out_ << "\r" << ProgressBar(counts, 40) << "\n";
  out_ << counts.total << " records: " << counts.written << " written, "
       << counts.total - counts.written << " not written\n";
}

}  // namespace leadgw::leadctl
