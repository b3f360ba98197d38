// The plan of one card-sync batch: which business cards are one person, which existing
// lead each person is, what to push, and which leads look like duplicates of each other.
// Pure: the caller fetches the cards, the candidate leads and the stored links, and carries
// the plan out (or returns it unchanged as a dry run).
//
// How a batch is planned:
//   1. Cards whose match score (card_matching.h) reaches the threshold are one person
//      (transitively: A~B and B~C put A, B and C together).
//   2. Each person is scored against every candidate lead and every linked card of earlier
//      runs (scoring as that card's lead); a card's own stored link counts as a match of
//      confidence 1 ("linked"). Leads at or above the threshold match.
//   3. No match: CREATE. Matches: UPDATE the best (highest confidence, then lowest id:
//      the oldest lead), and propose merging the others into it.
//   4. UNCHANGED instead when every card of the person is linked to that lead with its
//      current fingerprint (CardFingerprint): a second run pushes nothing.
// The lead pushed is built from the person's cards in the batch and the linked cards of
// earlier runs that match the person and went to the same lead, so that re-reading only
// some of a person's cards never pushes less than was pushed before.
// Leads below the threshold but above 0 (conflicting evidence) are listed as
// `possible_duplicates` for a person to review; they never change the action.
#ifndef LEADGW_CARD_SYNC_SYNC_PLAN_H_
#define LEADGW_CARD_SYNC_SYNC_PLAN_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "card_sync/card_matching.h"
#include "card_sync/card_to_lead.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/lead.pb.h"

namespace leadgw::card_sync {

// What a previous run pushed for one card.
struct CardLink {
  std::string lead_id;
  std::string fingerprint;  // CardFingerprint of the card as pushed
};

struct LeadMatch {
  std::string lead_id;
  MatchScore score;  // basis kLinked when a stored link, not a comparison, found it
};

enum class PersonAction { kCreate, kUpdate, kUnchanged };

struct PersonPlan {
  // Indexes into the batch's cards, ascending.
  std::vector<int> cards;
  PersonAction action = PersonAction::kCreate;
  // The lead to update (empty for kCreate).
  std::string lead_id;
  // Every lead at or above the threshold, best first (the first is lead_id).
  std::vector<LeadMatch> matches;
  // Leads with conflicting evidence, for review only.
  std::vector<LeadMatch> possible_duplicates;
  // What to push (LeadFromCards), where, and the fingerprints of `cards`, in order.
  leadgateway::v1::Lead lead;
  std::string program;
  std::vector<std::string> fingerprints;
  // The opt-outs pushed with the lead (SyncPlanInput::opt_outs_by_email).
  OptOuts opt_outs;
};

// Marketing systems merge at most 25 losing leads into a winner per call.
inline constexpr int kMaxMergeLosers = 25;

struct ProposedMerge {
  std::string winner_id;
  std::vector<std::string> loser_ids;  // 1 to kMaxMergeLosers
  // Index into SyncPlan::persons of the person whose matches these are.
  int person = 0;
};

struct SyncPlan {
  std::vector<PersonPlan> persons;
  std::vector<ProposedMerge> merges;
};

// A card a previous run pushed, and the lead it went to: a new card of the same person
// (say, without an e-mail address) finds that lead through it.
struct LinkedCard {
  leadgateway::v1::BusinessCard card;
  std::string lead_id;
};

struct SyncPlanInput {
  std::vector<leadgateway::v1::BusinessCard> cards;
  std::vector<leadgateway::v1::Lead> candidate_leads;
  // Compared like candidate leads (cards of this batch among them are skipped).
  std::vector<LinkedCard> linked_cards;
  // Stored links by card id.
  absl::flat_hash_map<std::string, CardLink> links;
  // The program a person is pushed to: the rule for the lead source of the person's
  // newest card, or the default. Part of the fingerprint: a new program is a change.
  std::string default_program;
  absl::flat_hash_map<std::string, std::string> programs_by_lead_source;
  // Opt-outs by e-mail key (PersonKeys::email): a person whose address is here is pushed
  // with them, and they are part of the fingerprint, so a new opt-out is a change.
  absl::flat_hash_map<std::string, OptOuts> opt_outs_by_email;
  double threshold = kLinkThreshold;
};

SyncPlan PlanSync(const SyncPlanInput& input);

absl::string_view PersonActionName(PersonAction action);

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_SYNC_PLAN_H_
