// CardSyncService requests.
#include <string>

#include "gtest/gtest.h"
#include "service/validation.h"
#include "service/validation_testing.h"

namespace leadgw::service {
namespace {

using validation_testing::RunCases;

TEST(ValidateSyncCardsToLeadsTest, Rules) {
  v1::SyncCardsToLeadsRequest valid;
  valid.set_card_connection("hp");
  valid.set_lead_connection("mkto");
  valid.set_sync_name("autumn-fair-2026");
  valid.set_default_program("2026 秋 展示会");
  using R = v1::SyncCardsToLeadsRequest;
  RunCases<R>(
      valid,
      {
          {"no card connection", [](R& r) { r.clear_card_connection(); }, "card_connection",
           "required"},
          {"no lead connection", [](R& r) { r.clear_lead_connection(); }, "lead_connection",
           "required"},
          {"no sync name", [](R& r) { r.clear_sync_name(); }, "sync_name", "[a-z0-9-]"},
          {"upper-case sync name", [](R& r) { r.set_sync_name("Autumn"); }, "sync_name",
           "1 to 64 characters"},
          {"65-character sync name", [](R& r) { r.set_sync_name(std::string(65, 'a')); },
           "sync_name"},
          {"no default program", [](R& r) { r.clear_default_program(); }, "default_program",
           "required"},
          {"256-character program",
           [](R& r) { r.set_default_program(std::string(256, 'p')); }, "default_program",
           "at most 255 characters"},
          {"a program rule", [](R& r) { (*r.mutable_programs_by_lead_source())["3"] = "p"; }, ""},
          {"a rule keyed by a name",
           [](R& r) { (*r.mutable_programs_by_lead_source())["fair"] = "p"; },
           "programs_by_lead_source[\"fair\"]", "lead source id"},
          {"5000 cards", [](R& r) { r.set_max_cards(5000); }, ""},
          {"5001 cards", [](R& r) { r.set_max_cards(5001); }, "max_cards", "0 to 5000"},
          {"negative cards", [](R& r) { r.set_max_cards(-1); }, "max_cards"},
          {"both ways", [](R& r) { r.set_consent_policy(v1::CARD_CONSENT_BOTH_WAYS); }, ""},
          {"no consent", [](R& r) { r.set_consent_policy(v1::CARD_CONSENT_NONE); }, ""},
          {"unknown consent policy",
           [](R& r) { r.set_consent_policy(static_cast<v1::CardConsentPolicy>(7)); },
           "consent_policy", "unknown value 7"},
      });
}

TEST(ValidateListCardLinksTest, Rules) {
  v1::ListCardLinksRequest valid;
  valid.set_sync_name("autumn-fair-2026");
  valid.set_card_connection("hp");
  using R = v1::ListCardLinksRequest;
  RunCases<R>(valid,
              {
                  {"no sync name", [](R& r) { r.clear_sync_name(); }, "sync_name"},
                  {"no card connection", [](R& r) { r.clear_card_connection(); },
                   "card_connection", "required"},
                  {"1000 links", [](R& r) { r.set_page_size(1000); }, ""},
                  {"1001 links", [](R& r) { r.set_page_size(1001); }, "page_size"},
              });
}

}  // namespace
}  // namespace leadgw::service
