#include "card_sync/card_matching.h"

#include <algorithm>

namespace leadgw::card_sync {
namespace {

bool SameName(const PersonKeys& a, const PersonKeys& b) {
  if (!a.name.empty() && a.name == b.name) return true;
  return !a.name_reading.empty() && a.name_reading == b.name_reading;
}

bool SharePhone(const PersonKeys& a, const PersonKeys& b) {
  return std::any_of(a.phones.begin(), a.phones.end(), [&](const std::string& phone) {
    return std::find(b.phones.begin(), b.phones.end(), phone) != b.phones.end();
  });
}

constexpr MatchScore kConflict{0.60, MatchBasis::kConflicting};

MatchScore ScoreWithoutEmail(const PersonKeys& a, const PersonKeys& b) {
  if (!SameName(a, b)) return {};
  const bool same_company = !a.company.empty() && a.company == b.company;
  const bool shared_phone = SharePhone(a, b);
  if (same_company && shared_phone) return {0.95, MatchBasis::kNameCompanyPhone};
  if (shared_phone) return {0.80, MatchBasis::kNamePhone};
  if (!same_company) return {};
  if (a.phones.empty() || b.phones.empty()) return {0.85, MatchBasis::kNameCompany};
  return kConflict;
}

}  // namespace

MatchScore ScoreMatch(const PersonKeys& a, const PersonKeys& b) {
  if (!a.email.empty() && a.email == b.email) return {1.0, MatchBasis::kEmail};
  MatchScore score = ScoreWithoutEmail(a, b);
  const bool emails_differ = !a.email.empty() && !b.email.empty();
  if (emails_differ && score.confidence > kConflict.confidence) return kConflict;
  return score;
}

absl::string_view MatchBasisName(MatchBasis basis) {
  switch (basis) {
    case MatchBasis::kNone:
      return "none";
    case MatchBasis::kEmail:
      return "email";
    case MatchBasis::kNameCompanyPhone:
      return "name+company+phone";
    case MatchBasis::kNameCompany:
      return "name+company";
    case MatchBasis::kNamePhone:
      return "name+phone";
    case MatchBasis::kConflicting:
      return "conflicting";
    case MatchBasis::kLinked:
      return "linked";
  }
  return "none";
}

}  // namespace leadgw::card_sync
