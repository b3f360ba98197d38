// The submit phase's loads and its two floors, each a bounded closed loop:
//   SubmitJob of n-record upserts from several clients (what the journal acknowledges),
//   grpc.health.v1 Check from the same clients (a gRPC round trip that writes nothing),
//   a plain 4 KiB append + fdatasync in the journal's directory (one durable write).
#ifndef LEADGW_BENCH_JOBS_SUBMIT_PHASE_H_
#define LEADGW_BENCH_JOBS_SUBMIT_PHASE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/time/time.h"
#include "bench/jobs/job_bench_util.h"
#include "tests/testing/gateway_process.h"

namespace leadgw::bench::job_bench {

struct SubmitResult {
  LatencySample latency;      // of acknowledged submits
  int64_t records_acked = 0;  // records in acknowledged jobs
  absl::Duration measured;    // first send to the last client's return

  double JobsPerSecond() const;
  double RecordsPerSecond() const;
};

// `clients` threads, one channel each, submit jobs of `records_per_job` new leads (emails
// under `prefix`) back to back for `duration`.
SubmitResult RunSubmitters(const testing::GatewayProcess& gateway, int clients, int records_per_job,
                           absl::Duration duration, const std::string& prefix);

// `clients` threads call grpc.health.v1.Health/Check back to back for `duration`.
LatencySample RunHealthChecks(const testing::GatewayProcess& gateway, int clients,
                              absl::Duration duration);

// How the fdatasync floor writes its 4 KiB.
enum class SyncedWrite {
  kAppend,     // at the end of a growing file: the file's size changes with each write
  kOverwrite,  // over a block of a file already 4 MiB long, as a reused SQLite WAL is
};

// Writes 4 KiB to a new file in `dir` and fdatasyncs it, one at a time, for `duration`
// (at most 5,000 writes); the file is removed afterwards.
LatencySample RunFsyncWrites(const std::string& dir, SyncedWrite how, absl::Duration duration);

// Jobs the gateway lists, by state name (all pages, bounded by `bound`); "listed" holds
// the total and "list_errors" the failed pages.
std::map<std::string, int64_t> CountJobsByState(const testing::GatewayProcess& gateway,
                                                absl::Duration bound);

}  // namespace leadgw::bench::job_bench

#endif  // LEADGW_BENCH_JOBS_SUBMIT_PHASE_H_
