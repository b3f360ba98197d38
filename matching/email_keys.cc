#include "matching/email_keys.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "matching/japanese_text.h"

namespace leadgw::matching {
namespace {

// Free web mail and the Japanese carriers' mobile mail. A company domain missing here
// only costs a false company key; a free domain missing here would pair strangers, so the
// list leans towards the services Japanese leads use.
constexpr absl::string_view kFreeMailDomains[] = {
    "gmail.com",      "googlemail.com", "yahoo.co.jp",   "yahoo.com",    "ymail.com",
    "icloud.com",     "me.com",         "mac.com",       "outlook.jp",   "outlook.com",
    "hotmail.co.jp",  "hotmail.com",    "live.jp",       "live.com",     "msn.com",
    "aol.com",        "proton.me",      "protonmail.com", "docomo.ne.jp", "ezweb.ne.jp",
    "au.com",         "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp", "disney.ne.jp",
    "rakuten.jp",     "ybb.ne.jp",
};

absl::Status CheckDomain(absl::string_view domain) {
  if (domain.empty()) return absl::InvalidArgumentError("the e-mail domain is empty");
  if (!absl::StrContains(domain, '.')) {
    return absl::InvalidArgumentError("the e-mail domain has no dot");
  }
  for (absl::string_view label : absl::StrSplit(domain, '.')) {
    if (label.empty()) return absl::InvalidArgumentError("the e-mail domain has an empty label");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> EmailKey(absl::string_view email) {
  LEADGW_ASSIGN_OR_RETURN(std::string folded, FoldText(email, SpacePolicy::kCollapse));
  if (folded.empty()) return absl::InvalidArgumentError("the e-mail address is empty");
  if (absl::StrContains(folded, ' ')) {
    return absl::InvalidArgumentError("the e-mail address contains white space");
  }
  const auto at_signs = std::count(folded.begin(), folded.end(), '@');
  if (at_signs == 0) return absl::InvalidArgumentError("the e-mail address has no @");
  if (at_signs > 1) return absl::InvalidArgumentError("the e-mail address has more than one @");
  const size_t at = folded.find('@');
  if (at == 0) return absl::InvalidArgumentError("the e-mail local part is empty");
  absl::string_view domain = absl::string_view(folded).substr(at + 1);
  absl::ConsumeSuffix(&domain, ".");  // the DNS root, "example.co.jp." is the same domain
  LEADGW_RETURN_IF_ERROR(CheckDomain(domain));
  return absl::StrCat(absl::string_view(folded).substr(0, at + 1), domain);
}

absl::StatusOr<std::optional<std::string>> CompanyMailDomain(absl::string_view email) {
  LEADGW_ASSIGN_OR_RETURN(const std::string key, EmailKey(email));
  std::string domain = key.substr(key.find('@') + 1);
  if (IsFreeMailDomain(domain)) return std::nullopt;
  return domain;
}

bool IsFreeMailDomain(absl::string_view domain) {
  for (absl::string_view free : kFreeMailDomains) {
    if (domain == free) return true;
    if (absl::EndsWith(domain, free) && domain.size() > free.size() &&
        domain[domain.size() - free.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace leadgw::matching
