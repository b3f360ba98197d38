#include "backends/hotprofile/company_id_cache.h"

namespace leadgw::backends::hotprofile {

std::optional<std::optional<std::string>> CompanyIdCache::Find(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(name);
  if (it == entries_.end()) return std::nullopt;
  if (clock_() >= it->second.expires) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.id;
}

void CompanyIdCache::Put(const std::string& name, std::optional<std::string> id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_ && !entries_.contains(name)) entries_.clear();
  entries_[name] = Entry{std::move(id), clock_() + ttl_};
}

}  // namespace leadgw::backends::hotprofile
