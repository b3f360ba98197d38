// Whether two descriptions of a person (two business cards, or a card and a lead) name the
// same person, with a confidence and the evidence it rests on.
//
// The rules, strongest first (issue 19: "email first, then normalised name + company +
// phone"):
//   1. the same e-mail key: 1.00;
//   2. the same name (written form or reading), company and a shared phone: 0.95;
//   3. the same name and company, and no phone on one side to contradict: 0.85;
//   4. the same name and a shared phone, the company differing or missing: 0.80;
//   5. the same name and company while both sides give phones and none is shared: 0.60.
// Two different e-mail addresses are strong evidence of two people (namesakes at one
// company are common in Japan), so when both sides give one and they differ, the score is
// capped at 0.60: still reported for review, never linked automatically.
// Anything less (a name alone) is no match: 0.
//
// Pure and thread-safe.
#ifndef LEADGW_CARD_SYNC_CARD_MATCHING_H_
#define LEADGW_CARD_SYNC_CARD_MATCHING_H_

#include "absl/strings/string_view.h"
#include "card_sync/person_keys.h"

namespace leadgw::card_sync {

enum class MatchBasis {
  kNone,
  kEmail,
  kNameCompanyPhone,
  kNameCompany,
  kNamePhone,
  // Same name and company, but phones (or e-mail addresses) that disagree.
  kConflicting,
  // Not compared: a previous sync pushed this card to this lead (sync_plan.h).
  kLinked,
};

struct MatchScore {
  double confidence = 0.0;
  MatchBasis basis = MatchBasis::kNone;
};

// The default confidence at or above which a match is acted on (rules 1-4).
inline constexpr double kLinkThreshold = 0.8;

MatchScore ScoreMatch(const PersonKeys& a, const PersonKeys& b);

// A short stable name of the basis ("email", "name+company+phone", ...) for plans and logs.
absl::string_view MatchBasisName(MatchBasis basis);

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_CARD_MATCHING_H_
