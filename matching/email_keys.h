// Comparison keys from e-mail addresses: the address itself (one person) and its domain
// (one company).
//
// Errors: INVALID_ARGUMENT for invalid UTF-8 and for text that is not an address; the
// message names the reason, never the address (personal data; errors get logged).
// Pure and thread-safe.
#ifndef LEADGW_MATCHING_EMAIL_KEYS_H_
#define LEADGW_MATCHING_EMAIL_KEYS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leadgw::matching {

// Key of an address: surrounding white space trimmed, FoldText (full-width "＠" and
// letters become ASCII), a trailing dot of the domain dropped, and the WHOLE address in
// lower case.
//
// Rule: the local part is lower-cased too. RFC 5321 lets a server treat "Taro" and "taro"
// as different mailboxes, but the marketing platform the keys are matched against
// de-duplicates leads by e-mail case-insensitively, so a case-sensitive key would split
// what the CRM considers one lead (and no common mail service distinguishes the case).
//
// No provider-specific rewriting: dots and "+tag" in Gmail local parts are kept. Those
// rules hold only at some providers (a company's own domain may be hosted by any of them,
// invisibly), and the CRM itself does not apply them; "taro.yamada@" and "taroyamada@"
// at a company are two people as far as the key can know.
//
// INVALID_ARGUMENT: white space inside, no "@" or more than one, an empty local part or
// domain, a domain without a dot or with an empty label.
absl::StatusOr<std::string> EmailKey(absl::string_view email);

// The domain of `email` (as EmailKey leaves it) as a company key, or nullopt for free and
// mobile-carrier mail (gmail.com, yahoo.co.jp, icloud.com, outlook.jp, hotmail.co.jp,
// docomo.ne.jp, ezweb.ne.jp, softbank.ne.jp, i.softbank.jp, ...) and their subdomains,
// which say nothing about the sender's employer. Errors as EmailKey.
absl::StatusOr<std::optional<std::string>> CompanyMailDomain(absl::string_view email);

// Whether `domain` (lower case) is a free or mobile-carrier mail domain or a subdomain of
// one.
bool IsFreeMailDomain(absl::string_view domain);

}  // namespace leadgw::matching

#endif  // LEADGW_MATCHING_EMAIL_KEYS_H_
