// What a worker needs to know about the write a job carries, whatever its kind: its
// connection and size, how to send a slice of its records through a backend, and whether
// records whose answer was lost may be sent again.
//
// Replay safety (docs/jobs.md). Sending again a record whose first answer was lost (a
// crash, a timeout) is harmless for createOrUpdate and updateOnly upserts, deletes,
// partition moves and updates: the second write finds the first one's result. It is not
// for createOnly and createDuplicate upserts, pushes (each makes an activity) and creates:
// those records are looked up first, and sent again only when the lookup shows they were
// not written.
#ifndef LEADGW_JOBS_JOB_WRITE_H_
#define LEADGW_JOBS_JOB_WRITE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "backends/lead_backend.h"
#include "backends/operation.h"
#include "leadgateway/v1/job_service.pb.h"

namespace leadgw::jobs {

namespace v1 = ::leadgateway::v1;

v1::JobKind KindOf(const v1::JobWrite& write);
// "upsert_leads", ...: the operation's metric label; "unspecified" for an empty write.
absl::string_view KindName(v1::JobKind kind);
backends::Operation OperationOf(v1::JobKind kind);
// The `connection` of the request inside; "" for an empty write.
const std::string& ConnectionOf(const v1::JobWrite& write);
int RecordCountOf(const v1::JobWrite& write);

// Sends the records of `write` at `indexes` (ascending): the same request with only
// those records. The results' indexes are positions in `write`.
absl::StatusOr<v1::WriteResponse> SendRecords(backends::LeadBackend& backend,
                                              const backends::CallContext& context,
                                              const v1::JobWrite& write,
                                              const std::vector<int>& indexes);

// Whether records whose answer was lost may be sent again as they are.
bool ReplayIsSafe(const v1::JobWrite& write);

// Whether a record of an unsafe replay is upstream.
enum class Presence {
  kAbsent,   // the lookup found no such record: sending it again cannot duplicate it
  kPresent,  // a matching record exists: it may be the lost write's
  kUnknown,  // the record has no key to look up by (no email, no name, a mktToken)
};

// Looks the records of `write` at `indexes` up by their natural key (email for leads and
// cards, name for companies); one Presence per index. Only for writes whose replay is not
// safe.
absl::StatusOr<std::vector<Presence>> LookUp(backends::LeadBackend& backend,
                                             const backends::CallContext& context,
                                             const v1::JobWrite& write,
                                             const std::vector<int>& indexes);

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_JOB_WRITE_H_
