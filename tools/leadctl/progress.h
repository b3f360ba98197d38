// Progress of a long write on stderr: a redrawn bar when stderr is a terminal, otherwise
// nothing until the one summary line, so logs and CI output stay readable.
#ifndef LEADGW_TOOLS_LEADCTL_PROGRESS_H_
#define LEADGW_TOOLS_LEADCTL_PROGRESS_H_

#include <ostream>
#include <string>

namespace leadgw::leadctl {

struct ProgressCounts {
  int total = 0;
  int done = 0;     // records with an outcome
  int written = 0;  // created, updated or deleted
};

class Progress {
 public:
  // `interactive`: draw the bar (callers pass isatty(STDERR_FILENO)).
  Progress(std::ostream& out, bool interactive) : out_(out), interactive_(interactive) {}

  // Redraws the bar (interactive only).
  void Update(const ProgressCounts& counts);
  // Ends the bar and prints "N records: W written, F not written".
  void Finish(const ProgressCounts& counts);

 private:
  std::ostream& out_;
  bool interactive_;
};

// The bar line without the carriage return, e.g. "[#####     ]  500/1000".
std::string ProgressBar(const ProgressCounts& counts, int width);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_PROGRESS_H_
