// Who waits for an upstream call. When capacity is short (rate window, concurrency cap,
// daily budget), interactive calls are served before bulk ones; see docs/reliability.md.
#ifndef LEADGW_UPSTREAM_HTTP_REQUEST_PRIORITY_H_
#define LEADGW_UPSTREAM_HTTP_REQUEST_PRIORITY_H_

#include "absl/strings/string_view.h"

namespace leadgw::upstream::http {

enum class RequestPriority {
  // A caller waits on this one call: single-record reads and small writes.
  kInteractive,
  // Streaming walks and large batch writes.
  kBulk,
};

// "interactive" / "bulk", for metric labels.
inline absl::string_view RequestPriorityName(RequestPriority priority) {
  return priority == RequestPriority::kBulk ? "bulk" : "interactive";
}

}  // namespace leadgw::upstream::http

#endif  // LEADGW_UPSTREAM_HTTP_REQUEST_PRIORITY_H_
