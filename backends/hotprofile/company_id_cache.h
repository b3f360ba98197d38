// Client (company) ids by exact client name, as card searches resolve them: HotProfile's
// card answers name the client but not its id, and each lookup is a call of a scarce
// quota (100 per minute). A name is looked up once per `ttl`; a client renamed, created
// or removed meanwhile is seen when its entry expires. "No single client of that name"
// is kept too, so an ambiguous name does not cost a call per page.
//
// Thread-safe. Bounded: when `max_entries` names are held, the next Put starts afresh.
#ifndef LEADGW_BACKENDS_HOTPROFILE_COMPANY_ID_CACHE_H_
#define LEADGW_BACKENDS_HOTPROFILE_COMPANY_ID_CACHE_H_

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace leadgw::backends::hotprofile {

class CompanyIdCache {
 public:
  using Clock = std::function<absl::Time()>;

  CompanyIdCache(absl::Duration ttl, size_t max_entries, Clock clock)
      : ttl_(ttl), max_entries_(max_entries), clock_(std::move(clock)) {}

  // The outer nullopt: not known (look it up); the inner: known to have no single id.
  std::optional<std::optional<std::string>> Find(const std::string& name);
  void Put(const std::string& name, std::optional<std::string> id);

 private:
  struct Entry {
    std::optional<std::string> id;
    absl::Time expires;
  };

  const absl::Duration ttl_;
  const size_t max_entries_;
  const Clock clock_;
  // std::mutex rather than absl::Mutex: visible to ThreadSanitizer (tools/tsan_targets).
  std::mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_;
};

}  // namespace leadgw::backends::hotprofile

#endif  // LEADGW_BACKENDS_HOTPROFILE_COMPANY_ID_CACHE_H_
