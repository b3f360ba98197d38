// The bytes of a StoredResult, for idempotency records other processes read (the fleet's
// Redis, upstream/coord/idempotency_records.h): the status as a google.rpc.Status (code,
// message, each payload as an Any of its type URL and bytes) and the response bytes, each
// framed with a varint length prefix after a format version.
#ifndef LEADGW_SERVICE_IDEMPOTENCY_STORED_RESULT_CODEC_H_
#define LEADGW_SERVICE_IDEMPOTENCY_STORED_RESULT_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/idempotency/idempotency_cache.h"

namespace leadgw::service::idempotency {

// Every part of `result` is kept; an OK status carries no message or payloads.
std::string EncodeStoredResult(const StoredResult& result);

// The inverse of EncodeStoredResult(). DATA_LOSS for bytes it did not write (truncated,
// another format version, an unknown status code, trailing bytes).
absl::StatusOr<StoredResult> DecodeStoredResult(absl::string_view bytes);

}  // namespace leadgw::service::idempotency

#endif  // LEADGW_SERVICE_IDEMPOTENCY_STORED_RESULT_CODEC_H_
