// The lead a person's business cards describe: what a card sync pushes to the marketing
// system.
//
// The newest card wins (by updated_at, then by id), and older cards of the same person
// fill the fields it leaves empty, so a phone written on last year's card is not lost
// because this year's card omits it. Only fields every lead backend stores as standard
// fields are set: readings (kana) and card-only fields (notes, owner, exchange date) are
// not, because a lead backend without them refuses them. E-mail addresses and phone
// numbers are width-folded (see NormaliseContacts in the .cc).
#ifndef LEADGW_CARD_SYNC_CARD_TO_LEAD_H_
#define LEADGW_CARD_SYNC_CARD_TO_LEAD_H_

#include <string>
#include <vector>

#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/lead.pb.h"

namespace leadgw::card_sync {

// True when `a` is newer than `b`: later updated_at, or the same time and a larger id.
bool NewerCard(const leadgateway::v1::BusinessCard& a, const leadgateway::v1::BusinessCard& b);

// The lead of `cards` (one person's cards, in any order; at least one).
leadgateway::v1::Lead LeadFromCards(
    const std::vector<const leadgateway::v1::BusinessCard*>& cards);

// The consent refusals pushed with a person's lead (the card carries none: they come from
// the card system's leads, or the lead system's, under the sync's consent policy).
struct OptOuts {
  bool email = false;
  bool phone = false;

  bool any() const { return email || phone; }
  // The refusals of this that `other` lacks.
  OptOuts Without(const OptOuts& other) const {
    return {email && !other.email, phone && !other.phone};
  }
  OptOuts& operator|=(const OptOuts& other) {
    email = email || other.email;
    phone = phone || other.phone;
    return *this;
  }
};

// Sets the lead's consent fields for `opt_outs` (never an opt-in: unset stays unset).
void ApplyOptOuts(const OptOuts& opt_outs, leadgateway::v1::Lead& lead);

// A stable fingerprint of one card as pushed to `program` with `opt_outs`: a card whose
// fingerprint is the one stored with its link has nothing new to push. 16 hex digits, the
// same in every process and after restarts (FNV-1a over the deterministic serialisation;
// without opt-outs, the value of earlier versions).
std::string CardFingerprint(const leadgateway::v1::BusinessCard& card,
                            const std::string& program, const OptOuts& opt_outs = {});

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_CARD_TO_LEAD_H_
