// A conformance suite every JobJournal implementation runs: the contract of journal.h
// written once as tests, so both stores are held to the same behaviour.
//
// An implementation's test instantiates it with a factory that returns a fresh, empty
// journal each time it is called (one call per test case, the journal destroyed after it):
//
//   std::unique_ptr<JobJournal> OpenFreshJournal();  // a new file, a flushed Redis, ...
//   INSTANTIATE_TEST_SUITE_P(Sqlite, JobJournalConformanceTest,
//                            ::testing::Values(JournalFactory{"sqlite", OpenFreshJournal}),
//                            JournalFactoryName);
//
// inside `namespace leadgw::jobs` (or with the names qualified). A factory that cannot
// build its journal calls ADD_FAILURE() and returns nullptr; the case then fails. The
// suite never reads a clock and never sleeps: every `now` is TestEpoch() plus an offset,
// so a journal must take time only from its arguments. One case runs 8 threads against
// one journal.
#ifndef LEADGW_JOBS_JOURNAL_CONFORMANCE_H_
#define LEADGW_JOBS_JOURNAL_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "gtest/gtest.h"
#include "jobs/journal.h"

namespace leadgw::jobs {

struct JournalFactory {
  std::string name;  // the case name suffix: letters, digits and '_' only
  std::function<std::unique_ptr<JobJournal>()> make;
};

// For INSTANTIATE_TEST_SUITE_P's name generator: the factory's name.
std::string JournalFactoryName(const ::testing::TestParamInfo<JournalFactory>& info);
// So gtest prints the factory's name instead of its bytes.
void PrintTo(const JournalFactory& factory, std::ostream* out);

// The fixed instant the suite's times are offsets from (2027-01-15).
absl::Time TestEpoch();
google::protobuf::Timestamp ToProtoTime(absl::Time time);

// A request of `record_count` leads on `connection`, with `digest` as its fingerprint.
JobRequest TestJobRequest(absl::string_view connection, absl::string_view digest,
                          int record_count = 3);
// A job as SubmitJob hands it to Create: id NewJobId(create_time) (so ids sort by
// create_time; equal times sort at random), state QUEUED, next_attempt_time = create_time,
// deliver_by a day later.
JobProgress TestJobProgress(absl::Time create_time, absl::string_view connection = "conn-a",
                            absl::string_view idempotency_key = "", int record_count = 3);
// `progress` as a worker saves it: in `state`, due again at `next_attempt_time`, with
// `records_done` results; final states also get an expire_time of `expire_time`.
JobProgress TestWorkerProgress(JobProgress progress, JobState state, absl::Time next_attempt_time,
                               int records_done = 0,
                               absl::Time expire_time = absl::InfiniteFuture());

class JobJournalConformanceTest : public ::testing::TestWithParam<JournalFactory> {
 protected:
  void SetUp() override;

  // Creates a TestJobProgress job (expecting Create to store it) and returns it.
  JobProgress CreateJob(absl::Time create_time, absl::string_view connection = "conn-a",
                        absl::string_view idempotency_key = "", int record_count = 3);
  // Acquires with a one-hour lease, expecting `job_id` to be the job acquired.
  Lease AcquireExpecting(absl::string_view job_id, absl::Time now);
  // The ids of the page, in order.
  static std::vector<std::string> Ids(const JobPage& page);

  std::unique_ptr<JobJournal> journal_;
};

}  // namespace leadgw::jobs

#endif  // LEADGW_JOBS_JOURNAL_CONFORMANCE_H_
