// The per-record result file of `leadctl upsert --results=F`: one JSON object per input
// record, in input order, e.g.
//   {"line":12,"status":"created","id":"318622"}
//   {"line":13,"status":"failed","reason":"gateway.invalid_argument: leads[4].email: ..."}
// so that a script can join it back to the input by line number and retry what failed.
#ifndef LEADGW_TOOLS_LEADCTL_RECORD_FILE_H_
#define LEADGW_TOOLS_LEADCTL_RECORD_FILE_H_

#include <string>

#include "leadgateway/v1/common.pb.h"

namespace leadgw::leadctl {

// What became of one input record.
struct RecordOutcome {
  int line = 0;  // where the record starts in the input file
  // created, updated, deleted, skipped, failed or outcome_unknown (RecordStatus without
  // its prefix, lower case).
  std::string status;
  std::string id;      // the upstream id, when known
  std::string reason;  // "code: message; ..." when not written
};

// The outcome of a RecordResult the gateway answered for the record at `line`.
RecordOutcome OutcomeFromResult(int line, const leadgateway::v1::RecordResult& result);

// A record that was not written for a reason leadctl or the gateway gave as a whole:
// status "failed" with `reason`.
RecordOutcome FailedOutcome(int line, std::string reason);

// True for the statuses that count as written (created, updated, deleted).
bool IsWritten(const RecordOutcome& outcome);

// The outcome as one line of JSON, without the newline.
std::string OutcomeJsonLine(const RecordOutcome& outcome);

}  // namespace leadgw::leadctl

#endif  // LEADGW_TOOLS_LEADCTL_RECORD_FILE_H_
