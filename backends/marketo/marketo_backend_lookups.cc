// MarketoBackend lookups shared between callers: GetLead by id and first pages of
// QueryLeads on id or email, merged into one get_leads_by_filter call of up to 300 values
// (docs/coalescing.md). Each caller sees only the leads its own values match.
#include <algorithm>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/call_coalescer.h"
#include "backends/common/keyed_serializer.h"
#include "backends/common/text.h"
#include "backends/marketo/marketo_backend.h"
#include "backends/marketo/paging.h"
#include "backends/marketo/requests.h"
#include "backends/marketo/responses.h"
#include "common/status_macros.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

// Upstream calls one shared lookup may make (pages of more than 300 matches).
constexpr int kMaxLookupPages = 50;

// The form in which a lead's field and a caller's value are compared: Marketo matches
// emails without regard to ASCII case; ids are numbers ("0318581" is lead 318581).
std::string Comparable(absl::string_view filter_field, absl::string_view value) {
  if (filter_field == "email") return common::NormalizeLookupValue(value);
  const size_t digits = value.find_first_not_of('0');
  return digits == absl::string_view::npos ? "0" : std::string(value.substr(digits));
}

// Whether FetchLookup asks for the filter field on top of the caller's fields.
bool AddsFilterField(absl::string_view filter_field, const std::vector<std::string>& fields) {
  return !fields.empty() && std::find(fields.begin(), fields.end(), filter_field) == fields.end();
}

absl::string_view FieldOf(const v1::Lead& lead, absl::string_view filter_field) {
  return filter_field == "email" ? absl::string_view(lead.email()) : absl::string_view(lead.id());
}

// A shared lookup's answer: the leads in the upstream's order, and the positions of the
// leads of each value (in Comparable form), so that each caller finds its own without
// comparing every lead.
struct IndexedLeads {
  IndexedLeads(std::vector<v1::Lead> all, absl::string_view filter_field)
      : leads(std::move(all)) {
    for (int i = 0; i < static_cast<int>(leads.size()); ++i) {
      by_value[Comparable(filter_field, FieldOf(leads[i], filter_field))].push_back(i);
    }
  }
  std::vector<v1::Lead> leads;
  absl::flat_hash_map<std::string, std::vector<int>> by_value;
};

}  // namespace

bool MarketoBackend::SharesLookups(absl::string_view filter_field,
                                   absl::Span<const std::string> values) const {
  if (filter_field != "id" && filter_field != "email") return false;
  if (!coalescer_.Coalesces(static_cast<int>(values.size()))) return false;
  // An id that is not a number would change meaning in a comma-separated list.
  return filter_field != "id" || std::all_of(values.begin(), values.end(), common::IsDigits);
}

absl::StatusOr<std::vector<v1::Lead>> MarketoBackend::FetchLookup(const CallContext& ctx,
                                                                  const LeadLookup& lookup) {
  // Routing the leads to their callers needs the filter field in every lead; a caller
  // that did not ask for it does not see it (SharedLookup).
  FieldList fields(lookup.fields.begin(), lookup.fields.end());
  if (AddsFilterField(lookup.filter_field, lookup.fields)) {
    fields.Add(std::string(lookup.filter_field));
  }
  std::vector<v1::Lead> leads;
  std::string token;
  for (int page = 0; page < kMaxLookupPages; ++page) {
    absl::StatusOr<Envelope> envelope = stub_.Call(
        LeadsByFilterCall(lookup.filter_field, lookup.values, fields, kMaxPerCall, token),
        ctx);
    // 702 "No data found": no lead matches.
    if (!envelope.ok() && upstream::UpstreamCode(envelope.status()) == "702") return leads;
    if (!envelope.ok()) return envelope.status();
    LEADGW_ASSIGN_OR_RETURN(std::vector<v1::Lead> found,
                            ParseLeads(*envelope, "get_leads_by_filter"));
    for (v1::Lead& lead : found) leads.push_back(std::move(lead));
    if (!envelope->HasMorePages()) return leads;
    if (envelope->next_page_token == token) {
      return absl::InternalError("marketo get_leads_by_filter: the same page token twice");
    }
    token = envelope->next_page_token;
  }
  return absl::InternalError(absl::StrCat("marketo get_leads_by_filter: more than ",
                                          kMaxLookupPages, " pages for one shared lookup"));
}

absl::StatusOr<std::vector<v1::Lead>> MarketoBackend::SharedLookup(const CallContext& ctx,
                                                                   const LeadLookup& lookup,
                                                                   absl::string_view operation) {
  // Callers asking for the same fields share a call, so that each gets the leads as it
  // would alone.
  std::vector<std::string> fields = lookup.fields;
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  const std::string shape =
      common::MakeSerializationKey({"lookup", lookup.filter_field, absl::StrJoin(fields, ",")});
  using Leads = std::vector<v1::Lead>;
  return common::Coalesced<LeadLookup, IndexedLeads, Leads>(
      coalescer_, shape, operation, ctx, lookup, static_cast<int>(lookup.values.size()), {},
      [](const std::vector<const LeadLookup*>& lookups) {
        LeadLookup merged = *lookups.front();
        std::set<std::string> seen;
        merged.values.clear();
        for (const LeadLookup* one : lookups) {
          for (const std::string& value : one->values) {
            if (seen.insert(Comparable(one->filter_field, value)).second) {
              merged.values.push_back(value);
            }
          }
        }
        return merged;
      },
      [this](const CallContext& shared,
             const LeadLookup& merged) -> absl::StatusOr<IndexedLeads> {
        LEADGW_ASSIGN_OR_RETURN(Leads leads, FetchLookup(shared, merged));
        return IndexedLeads(std::move(leads), merged.filter_field);
      },
      [&lookup](IndexedLeads& answer, int, bool sole) -> absl::StatusOr<Leads> {
        std::set<int> mine;  // positions in the answer: the upstream's order
        for (const std::string& value : lookup.values) {
          auto it = answer.by_value.find(Comparable(lookup.filter_field, value));
          if (it != answer.by_value.end()) mine.insert(it->second.begin(), it->second.end());
        }
        const bool hide_email =
            lookup.filter_field == "email" && AddsFilterField(lookup.filter_field, lookup.fields);
        Leads matching;
        for (int position : mine) {
          // A position occurs once in `mine`, so a sole caller moves each lead once.
          common::TakeOrCopy(answer.leads[position], sole, matching);
          if (hide_email) matching.back().clear_email();
        }
        return matching;
      });
}

}  // namespace leadgw::backends::marketo
