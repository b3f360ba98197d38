// Opaque page tokens bound to the query that produced them.
//
// A token carries the backend's own cursor (an upstream paging token, a page number,
// ...) and a fingerprint of the request it belongs to. Reusing a token with a
// different query is INVALID_ARGUMENT instead of silently mixing result sets. The
// fingerprint is a stable hash (FNV-1a 64 over the deterministic serialization of the
// request with page_token and page_size cleared), so tokens stay valid across gateway
// replicas and restarts. Tokens are not secrets and not signed: a forged token can only
// make its caller's own query fail upstream.
#ifndef LEADGW_SERVICE_PAGE_TOKEN_H_
#define LEADGW_SERVICE_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace leadgw::service {

// The fingerprint of `request`; fields named page_token and page_size do not count.
uint64_t QueryFingerprint(const google::protobuf::Message& request);

// A token for `cursor`; an empty cursor (no more pages) gives an empty token.
std::string EncodePageToken(uint64_t fingerprint, absl::string_view cursor);

// The cursor inside `token` (empty token: empty cursor, the first page). INVALID_ARGUMENT
// "page_token: ..." when the token is malformed or belongs to another query.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t fingerprint);

}  // namespace leadgw::service

#endif  // LEADGW_SERVICE_PAGE_TOKEN_H_
