// Consent across the card system and the lead system (CardConsentPolicy in
// card_sync_service.proto): the opt-outs a card sync reads, pushes and writes back.
//
// A person is one e-mail address here: an opt-out of any lead with the person's address
// (either system) is the person's. Only refusals travel, never an opt-in. Vendor-free: the
// consent fields are the neutral Lead.email_opt_out / phone_opt_out, and the lead system's
// API names for them come from its DescribeLeads (LeadField.neutral_name).
#ifndef LEADGW_CARD_SYNC_CONSENT_H_
#define LEADGW_CARD_SYNC_CONSENT_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "backends/lead_backend.h"
#include "card_sync/card_to_lead.h"
#include "card_sync/link_store.h"
#include "leadgateway/v1/card_sync_service.pb.h"

namespace leadgw::card_sync {

// By e-mail key (PersonKeys::email).
using OptOutsByEmail = absl::flat_hash_map<std::string, OptOuts>;

// The opt-outs of the leads of `connection` (the card system): one paged search per
// consent flag. `calls` counts the searches.
absl::StatusOr<OptOutsByEmail> ReadOptedOutLeads(const backends::CallContext& ctx,
                                                 backends::LeadBackend& backend,
                                                 const std::string& connection, int& calls);

// The opt-outs found on `leads` (the lead system's, as looked up).
OptOutsByEmail OptOutsOfLeads(const std::vector<leadgateway::v1::Lead>& leads);

// The cards of earlier runs whose address opted out, other than `batch`'s: planned again,
// a card pushed before the opt-out is pushed once more with it (its fingerprint changes);
// the others stay unchanged and cost nothing.
std::vector<leadgateway::v1::BusinessCard> LinkedCardsToRecheck(
    const SyncState& state, const OptOutsByEmail& opt_outs,
    const std::vector<leadgateway::v1::BusinessCard>& batch);

// The API names on `connection` (the lead system) of the fields a lookup needs to match a
// person and see their consent: id, e-mail, names, company, phones, the two opt-outs. One
// DescribeLeads, counted in `calls`. Fields the connection does not describe are left out;
// none at all (the default fields) when it does not describe the id.
absl::StatusOr<std::vector<std::string>> LookupFieldsWithConsent(
    const backends::CallContext& ctx, backends::LeadBackend& backend,
    const std::string& connection, int& calls);

// Writes `opt_outs` (of the lead system, for `person`, the lead a run pushes) to the leads
// of `connection` (the card system) with the person's address that lack one of them: one
// search, then one update of those leads unless `dry_run`. Each search and each lead
// updated counts in `calls`. Returns what was (or would be) written, with the results.
absl::StatusOr<std::vector<leadgateway::v1::CardSystemOptOut>> WriteBackOptOuts(
    const backends::CallContext& ctx, backends::LeadBackend& backend,
    const std::string& connection, const leadgateway::v1::Lead& person, const OptOuts& opt_outs,
    bool dry_run, int& calls);

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_CONSENT_H_
