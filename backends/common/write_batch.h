// Batch writes made of one upstream call per record (HotProfile has no batch endpoint):
// results in input order, one rejected record does not stop the others, and a throttled
// or failing upstream is not hammered with the rest of the batch.
#ifndef LEADGW_BACKENDS_COMMON_WRITE_BATCH_H_
#define LEADGW_BACKENDS_COMMON_WRITE_BATCH_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "leadgateway/v1/common.pb.h"

namespace leadgw::backends::common {

// What a failed call means for the records after it.
enum class FailureScope {
  // The upstream rejected this record's content (an upstream answer with code
  // INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS or OUT_OF_RANGE): the
  // next record may well succeed.
  kRecord,
  // Anything else (quota, unavailable, deadline, credentials, transport, malformed answer):
  // the next call would fail alike, or would spend a throttled upstream's patience.
  kBatch,
};

FailureScope ClassifyWriteFailure(const absl::Status& status);

// The reason to report for `status`: code = the upstream code set by UpstreamError ("429"),
// or "gateway.<code>" ("gateway.deadline_exceeded") when no upstream answered; message =
// the status message without UpstreamError's "<backend> <code>: " prefix.
::leadgateway::v1::UpstreamReason ReasonFor(const absl::Status& status);

// Calls write(i) for i = 0 .. count-1 in order and collects one RecordResult per record,
// with `index` set to i. write(i) returns the record's result (CREATED, UPDATED, SKIPPED
// or FAILED as it decided) or the error of its upstream call:
// - kRecord failures: the record is FAILED with ReasonFor(error); the batch goes on.
// - kBatch failures: when it is the first record, the error itself is returned (nothing
//   was written, the caller gets e.g. RESOURCE_EXHAUSTED with its retry hint). Later, the
//   record is FAILED with ReasonFor(error) and every following record FAILED with reason
//   "gateway.not_attempted" without calling write for it.
absl::StatusOr<::leadgateway::v1::WriteResponse> RunSequentialWrites(
    int count, absl::FunctionRef<absl::StatusOr<::leadgateway::v1::RecordResult>(int)> write);

}  // namespace leadgw::backends::common

#endif  // LEADGW_BACKENDS_COMMON_WRITE_BATCH_H_
