// absl::Status (what backends and validation return) -> grpc::Status (what callers get).
#ifndef LEADGW_SERVICE_STATUS_MAPPING_H_
#define LEADGW_SERVICE_STATUS_MAPPING_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace leadgw::service {

// Keeps the code and message (capped at 2 KiB) and adds a google.rpc.Status in the
// binary details (trailer grpc-status-details-bin) with, when known: ErrorInfo (reason =
// the upstream code such as "606", domain = the backend, or "gateway"), RetryInfo (the
// retry-after hint of quota errors) and BadRequest (the invalid field).
//
// Callers never learn where an upstream lives: URLs, IP addresses, host names and ports
// in the message are replaced by "<upstream>" (common/address_redaction.h), and such a
// message starts with "connection '<connection>': " when `connection` is known, so the
// caller still sees which connection failed and how. Logs keep the original status.
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view connection = {});

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_STATUS_MAPPING_H_
