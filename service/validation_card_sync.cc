// Validate() overloads of CardSyncService requests (see validation.h).
#include <string>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "service/validation.h"
#include "service/validation_limits.h"
#include "service/validation_rules.h"

namespace leadgw::service {
namespace {

using validation_internal::CheckConnection;
using validation_internal::IdProblem;
using validation_internal::CheckMaxChars;
using validation_internal::CheckPaging;
using validation_internal::CheckRequiredMaxChars;
using validation_internal::IdPresence;
using validation_internal::kMaxPageSize;
using validation_internal::kMaxShortTextChars;
using validation_internal::Scope;

constexpr size_t kMaxSyncNameChars = 64;
constexpr int kMaxProgramRules = 100;
constexpr int32_t kMaxCardsPerRun = 5000;

// The sync name becomes part of journal keys: a plain, bounded alphabet.
absl::Status CheckSyncName(const Scope& top, absl::string_view name) {
  const bool plain = absl::c_all_of(name, [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
  });
  if (name.empty() || name.size() > kMaxSyncNameChars || !plain) {
    return top.Fail("sync_name",
                    absl::StrCat("must be 1 to ", kMaxSyncNameChars, " characters of [a-z0-9-]"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Validate(const v1::SyncCardsToLeadsRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckConnection("card_connection", request.card_connection()));
  LEADGW_RETURN_IF_ERROR(CheckConnection("lead_connection", request.lead_connection()));
  LEADGW_RETURN_IF_ERROR(CheckSyncName(top, request.sync_name()));
  LEADGW_RETURN_IF_ERROR(CheckRequiredMaxChars(top, "default_program", request.default_program(),
                                               kMaxShortTextChars));
  if (request.programs_by_lead_source_size() > kMaxProgramRules) {
    return top.Fail("programs_by_lead_source",
                    absl::StrCat("at most ", kMaxProgramRules, " rules"));
  }
  for (const auto& [lead_source, program] : request.programs_by_lead_source()) {
    const Scope rule = top.Entry("programs_by_lead_source", lead_source);
    if (auto key_problem = IdProblem(lead_source, IdPresence::kRequired)) {
      return rule.Fail("", absl::StrCat("key (a lead source id) ", *key_problem));
    }
    LEADGW_RETURN_IF_ERROR(CheckRequiredMaxChars(rule, "", program, kMaxShortTextChars));
  }
  LEADGW_RETURN_IF_ERROR(CheckMaxChars(top, "source", request.source(), kMaxShortTextChars));
  if (request.max_cards() < 0 || request.max_cards() > kMaxCardsPerRun) {
    return top.Fail("max_cards", absl::StrCat("must be 0 to ", kMaxCardsPerRun));
  }
  if (!v1::CardConsentPolicy_IsValid(request.consent_policy())) {
    return top.Fail("consent_policy",
                    absl::StrCat("unknown value ", request.consent_policy(),
                                 ": CARD_CONSENT_NONE, CARD_CONSENT_TO_LEADS or "
                                 "CARD_CONSENT_BOTH_WAYS"));
  }
  return absl::OkStatus();
}

absl::Status Validate(const v1::ListCardLinksRequest& request) {
  const Scope top;
  LEADGW_RETURN_IF_ERROR(CheckSyncName(top, request.sync_name()));
  LEADGW_RETURN_IF_ERROR(CheckConnection("card_connection", request.card_connection()));
  return CheckPaging(request.page_size(), kMaxPageSize, request.page_token());
}

}  // namespace leadgw::service
