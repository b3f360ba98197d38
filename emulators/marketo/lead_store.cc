// Schema and lead operations of LeadStore; memberships are in lead_store_membership.cc.
#include "emulators/marketo/lead_store.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace leadgw::emulators::marketo {

LeadStore::LeadStore(common::NowFunction now)
    : now_(std::move(now)), fields_(StandardLeadFields()) {
  // Every instance has the primary partition, demo data or not.
  partitions_.push_back(Partition{1, "Default", "Initial system lead partition"});
}

const FieldDef* LeadStore::FieldLocked(absl::string_view name) const {
  for (const FieldDef& f : fields_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<FieldDef> LeadStore::Fields() const {
  absl::MutexLock lock(&mu_);
  return fields_;
}

std::optional<FieldDef> LeadStore::Field(absl::string_view name) const {
  absl::MutexLock lock(&mu_);
  const FieldDef* f = FieldLocked(name);
  if (f == nullptr) return std::nullopt;
  return *f;
}

absl::Status LeadStore::AddField(FieldDef field) {
  absl::MutexLock lock(&mu_);
  for (const FieldDef& f : fields_) {
    if (absl::EqualsIgnoreCase(f.name, field.name)) {
      return absl::AlreadyExistsError(absl::StrCat("Field '", field.name, "' already exists"));
    }
    if (absl::EqualsIgnoreCase(f.display_name, field.display_name)) {
      return absl::AlreadyExistsError(
          absl::StrCat("Display name '", field.display_name, "' already exists"));
    }
  }
  field.id = fields_.empty() ? 1 : fields_.back().id + 1;
  fields_.push_back(std::move(field));
  return absl::OkStatus();
}

absl::Status LeadStore::UpdateField(absl::string_view name, const FieldPatch& patch) {
  absl::MutexLock lock(&mu_);
  FieldDef* target = nullptr;
  for (FieldDef& f : fields_) {
    if (f.name == name) target = &f;
  }
  if (target == nullptr) {
    return absl::NotFoundError(absl::StrCat("Field '", name, "' not found"));
  }
  if (patch.display_name.has_value()) {
    for (const FieldDef& f : fields_) {
      if (&f != target && absl::EqualsIgnoreCase(f.display_name, *patch.display_name)) {
        return absl::AlreadyExistsError(
            absl::StrCat("Display name '", *patch.display_name, "' already exists"));
      }
    }
    target->display_name = *patch.display_name;
  }
  if (patch.description.has_value()) target->description = *patch.description;
  if (patch.is_hidden.has_value()) target->is_hidden = *patch.is_hidden;
  if (patch.is_html_encoding_in_email.has_value()) {
    target->is_html_encoding_in_email = *patch.is_html_encoding_in_email;
  }
  if (patch.is_sensitive.has_value()) target->is_sensitive = *patch.is_sensitive;
  return absl::OkStatus();
}

std::optional<Lead> LeadStore::GetLead(int64_t id) const {
  absl::MutexLock lock(&mu_);
  auto it = leads_.find(id);
  if (it == leads_.end()) return std::nullopt;
  return it->second;
}

bool LeadStore::MatchesLocked(const Lead& lead, absl::string_view field,
                              absl::string_view value) const {
  if (field == "id") return absl::StrCat(lead.id) == value;
  if (field == "leadPartitionId") return absl::StrCat(lead.partition_id) == value;
  if (field == "cookies") {
    return std::find(lead.cookies.begin(), lead.cookies.end(), value) != lead.cookies.end();
  }
  auto it = lead.fields.find(std::string(field));
  if (it == lead.fields.end() || it->second.kind == FieldValue::Kind::kNull) return false;
  const std::string text = it->second.AsText();
  const FieldDef* def = FieldLocked(field);
  if (def != nullptr && def->data_type == "email") return absl::EqualsIgnoreCase(text, value);
  return text == value;
}

std::optional<std::set<int64_t>> LeadStore::CandidatesLocked(absl::string_view field,
                                                             absl::string_view value) const {
  if (field == "id") {
    int64_t id = 0;
    std::set<int64_t> found;
    if (absl::SimpleAtoi(value, &id) && leads_.count(id) > 0) found.insert(id);
    return found;
  }
  if (field == "email") {
    auto it = by_email_.find(absl::AsciiStrToLower(value));
    return it == by_email_.end() ? std::set<int64_t>() : it->second;
  }
  return std::nullopt;  // no index: every lead is a candidate
}

std::vector<int64_t> LeadStore::MatchingIdsLocked(absl::string_view field,
                                                  const std::vector<std::string>& values) const {
  std::set<int64_t> ids;
  for (const std::string& value : values) {
    std::optional<std::set<int64_t>> candidates = CandidatesLocked(field, value);
    if (!candidates.has_value()) {
      ids.clear();
      for (const auto& [id, lead] : leads_) {
        for (const std::string& v : values) {
          if (MatchesLocked(lead, field, v)) {
            ids.insert(id);
            break;
          }
        }
      }
      break;
    }
    for (int64_t id : *candidates) {
      if (MatchesLocked(leads_.at(id), field, value)) ids.insert(id);
    }
  }
  return {ids.begin(), ids.end()};
}

void LeadStore::IndexLocked(const Lead& lead, bool add) {
  auto it = lead.fields.find("email");
  if (it == lead.fields.end() || it->second.kind == FieldValue::Kind::kNull) return;
  const std::string email = absl::AsciiStrToLower(it->second.AsText());
  if (add) {
    by_email_[email].insert(lead.id);
    return;
  }
  auto entry = by_email_.find(email);
  if (entry == by_email_.end()) return;
  entry->second.erase(lead.id);
  if (entry->second.empty()) by_email_.erase(entry);
}

std::vector<Lead> LeadStore::FindLeads(absl::string_view field,
                                       const std::vector<std::string>& values) const {
  absl::MutexLock lock(&mu_);
  std::vector<Lead> out;
  for (int64_t id : MatchingIdsLocked(field, values)) out.push_back(leads_.at(id));
  return out;
}

std::vector<int64_t> LeadStore::LookupIds(absl::string_view field,
                                          absl::string_view value) const {
  absl::MutexLock lock(&mu_);
  return MatchingIdsLocked(field, {std::string(value)});
}

int64_t LeadStore::InsertLead(const FieldMap& fields, int partition_id,
                              std::optional<absl::Time> created_at) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  Lead lead;
  lead.id = next_lead_id_++;
  lead.created_at = created_at.value_or(now);
  lead.updated_at = created_at.value_or(now);
  lead.partition_id = partition_id;
  for (const auto& [name, value] : fields) {
    if (value.kind != FieldValue::Kind::kNull) lead.fields[name] = value;
  }
  const int64_t id = lead.id;
  IndexLocked(lead, true);
  leads_.emplace(id, std::move(lead));
  return id;
}

int64_t LeadStore::InsertIfAbsent(absl::string_view field, absl::string_view value,
                                  const FieldMap& fields, int partition_id,
                                  std::vector<int64_t>* existing) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  *existing = MatchingIdsLocked(field, {std::string(value)});
  if (!existing->empty()) return 0;
  Lead lead;
  lead.id = next_lead_id_++;
  lead.created_at = now;
  lead.updated_at = now;
  lead.partition_id = partition_id;
  for (const auto& [name, v] : fields) {
    if (v.kind != FieldValue::Kind::kNull) lead.fields[name] = v;
  }
  const int64_t id = lead.id;
  IndexLocked(lead, true);
  leads_.emplace(id, std::move(lead));
  return id;
}

bool LeadStore::UpdateLead(int64_t id, const FieldMap& fields) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  auto it = leads_.find(id);
  if (it == leads_.end()) return false;
  IndexLocked(it->second, false);
  for (const auto& [name, value] : fields) {
    if (value.kind == FieldValue::Kind::kNull) {
      it->second.fields.erase(name);
    } else {
      it->second.fields[name] = value;
    }
  }
  IndexLocked(it->second, true);
  it->second.updated_at = now;
  return true;
}

bool LeadStore::DeleteLead(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto it = leads_.find(id);
  if (it == leads_.end()) return false;
  IndexLocked(it->second, false);
  leads_.erase(it);
  RemoveMembershipsLocked(id);
  return true;
}

absl::Status LeadStore::MergeLeads(int64_t winner, const std::vector<int64_t>& losers) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  if (leads_.count(winner) == 0) {
    return absl::NotFoundError(absl::StrCat("Lead '", winner, "' not found"));
  }
  for (int64_t loser : losers) {
    if (leads_.count(loser) == 0) {
      return absl::NotFoundError(absl::StrCat("Lead '", loser, "' not found"));
    }
  }
  Lead& w = leads_[winner];
  IndexLocked(w, false);
  for (int64_t loser : losers) {
    if (loser == winner) continue;
    Lead& l = leads_[loser];
    IndexLocked(l, false);
    for (const auto& [name, value] : l.fields) {
      auto it = w.fields.find(name);
      if (it == w.fields.end() || it->second.IsEmpty()) w.fields[name] = value;
    }
    for (const std::string& cookie : l.cookies) {
      if (std::find(w.cookies.begin(), w.cookies.end(), cookie) == w.cookies.end()) {
        w.cookies.push_back(cookie);
      }
    }
    w.created_at = std::min(w.created_at, l.created_at);
    MoveMembershipsLocked(loser, winner);
    for (auto& [token, lead_id] : mkt_tokens_) {
      if (lead_id == loser) lead_id = winner;
    }
    leads_.erase(loser);
  }
  IndexLocked(w, true);
  w.updated_at = now;
  return absl::OkStatus();
}

bool LeadStore::AssociateCookie(int64_t id, const std::string& cookie) {
  absl::MutexLock lock(&mu_);
  auto it = leads_.find(id);
  if (it == leads_.end()) return false;
  for (auto& [other_id, lead] : leads_) {
    lead.cookies.erase(std::remove(lead.cookies.begin(), lead.cookies.end(), cookie),
                       lead.cookies.end());
  }
  it->second.cookies.push_back(cookie);
  return true;
}

bool LeadStore::SetLeadPartition(int64_t id, int partition_id) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  auto it = leads_.find(id);
  if (it == leads_.end()) return false;
  it->second.partition_id = partition_id;
  it->second.updated_at = now;
  return true;
}

void LeadStore::SetMktToken(const std::string& token, int64_t lead_id) {
  absl::MutexLock lock(&mu_);
  mkt_tokens_[token] = lead_id;
}

std::optional<int64_t> LeadStore::LeadForMktToken(const std::string& token) const {
  absl::MutexLock lock(&mu_);
  auto it = mkt_tokens_.find(token);
  if (it == mkt_tokens_.end() || leads_.count(it->second) == 0) return std::nullopt;
  return it->second;
}

size_t LeadStore::CountLeadsWithField(absl::string_view field,
                                      absl::string_view value) const {
  return LookupIds(field, value).size();
}

size_t LeadStore::LeadCount() const {
  absl::MutexLock lock(&mu_);
  return leads_.size();
}

void LeadStore::AddPartition(Partition p) {
  absl::MutexLock lock(&mu_);
  partitions_.push_back(std::move(p));
}

std::vector<Partition> LeadStore::Partitions() const {
  absl::MutexLock lock(&mu_);
  return partitions_;
}

std::optional<Partition> LeadStore::PartitionByName(absl::string_view name) const {
  absl::MutexLock lock(&mu_);
  for (const Partition& p : partitions_) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

void LeadStore::RecordPush(PushActivity push) {
  absl::MutexLock lock(&mu_);
  pushes_.push_back(std::move(push));
}

std::vector<PushActivity> LeadStore::PushesOfLead(int64_t lead_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<PushActivity> of_lead;
  for (const PushActivity& push : pushes_) {
    if (push.lead_id == lead_id) of_lead.push_back(push);
  }
  return of_lead;
}

}  // namespace leadgw::emulators::marketo
