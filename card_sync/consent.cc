#include "card_sync/consent.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "card_sync/person_keys.h"
#include "card_sync/sync_inputs.h"
#include "common/status_macros.h"

namespace leadgw::card_sync {
namespace {

namespace v1 = ::leadgateway::v1;

// Pages of opted-out leads one run reads per flag (at the card system's 100 per page).
constexpr int kMaxOptOutPages = 1000;
// The neutral fields a lookup asks for (LookupFieldsWithConsent); "id" first, since a
// lead system answers only the fields asked for once any are.
constexpr const char* kLookupNeutralFields[] = {
    "id", "email", "first_name", "last_name", "company", "phone", "mobile_phone",
    "email_opt_out", "phone_opt_out",
};

struct ConsentFlag {
  const char* neutral;  // filter field of the card system's lead search
  OptOuts opt_out;
};
constexpr ConsentFlag kConsentFlags[] = {
    {"email_opt_out", {true, false}},
    {"phone_opt_out", {false, true}},
};

OptOuts OptOutsOfLead(const v1::Lead& lead) {
  return {lead.email_opt_out(), lead.phone_opt_out()};
}

}  // namespace

absl::StatusOr<OptOutsByEmail> ReadOptedOutLeads(const backends::CallContext& ctx,
                                                 backends::LeadBackend& backend,
                                                 const std::string& connection, int& calls) {
  OptOutsByEmail opt_outs;
  for (const ConsentFlag& flag : kConsentFlags) {
    v1::QueryLeadsRequest request;
    request.set_connection(connection);
    request.set_filter_field(flag.neutral);
    request.add_filter_values("1");
    request.set_page_size(100);
    for (int page = 0; page < kMaxOptOutPages; ++page) {
      if (ctx.cancellation.cancelled()) return SyncCancelled();
      ++calls;
      LEADGW_ASSIGN_OR_RETURN(v1::QueryLeadsResponse answer, backend.QueryLeads(ctx, request));
      for (const v1::Lead& lead : answer.leads()) {
        // The flag is checked again: a search for a flag is the card system's to honour.
        const OptOuts found = OptOutsOfLead(lead);
        if (!found.any()) continue;
        std::string key = KeysOfLead(lead).email;
        if (!key.empty()) opt_outs[std::move(key)] |= found;
      }
      if (answer.next_page_token().empty()) break;
      if (page + 1 == kMaxOptOutPages) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "more than ", kMaxOptOutPages, " pages of leads with ", flag.neutral,
            " on connection ", connection, ": the card sync reads them all on every run"));
      }
      request.set_page_token(answer.next_page_token());
    }
  }
  return opt_outs;
}

OptOutsByEmail OptOutsOfLeads(const std::vector<v1::Lead>& leads) {
  OptOutsByEmail opt_outs;
  for (const v1::Lead& lead : leads) {
    const OptOuts found = OptOutsOfLead(lead);
    if (!found.any()) continue;
    std::string key = KeysOfLead(lead).email;
    if (!key.empty()) opt_outs[std::move(key)] |= found;
  }
  return opt_outs;
}

std::vector<v1::BusinessCard> LinkedCardsToRecheck(const SyncState& state,
                                                   const OptOutsByEmail& opt_outs,
                                                   const std::vector<v1::BusinessCard>& batch) {
  std::vector<v1::BusinessCard> recheck;
  if (opt_outs.empty()) return recheck;
  absl::flat_hash_set<std::string> in_batch;
  for (const v1::BusinessCard& card : batch) in_batch.insert(card.id());
  for (const auto& [card_id, record] : state.links) {
    if (in_batch.contains(card_id)) continue;
    if (opt_outs.contains(KeysOfCard(record.card()).email)) recheck.push_back(record.card());
  }
  return recheck;
}

absl::StatusOr<std::vector<std::string>> LookupFieldsWithConsent(
    const backends::CallContext& ctx, backends::LeadBackend& backend,
    const std::string& connection, int& calls) {
  v1::DescribeLeadsRequest request;
  request.set_connection(connection);
  ++calls;
  LEADGW_ASSIGN_OR_RETURN(v1::DescribeLeadsResponse described,
                          backend.DescribeLeads(ctx, request));
  std::vector<std::string> fields;
  for (const char* neutral : kLookupNeutralFields) {
    for (const v1::LeadField& field : described.fields()) {
      if (field.neutral_name() == neutral) {
        fields.push_back(field.name());
        break;
      }
    }
    // Without the id, the leads found could not be told apart: the default fields then
    // (they include it), and the lead system's consent stays unknown to the run.
    if (fields.empty()) return fields;
  }
  return fields;
}

absl::StatusOr<std::vector<v1::CardSystemOptOut>> WriteBackOptOuts(
    const backends::CallContext& ctx, backends::LeadBackend& backend,
    const std::string& connection, const v1::Lead& person, const OptOuts& opt_outs,
    bool dry_run, int& calls) {
  const std::string key = KeysOfLead(person).email;
  std::vector<v1::CardSystemOptOut> written;
  if (key.empty() || !opt_outs.any()) return written;
  v1::QueryLeadsRequest search;
  search.set_connection(connection);
  search.set_filter_field("email");
  search.add_filter_values(person.email());
  ++calls;
  // One page: a person has a handful of leads with one address, not a hundred.
  search.set_page_size(100);
  LEADGW_ASSIGN_OR_RETURN(v1::QueryLeadsResponse found, backend.QueryLeads(ctx, search));

  v1::UpsertLeadsRequest update;
  update.set_connection(connection);
  update.set_action(v1::UPSERT_ACTION_UPDATE_ONLY);
  update.set_lookup_field("id");
  for (const v1::Lead& lead : found.leads()) {
    // The card system's e-mail search may match part of an address.
    if (KeysOfLead(lead).email != key) continue;
    const OptOuts missing = opt_outs.Without(OptOutsOfLead(lead));
    if (!missing.any()) continue;
    v1::CardSystemOptOut& out = written.emplace_back();
    out.set_lead_id(lead.id());
    out.set_email_opt_out(missing.email);
    out.set_phone_opt_out(missing.phone);
    v1::Lead& change = *update.add_leads();
    change.set_id(lead.id());
    // Card systems that tie a lead to a company need it on every update.
    if (lead.has_company_id()) change.set_company_id(lead.company_id());
    ApplyOptOuts(missing, change);
  }
  if (written.empty()) return written;
  calls += update.leads_size();
  if (dry_run) return written;
  if (ctx.cancellation.cancelled()) return SyncCancelled();
  LEADGW_ASSIGN_OR_RETURN(v1::WriteResponse response, backend.UpsertLeads(ctx, update));
  if (response.results_size() != static_cast<int>(written.size())) {
    return absl::InternalError("the card backend answered an update with the wrong result count");
  }
  for (size_t i = 0; i < written.size(); ++i) {
    *written[i].mutable_result() = response.results(static_cast<int>(i));
  }
  return written;
}

}  // namespace leadgw::card_sync
