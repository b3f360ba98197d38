// Opaque, query-bound page tokens and batchSize handling for list endpoints.
#ifndef LEADGW_EMULATORS_MARKETO_PAGING_H_
#define LEADGW_EMULATORS_MARKETO_PAGING_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "emulators/marketo/envelope.h"
#include "emulators/marketo/router.h"

namespace leadgw::emulators::marketo {

inline constexpr size_t kMaxBatchSize = 300;

// A window [begin, end) over `total` ordered records.
struct Page {
  size_t begin = 0;
  size_t end = 0;
  bool more = false;
  std::string next_page_token;  // empty on the last page
};

// A fingerprint of the query (path and parameters other than nextPageToken, batchSize
// and _method), so a token is only valid for the query that produced it.
std::string QueryFingerprint(const RestRequest& req);

// Base32 (RFC 4648, padded) token over fingerprint and offset.
std::string EncodePageToken(absl::string_view fingerprint, size_t offset);
// The offset, or nullopt if the token is malformed or bound to another query.
std::optional<size_t> DecodePageToken(absl::string_view token,
                                      absl::string_view fingerprint);

// Reads batchSize (1..300, default 300) and nextPageToken from `req` and computes the
// page over `total` records. On a bad parameter returns the error reply (1003).
std::optional<Reply> ReadPage(const RestRequest& req, size_t total, Page* page);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_PAGING_H_
