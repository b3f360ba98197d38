// The gateway's own request limits, in one table so that the contract is reviewed and
// changed in one place. validation.h explains each rule; the proto comments state them to
// callers. Lengths count characters (Unicode code points), never bytes.
//
// These hold for every backend. Tighter backend limits (field lengths, records per call)
// belong to the adapters.
#ifndef LEADGW_SERVICE_VALIDATION_LIMITS_H_
#define LEADGW_SERVICE_VALIDATION_LIMITS_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace leadgw::service::validation_internal {

// clang-format off
// Grouped by where they apply; a trailing comment names the fields when not obvious.
// Every request.
inline constexpr size_t kMaxConnectionChars = 63;         // connection, GetConnection.name
inline constexpr size_t kMaxIdChars = 20;                 // decimal ids (1-20 digits)
inline constexpr int32_t kMaxPageSize = 1000;             // leads, companies, cards
inline constexpr int32_t kMaxSchemaPageSize = 300;        // memberships, ListLeadFields
inline constexpr size_t kMaxPageTokenChars = 4096;        // every page_token
// Field selections (`fields`).
inline constexpr size_t kMaxSelectedFields = 1000;
inline constexpr size_t kMaxApiNameChars = 255;           // fields[i], filter_field, names
// QueryLeads / StreamLeads.
inline constexpr size_t kMaxFilterValues = 3000;
inline constexpr size_t kMaxFilterValueChars = 255;
// Lead writes.
inline constexpr size_t kMaxLeadsPerRequest = 5000;       // upsert, delete, push, partitions
inline constexpr size_t kMaxMergeLosers = 25;
inline constexpr size_t kMaxShortTextChars = 255;         // program/partition names, ...
inline constexpr size_t kMaxMktTokenChars = 1024;
inline constexpr size_t kMaxCookieChars = 1024;
inline constexpr size_t kMaxFormFields = 1000;
inline constexpr size_t kMaxVisitorDataChars = 2048;
// Record contents (leads, companies, business cards).
inline constexpr size_t kMaxTextChars = 32768;            // any free-text record field
inline constexpr size_t kMaxEmailChars = 255;
inline constexpr size_t kMaxPhoneExtensionDigits = 8;
inline constexpr int32_t kMinPrefectureCode = 1;          // JIS X 0401 Hokkaido
inline constexpr int32_t kMaxPrefectureCode = 47;         // JIS X 0401 Okinawa
inline constexpr size_t kMaxCustomFields = 500;           // custom_fields entries
inline constexpr size_t kMaxCustomFieldKeyChars = 255;    // custom_fields / form_fields keys
// Companies and business cards.
inline constexpr size_t kMaxRecordsPerCardWrite = 100;    // companies and cards per request
// Searches (companies, cards).
inline constexpr size_t kMaxOwnerIds = 100;
inline constexpr size_t kMaxExtraFilters = 50;
inline constexpr size_t kMaxExtraKeyChars = 100;
inline constexpr size_t kMaxFilterTextChars = 255;
// Memberships.
inline constexpr size_t kMaxProgramIds = 300;
// Membership writes and checks (lead_ids): the lead writes' ceiling; adapters split them
// into calls of their upstream's size like every other write.
inline constexpr size_t kMaxMembershipLeads = kMaxLeadsPerRequest;
// Lead field schema.
inline constexpr size_t kMaxNewLeadFields = 100;
inline constexpr size_t kMaxNewFieldNameChars = 100;
inline constexpr size_t kMaxDisplayNameChars = 255;
inline constexpr size_t kMaxDescriptionChars = 2000;
inline constexpr absl::string_view kLeadFieldDataTypes[] = {
    "string", "text", "email", "phone", "url", "integer", "float",
    "currency", "boolean", "date", "datetime", "score", "percent",
};
// clang-format on
// Error messages: a map key longer than this is shortened in the field path, so that a
// hostile key cannot blow up the status message (gRPC carries it in a trailer).
inline constexpr size_t kMaxKeyCharsInPath = 255;

}  // namespace leadgw::service::validation_internal

#endif  // LEADGW_SERVICE_VALIDATION_LIMITS_H_
