// The emulator's in-memory Lead Database: leads, field schema, partitions, static lists,
// programs, smart campaigns and forms.
#ifndef LEADGW_EMULATORS_MARKETO_LEAD_STORE_H_
#define LEADGW_EMULATORS_MARKETO_LEAD_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "emulators/common/rolling_window_limiter.h"
#include "emulators/marketo/field_schema.h"
#include "emulators/marketo/field_value.h"

namespace leadgw::emulators::marketo {

using FieldMap = std::map<std::string, FieldValue>;

struct Lead {
  int64_t id = 0;
  absl::Time created_at;
  absl::Time updated_at;
  int partition_id = 1;
  FieldMap fields;  // writable fields only; id/createdAt/updatedAt/leadPartitionId above
  std::vector<std::string> cookies;
};

struct Partition {
  int id = 0;
  std::string name;
  std::string description;
};

struct ProgramMember {
  int64_t membership_id = 0;
  std::string progression_status;
  std::string progression_status_type;
  bool acquired_by = false;
  bool reached_success = false;
  bool is_exhausted = false;
  absl::Time membership_date;
  absl::Time updated_at;
  std::string stream;           // engagement programs only
  std::string nurture_cadence;  // engagement programs only
};

struct Program {
  int id = 0;
  std::string name;
  bool engagement = false;
  std::map<int64_t, ProgramMember> members;
};

// Membership of a lead in a static list or smart campaign.
struct MemberDates {
  absl::Time created_at;
  absl::Time updated_at;
};

struct StaticList {
  int id = 0;
  std::string name;
  std::map<int64_t, MemberDates> members;
};

struct SmartCampaign {
  int id = 0;
  std::string name;
  std::map<int64_t, MemberDates> members;
};

struct Form {
  int id = 0;
  std::string name;
  std::set<std::string> fields;  // REST names accepted in leadFormFields
  int partition_id = 1;
};

// A lead's membership in one program, for programMembership.json.
struct ProgramMembershipView {
  int program_id = 0;
  bool engagement = false;
  ProgramMember member;
};

// Thread-safe: every method locks one mutex; results are copies. Lookups compare the
// text form of values, case-insensitively for email fields.
// A "Push Lead to Marketo" activity: what triggers that listen for pushes see.
struct PushActivity {
  int64_t lead_id = 0;
  int program_id = 0;
  std::string source;
  std::string reason;
};

class LeadStore {
 public:
  explicit LeadStore(common::NowFunction now = common::RealClock());
  LeadStore(const LeadStore&) = delete;
  LeadStore& operator=(const LeadStore&) = delete;

  // --- Schema ---
  std::vector<FieldDef> Fields() const;
  std::optional<FieldDef> Field(absl::string_view name) const;
  // ALREADY_EXISTS when the name (case-insensitive) or display name is taken.
  absl::Status AddField(FieldDef field);
  // Applies the non-null members of `patch` (display name, description, flags) to
  // `name`. NOT_FOUND for an unknown field, ALREADY_EXISTS for a taken display name.
  struct FieldPatch {
    std::optional<std::string> display_name, description;
    std::optional<bool> is_hidden, is_html_encoding_in_email, is_sensitive;
  };
  absl::Status UpdateField(absl::string_view name, const FieldPatch& patch);

  // --- Leads ---
  std::optional<Lead> GetLead(int64_t id) const;
  // Leads whose `field` equals one of `values` (id, cookies and leadPartitionId
  // included), ordered by id.
  std::vector<Lead> FindLeads(absl::string_view field,
                              const std::vector<std::string>& values) const;
  // Ids of leads whose `field` equals `value`, ordered.
  std::vector<int64_t> LookupIds(absl::string_view field, absl::string_view value) const;
  // Creates a lead; `created_at` defaults to now. Returns its id.
  int64_t InsertLead(const FieldMap& fields, int partition_id,
                     std::optional<absl::Time> created_at = std::nullopt);
  // Creates the lead only if no lead has `field` == `value` (atomically, the way
  // createOnly behaves). Returns the new id, or 0 with `existing` filled.
  int64_t InsertIfAbsent(absl::string_view field, absl::string_view value,
                         const FieldMap& fields, int partition_id,
                         std::vector<int64_t>* existing);
  // Overwrites the given fields (a null value clears one). False if the lead is gone.
  bool UpdateLead(int64_t id, const FieldMap& fields);
  // Removes the lead and its memberships. False if it did not exist.
  bool DeleteLead(int64_t id);
  // Merges `losers` into `winner` (winner keeps non-empty values, empty ones are filled
  // from losers in order; memberships and cookies move), then deletes the losers.
  // NOT_FOUND naming the first unknown id; nothing changes then.
  absl::Status MergeLeads(int64_t winner, const std::vector<int64_t>& losers);
  // Associates a Munchkin cookie with the lead (moving it from any other lead).
  bool AssociateCookie(int64_t id, const std::string& cookie);
  bool SetLeadPartition(int64_t id, int partition_id);
  void SetMktToken(const std::string& token, int64_t lead_id);
  std::optional<int64_t> LeadForMktToken(const std::string& token) const;
  size_t CountLeadsWithField(absl::string_view field, absl::string_view value) const;
  size_t LeadCount() const;

  // --- Partitions, lists, programs, campaigns, forms ---
  void AddPartition(Partition p);
  std::vector<Partition> Partitions() const;
  std::optional<Partition> PartitionByName(absl::string_view name) const;
  void AddList(StaticList list);
  void AddProgram(Program program);
  void AddSmartCampaign(SmartCampaign campaign);
  void AddForm(Form form);
  std::optional<Form> GetForm(int id) const;
  std::optional<Program> ProgramByName(absl::string_view name) const;
  bool HasProgram(int id) const;
  bool IsEngagementProgram(int id) const;

  // Lead ids in the list, ordered; nullopt for an unknown list.
  std::optional<std::vector<int64_t>> ListMembers(int list_id) const;
  // Returns false for an unknown list or lead.
  bool AddToList(int list_id, int64_t lead_id);
  bool RemoveFromList(int list_id, int64_t lead_id);
  bool HasList(int list_id) const;
  // (list id, dates) of the lead's lists, ordered by list id.
  std::vector<std::pair<int, MemberDates>> ListsOfLead(int64_t lead_id) const;
  // Members of the program, ordered by lead id; nullopt for an unknown program.
  std::optional<std::vector<std::pair<Lead, ProgramMember>>> ProgramMembers(
      int program_id) const;
  std::vector<ProgramMembershipView> ProgramsOfLead(int64_t lead_id) const;
  // Adds the lead to the program (or updates its status when `status` is non-empty).
  bool UpsertProgramMember(int program_id, int64_t lead_id, const std::string& status);
  bool AddToSmartCampaign(int campaign_id, int64_t lead_id);
  std::vector<std::pair<int, MemberDates>> SmartCampaignsOfLead(int64_t lead_id) const;
  // Push Lead's activity log (source and reason of each pushed lead), oldest first.
  void RecordPush(PushActivity push);
  std::vector<PushActivity> PushesOfLead(int64_t lead_id) const;

 private:
  const FieldDef* FieldLocked(absl::string_view name) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool MatchesLocked(const Lead& lead, absl::string_view field,
                     absl::string_view value) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ids (ordered) of leads whose `field` matches one of `values`; by the indexes for id
  // and email, else by a scan.
  std::vector<int64_t> MatchingIdsLocked(absl::string_view field,
                                         const std::vector<std::string>& values) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The leads an index says may match (exactly those for id; email case folded), or
  // nullopt when `field` has no index.
  std::optional<std::set<int64_t>> CandidatesLocked(absl::string_view field,
                                                    absl::string_view value) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Adds `lead` to (or removes it from) the email index; around every change of its fields.
  void IndexLocked(const Lead& lead, bool add) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RemoveMembershipsLocked(int64_t id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MoveMembershipsLocked(int64_t from, int64_t to) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const common::NowFunction now_;
  mutable absl::Mutex mu_;
  std::vector<FieldDef> fields_ ABSL_GUARDED_BY(mu_);
  std::map<int64_t, Lead> leads_ ABSL_GUARDED_BY(mu_);
  // Lower-cased email -> ids: lookups by email stay fast with many leads (bench/coalescing
  // writes tens of thousands), as they are upstream.
  std::map<std::string, std::set<int64_t>> by_email_ ABSL_GUARDED_BY(mu_);
  int64_t next_lead_id_ ABSL_GUARDED_BY(mu_) = 318581;
  int64_t next_membership_id_ ABSL_GUARDED_BY(mu_) = 1001;
  std::map<std::string, int64_t> mkt_tokens_ ABSL_GUARDED_BY(mu_);
  std::vector<Partition> partitions_ ABSL_GUARDED_BY(mu_);
  std::map<int, StaticList> lists_ ABSL_GUARDED_BY(mu_);
  std::map<int, Program> programs_ ABSL_GUARDED_BY(mu_);
  std::map<int, SmartCampaign> campaigns_ ABSL_GUARDED_BY(mu_);
  std::map<int, Form> forms_ ABSL_GUARDED_BY(mu_);
  std::vector<PushActivity> pushes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_LEAD_STORE_H_
