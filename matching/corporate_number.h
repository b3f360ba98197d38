// Japan's corporate number (法人番号): 13 digits the National Tax Agency assigns to each
// corporation, the one company key that does not depend on how the name is spelled.
#ifndef LEADGW_MATCHING_CORPORATE_NUMBER_H_
#define LEADGW_MATCHING_CORPORATE_NUMBER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::matching {

// The 13 ASCII digits of a corporate number written with full-width digits, spaces or
// hyphens ("７００００１２０５０００２", "7-0000-1205-0002").
//
// The first digit is a check digit over the 12-digit base number (会社法人等番号), as
// Ministry of Finance ordinance 70 of 2014 (法人番号の指定等に関する省令), article 2,
// defines it: 9 - ((sum of P(n) * Q(n) for n = 1..12) mod 9), where P(n) is the n-th digit
// of the base number counted from its right end and Q(n) is 1 for odd n, 2 for even n.
// The check catches a single mistyped digit unless it is a 0 typed as 9 or the reverse
// (weights 1 and 2 change the sum by a multiple of 9 then), so most typos are an error
// rather than another company's key.
//
// INVALID_ARGUMENT for invalid UTF-8, characters other than digits and separators, a
// count of digits other than 13, or a check digit that does not match. Pure and
// thread-safe.
absl::StatusOr<std::string> CorporateNumberKey(absl::string_view text);

}  // namespace leadgw::matching

#endif  // LEADGW_MATCHING_CORPORATE_NUMBER_H_
