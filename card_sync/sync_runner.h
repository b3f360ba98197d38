// One run of a card sync (CardSyncService.SyncCardsToLeads): reads the cards changed since
// the stored cursor from the card backend, plans them (sync_plan.h), pushes each person
// to the lead backend, and stores links and cursor (link_store.h). Streams what it does.
//
// Lead-system calls, in order: one e-mail lookup per 300 addresses of the people that are
// not unchanged (people whose every card is linked with the same fingerprint need none:
// a second run calls nothing), then Push Lead (looked up by e-mail) in chunks of at most
// 300 people per program. Links are stored after each chunk; at the end, the cursor (the
// newest card read) and the cards of people whose push failed, which the next run takes
// again (a person refused until a merge never stops the cursor).
//
// Consent (settings.consent): the card system's opted-out leads are read first (a paged
// search per flag) and go with the pushes; people linked earlier whose address opted out
// since are planned again. Both ways, the lookup also asks for the lead system's consent
// fields (one DescribeLeads for their names), and its opt-outs are written to the card
// system's leads with the person's address before the pushes (consent.h).
//
// Candidates are the leads the e-mail lookup finds and the cards of earlier runs (so a
// card without an address still finds its person's lead). Lead systems cannot search by
// name or phone in general, so a lead known only by name is not found (it may then be
// proposed for merging once the person's pushed lead exists).
#ifndef LEADGW_CARD_SYNC_SYNC_RUNNER_H_
#define LEADGW_CARD_SYNC_SYNC_RUNNER_H_

#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "backends/lead_backend.h"
#include "card_sync/link_store.h"
#include "leadgateway/v1/card_sync_service.pb.h"

namespace leadgw::card_sync {

struct SyncRunSettings {
  std::string card_connection;
  std::string lead_connection;
  bool dry_run = false;
  std::string default_program;
  absl::flat_hash_map<std::string, std::string> programs_by_lead_source;
  std::string source = "business card";
  std::string reason;  // Push Lead `reason`; empty: "card sync <sync name>"
  int max_cards = 1000;
  // The lead connection's pace (window / calls_per_window): the quota time of one call.
  absl::Duration lead_call_spacing = absl::Milliseconds(200);
  // Push chunk size: the lead system's ceiling per call.
  int push_chunk = 300;
  // How opt-outs travel (card_sync_service.proto; consent.h).
  leadgateway::v1::CardConsentPolicy consent = leadgateway::v1::CARD_CONSENT_TO_LEADS;
};

// Receives each progress message; false when the caller has gone (the run stops at its
// next boundary with CANCELLED).
using ProgressSink = std::function<bool(const leadgateway::v1::SyncCardsProgress&)>;

// Runs one sync. Errors: the backends' and the store's; CANCELLED when the sink refused a
// message or the call's cancellation fired. Pushed people stay pushed and linked.
absl::Status RunCardSync(const backends::CallContext& ctx, backends::LeadBackend& cards,
                         backends::LeadBackend& leads, LinkStore& store,
                         const SyncRunSettings& settings, const ProgressSink& sink);

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_SYNC_RUNNER_H_
