// Static list, program, smart campaign and form operations of LeadStore.
#include <utility>

#include "emulators/marketo/lead_store.h"

namespace leadgw::emulators::marketo {

void LeadStore::RemoveMembershipsLocked(int64_t id) {
  for (auto& [list_id, list] : lists_) list.members.erase(id);
  for (auto& [program_id, program] : programs_) program.members.erase(id);
  for (auto& [campaign_id, campaign] : campaigns_) campaign.members.erase(id);
  for (auto it = mkt_tokens_.begin(); it != mkt_tokens_.end();) {
    it = it->second == id ? mkt_tokens_.erase(it) : std::next(it);
  }
}

void LeadStore::MoveMembershipsLocked(int64_t from, int64_t to) {
  for (auto& [list_id, list] : lists_) {
    auto it = list.members.find(from);
    if (it != list.members.end()) {
      list.members.emplace(to, it->second);  // keeps the winner's own entry if present
      list.members.erase(it);
    }
  }
  for (auto& [program_id, program] : programs_) {
    auto it = program.members.find(from);
    if (it != program.members.end()) {
      program.members.emplace(to, it->second);
      program.members.erase(it);
    }
  }
  for (auto& [campaign_id, campaign] : campaigns_) {
    auto it = campaign.members.find(from);
    if (it != campaign.members.end()) {
      campaign.members.emplace(to, it->second);
      campaign.members.erase(it);
    }
  }
}

void LeadStore::AddList(StaticList list) {
  absl::MutexLock lock(&mu_);
  const int id = list.id;
  lists_[id] = std::move(list);
}

void LeadStore::AddProgram(Program program) {
  absl::MutexLock lock(&mu_);
  const int id = program.id;
  programs_[id] = std::move(program);
}

void LeadStore::AddSmartCampaign(SmartCampaign campaign) {
  absl::MutexLock lock(&mu_);
  const int id = campaign.id;
  campaigns_[id] = std::move(campaign);
}

void LeadStore::AddForm(Form form) {
  absl::MutexLock lock(&mu_);
  const int id = form.id;
  forms_[id] = std::move(form);
}

std::optional<Form> LeadStore::GetForm(int id) const {
  absl::MutexLock lock(&mu_);
  auto it = forms_.find(id);
  if (it == forms_.end()) return std::nullopt;
  return it->second;
}

std::optional<Program> LeadStore::ProgramByName(absl::string_view name) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [id, program] : programs_) {
    if (program.name == name) return program;
  }
  return std::nullopt;
}

bool LeadStore::HasProgram(int id) const {
  absl::MutexLock lock(&mu_);
  return programs_.count(id) > 0;
}

bool LeadStore::IsEngagementProgram(int id) const {
  absl::MutexLock lock(&mu_);
  auto it = programs_.find(id);
  return it != programs_.end() && it->second.engagement;
}

std::optional<std::vector<int64_t>> LeadStore::ListMembers(int list_id) const {
  absl::MutexLock lock(&mu_);
  auto it = lists_.find(list_id);
  if (it == lists_.end()) return std::nullopt;
  std::vector<int64_t> ids;
  for (const auto& [lead_id, dates] : it->second.members) ids.push_back(lead_id);
  return ids;
}

bool LeadStore::AddToList(int list_id, int64_t lead_id) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  auto it = lists_.find(list_id);
  if (it == lists_.end() || leads_.count(lead_id) == 0) return false;
  auto [member, inserted] = it->second.members.emplace(lead_id, MemberDates{now, now});
  if (!inserted) member->second.updated_at = now;
  return true;
}

bool LeadStore::RemoveFromList(int list_id, int64_t lead_id) {
  absl::MutexLock lock(&mu_);
  auto it = lists_.find(list_id);
  if (it == lists_.end()) return false;
  return it->second.members.erase(lead_id) > 0;
}

bool LeadStore::HasList(int list_id) const {
  absl::MutexLock lock(&mu_);
  return lists_.count(list_id) > 0;
}

std::vector<std::pair<int, MemberDates>> LeadStore::ListsOfLead(int64_t lead_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<int, MemberDates>> out;
  for (const auto& [list_id, list] : lists_) {
    auto it = list.members.find(lead_id);
    if (it != list.members.end()) out.emplace_back(list_id, it->second);
  }
  return out;
}

std::optional<std::vector<std::pair<Lead, ProgramMember>>> LeadStore::ProgramMembers(
    int program_id) const {
  absl::MutexLock lock(&mu_);
  auto it = programs_.find(program_id);
  if (it == programs_.end()) return std::nullopt;
  std::vector<std::pair<Lead, ProgramMember>> out;
  for (const auto& [lead_id, member] : it->second.members) {
    auto lead = leads_.find(lead_id);
    if (lead != leads_.end()) out.emplace_back(lead->second, member);
  }
  return out;
}

std::vector<ProgramMembershipView> LeadStore::ProgramsOfLead(int64_t lead_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<ProgramMembershipView> out;
  for (const auto& [program_id, program] : programs_) {
    auto it = program.members.find(lead_id);
    if (it != program.members.end()) {
      out.push_back(ProgramMembershipView{program_id, program.engagement, it->second});
    }
  }
  return out;
}

bool LeadStore::UpsertProgramMember(int program_id, int64_t lead_id,
                                    const std::string& status) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  auto it = programs_.find(program_id);
  if (it == programs_.end() || leads_.count(lead_id) == 0) return false;
  auto member = it->second.members.find(lead_id);
  if (member == it->second.members.end()) {
    ProgramMember m;
    m.membership_id = next_membership_id_++;
    m.progression_status = status.empty() ? "Member" : status;
    m.progression_status_type = m.progression_status;
    m.membership_date = now;
    m.updated_at = now;
    if (it->second.engagement) {
      m.stream = "Default Stream";
      m.nurture_cadence = "paused";
    }
    it->second.members.emplace(lead_id, std::move(m));
  } else if (!status.empty()) {
    member->second.progression_status = status;
    member->second.progression_status_type = status;
    member->second.updated_at = now;
  }
  return true;
}

bool LeadStore::AddToSmartCampaign(int campaign_id, int64_t lead_id) {
  const absl::Time now = now_();
  absl::MutexLock lock(&mu_);
  auto it = campaigns_.find(campaign_id);
  if (it == campaigns_.end() || leads_.count(lead_id) == 0) return false;
  auto [member, inserted] = it->second.members.emplace(lead_id, MemberDates{now, now});
  if (!inserted) member->second.updated_at = now;
  return true;
}

std::vector<std::pair<int, MemberDates>> LeadStore::SmartCampaignsOfLead(
    int64_t lead_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<int, MemberDates>> out;
  for (const auto& [campaign_id, campaign] : campaigns_) {
    auto it = campaign.members.find(lead_id);
    if (it != campaign.members.end()) out.emplace_back(campaign_id, it->second);
  }
  return out;
}

}  // namespace leadgw::emulators::marketo
