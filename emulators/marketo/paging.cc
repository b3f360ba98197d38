#include "emulators/marketo/paging.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace leadgw::emulators::marketo {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string Base32Encode(absl::string_view in) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  while (out.size() % 8 != 0) out.push_back('=');
  return out;
}

std::optional<std::string> Base32Decode(absl::string_view in) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const char* pos = std::find(kAlphabet, kAlphabet + 32, c);
    if (pos == kAlphabet + 32) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(pos - kAlphabet);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

uint64_t Fnv1a(absl::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string QueryFingerprint(const RestRequest& req) {
  std::string canonical = req.path;
  for (const auto& [key, value] : req.params) {  // multimap: ordered by key
    if (key == "nextPageToken" || key == "batchSize" || key == "_method") continue;
    absl::StrAppend(&canonical, "&", key, "=", value);
  }
  return absl::StrCat(absl::Hex(Fnv1a(canonical), absl::kZeroPad16));
}

std::string EncodePageToken(absl::string_view fingerprint, size_t offset) {
  return Base32Encode(absl::StrCat("mkto1|", fingerprint, "|", offset));
}

std::optional<size_t> DecodePageToken(absl::string_view token,
                                      absl::string_view fingerprint) {
  std::optional<std::string> raw = Base32Decode(token);
  if (!raw.has_value()) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(*raw, '|');
  if (parts.size() != 3 || parts[0] != "mkto1" || parts[1] != fingerprint) {
    return std::nullopt;
  }
  size_t offset = 0;
  if (!absl::SimpleAtoi(parts[2], &offset)) return std::nullopt;
  return offset;
}

std::optional<Reply> ReadPage(const RestRequest& req, size_t total, Page* page) {
  size_t batch = kMaxBatchSize;
  if (req.HasParam("batchSize")) {
    int64_t requested = 0;
    if (!absl::SimpleAtoi(req.Param("batchSize"), &requested) || requested < 1 ||
        requested > static_cast<int64_t>(kMaxBatchSize)) {
      return ErrorReply(req.request_id, "1003",
                        absl::StrCat("Invalid batchSize '", req.Param("batchSize"),
                                     "': must be between 1 and 300"));
    }
    batch = static_cast<size_t>(requested);
  }
  const std::string fingerprint = QueryFingerprint(req);
  size_t offset = 0;
  if (req.HasParam("nextPageToken") && !req.Param("nextPageToken").empty()) {
    std::optional<size_t> decoded = DecodePageToken(req.Param("nextPageToken"), fingerprint);
    if (!decoded.has_value()) {
      return ErrorReply(req.request_id, "1003", "Invalid nextPageToken");
    }
    offset = *decoded;
  }
  page->begin = std::min(offset, total);
  page->end = std::min(page->begin + batch, total);
  page->more = page->end < total;
  page->next_page_token = page->more ? EncodePageToken(fingerprint, page->end) : "";
  return std::nullopt;
}

}  // namespace leadgw::emulators::marketo
