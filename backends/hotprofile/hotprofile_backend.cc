#include "backends/hotprofile/hotprofile_backend.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "backends/common/invalid_field.h"
#include "backends/common/write_batch.h"
#include "backends/hotprofile/field_table.h"
#include "backends/hotprofile/responses.h"
#include "backends/hotprofile/search_table.h"
#include "common/status_macros.h"

namespace leadgw::backends::hotprofile {
namespace {

absl::string_view DataType(const FieldSpec& spec) {
  const absl::string_view name = spec.name;
  switch (spec.type) {
    case ValueType::kText:
      if (name == "email" || name == "mobile_email") return "email";
      if (name == "url") return "url";
      if (name == "tel" || name == "fax" || name == "mobile_tel") return "phone";
      return spec.limit > 255 ? "text" : "string";
    case ValueType::kId:
      return "reference";
    case ValueType::kInteger:
    case ValueType::kDigits:
    case ValueType::kCode:
      return "integer";
    case ValueType::kDate:
      return "date";
    case ValueType::kDateTime:
      return "datetime";
    case ValueType::kFlag:
      return "boolean";
    case ValueType::kCoordinate:
      return "float";
    case ValueType::kList:
      return "array";
  }
  return "string";
}

template <typename Record>
std::vector<const google::protobuf::Message*> Pointers(
    const google::protobuf::RepeatedPtrField<Record>& records) {
  std::vector<const google::protobuf::Message*> pointers;
  pointers.reserve(static_cast<size_t>(records.size()));
  for (const Record& record : records) pointers.push_back(&record);
  return pointers;
}

}  // namespace

HotProfileBackend::HotProfileBackend(ConnectionSettings settings,
                                     std::shared_ptr<upstream::http::HttpClient> client,
                                     std::shared_ptr<upstream::CallGuard> guard,
                                     HotProfileRestStub::Clock clock,
                                     std::shared_ptr<upstream::coord::KeyLocks> key_locks,
                                     absl::Duration key_hold_margin,
                                     common::CoalescingHooks coalescing_hooks)
    : PartialLeadBackend(
          "hotprofile",
          {Operation::kDescribeLeads, Operation::kGetLead, Operation::kQueryLeads,
           Operation::kUpsertLeads, Operation::kCreateCompanies, Operation::kUpdateCompanies,
           Operation::kSearchCompanies, Operation::kCreateBusinessCards,
           Operation::kUpdateBusinessCards, Operation::kSearchBusinessCards}),
      stub_(settings, std::move(client), guard, clock),
      upserts_(std::move(key_locks), key_hold_margin),
      lookups_([&] {
        common::CallCoalescerOptions coalescing;
        coalescing.max_items = kMaxLeadsPerPage;
        coalescing.max_wait = settings.coalesce_max_wait;
        if (guard != nullptr) {
          coalescing.spacing = [guard] { return guard->CallSpacing(); };
        }
        coalescing.hooks = std::move(coalescing_hooks);
        return coalescing;
      }()),
      company_ids_(kCompanyIdTtl, kMaxCompanyIds, std::move(clock)) {}

absl::StatusOr<v1::DescribeLeadsResponse> HotProfileBackend::DescribeLeads(
    const CallContext&, const v1::DescribeLeadsRequest&) {
  v1::DescribeLeadsResponse response;
  for (const FieldSpec& spec : FieldsOf(ObjectKind::kLead)) {
    v1::LeadField* field = response.add_fields();
    field->set_name(spec.name);
    field->set_display_name(spec.label);
    field->set_data_type(std::string(DataType(spec)));
    if (spec.type == ValueType::kText || spec.type == ValueType::kDigits) {
      field->set_length(spec.limit);
    }
    field->set_read_only(!spec.writable());
    field->set_searchable(LeadSearchForFilterField(spec.name) != nullptr ||
                          absl::string_view(spec.name) == "id");
    if (!spec.custom()) field->set_neutral_name(spec.neutral);
  }
  return response;
}

absl::StatusOr<v1::RecordResult> HotProfileBackend::Write(const CallContext& ctx,
                                                          const HotProfileCall& call,
                                                          WriteMode mode) {
  LEADGW_ASSIGN_OR_RETURN(std::string body, stub_.Call(call, ctx));
  LEADGW_ASSIGN_OR_RETURN(std::string id, ParseWriteAnswer(body, call.endpoint));
  v1::RecordResult result;
  result.set_id(std::move(id));
  result.set_status(mode == WriteMode::kCreate ? v1::RECORD_STATUS_CREATED
                                               : v1::RECORD_STATUS_UPDATED);
  return result;
}

absl::StatusOr<v1::WriteResponse> HotProfileBackend::WriteRecords(
    const CallContext& ctx, ObjectKind kind, WriteMode mode,
    const std::vector<const google::protobuf::Message*>& records, absl::string_view field) {
  // Every record is checked before the first call: one bad record rejects the RPC whole.
  std::vector<HotProfileCall> calls;
  calls.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    LEADGW_ASSIGN_OR_RETURN(
        HotProfileCall call,
        BuildWriteCall(kind, mode, *records[i], common::IndexPath(field, static_cast<int>(i))));
    calls.push_back(std::move(call));
  }
  return common::RunSequentialWrites(static_cast<int>(calls.size()), [&](int i) {
    return Write(ctx, calls[static_cast<size_t>(i)], mode);
  });
}

absl::Status HotProfileBackend::SearchPage(const CallContext& ctx, ObjectKind kind,
                                           const HotProfileCall& call,
                                           absl::FunctionRef<google::protobuf::Message*()> add,
                                           std::string* next_cursor, int64_t* total_count) {
  LEADGW_ASSIGN_OR_RETURN(std::string body, stub_.Call(call, ctx));
  LEADGW_ASSIGN_OR_RETURN(PageInfo page, ParseListAnswer(kind, body, call.endpoint, add));
  *next_cursor = NextCursor(page);
  if (total_count != nullptr) *total_count = page.total_count;
  return absl::OkStatus();
}

absl::StatusOr<v1::WriteResponse> HotProfileBackend::CreateCompanies(
    const CallContext& ctx, const v1::CreateCompaniesRequest& request) {
  return WriteRecords(ctx, ObjectKind::kClient, WriteMode::kCreate, Pointers(request.companies()),
                      "companies");
}

absl::StatusOr<v1::WriteResponse> HotProfileBackend::UpdateCompanies(
    const CallContext& ctx, const v1::UpdateCompaniesRequest& request) {
  return WriteRecords(ctx, ObjectKind::kClient, WriteMode::kUpdate, Pointers(request.companies()),
                      "companies");
}

absl::StatusOr<v1::SearchCompaniesResponse> HotProfileBackend::SearchCompanies(
    const CallContext& ctx, const v1::SearchCompaniesRequest& request) {
  LEADGW_ASSIGN_OR_RETURN(HotProfileCall call, BuildCompanySearch(request));
  v1::SearchCompaniesResponse response;
  int64_t total = 0;
  LEADGW_RETURN_IF_ERROR(SearchPage(
      ctx, ObjectKind::kClient, call, [&] { return response.add_companies(); },
      response.mutable_next_page_token(), &total));
  response.set_total_count(total);
  return response;
}

absl::StatusOr<v1::WriteResponse> HotProfileBackend::CreateBusinessCards(
    const CallContext& ctx, const v1::CreateBusinessCardsRequest& request) {
  return WriteRecords(ctx, ObjectKind::kBusinessCard, WriteMode::kCreate, Pointers(request.cards()),
                      "cards");
}

absl::StatusOr<v1::WriteResponse> HotProfileBackend::UpdateBusinessCards(
    const CallContext& ctx, const v1::UpdateBusinessCardsRequest& request) {
  return WriteRecords(ctx, ObjectKind::kBusinessCard, WriteMode::kUpdate, Pointers(request.cards()),
                      "cards");
}

absl::StatusOr<v1::SearchBusinessCardsResponse> HotProfileBackend::SearchBusinessCards(
    const CallContext& ctx, const v1::SearchBusinessCardsRequest& request) {
  LEADGW_ASSIGN_OR_RETURN(HotProfileCall call, BuildBusinessCardSearch(request));
  v1::SearchBusinessCardsResponse response;
  int64_t total = 0;
  LEADGW_RETURN_IF_ERROR(SearchPage(
      ctx, ObjectKind::kBusinessCard, call, [&] { return response.add_cards(); },
      response.mutable_next_page_token(), &total));
  response.set_total_count(total);
  LEADGW_RETURN_IF_ERROR(ResolveCardCompanyIds(ctx, response.mutable_cards()));
  return response;
}

absl::Status HotProfileBackend::ResolveCardCompanyIds(
    const CallContext& ctx, google::protobuf::RepeatedPtrField<v1::BusinessCard>* cards) {
  // Each distinct name costs one call (HotProfile allows 100 per minute), so the names of
  // a page are looked up once each, not once per card, and remembered (company_id_cache.h).
  absl::flat_hash_map<std::string, std::optional<std::string>> ids;
  for (const v1::BusinessCard& card : *cards) {
    if (!card.has_company_id() && !card.company_name().empty()) {
      ids.try_emplace(card.company_name());
    }
  }
  for (auto& [name, id] : ids) {
    LEADGW_ASSIGN_OR_RETURN(id, CompanyIdByName(ctx, name));
  }
  for (v1::BusinessCard& card : *cards) {
    auto it = ids.find(card.company_name());
    if (it != ids.end() && it->second.has_value()) card.set_company_id(*it->second);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> HotProfileBackend::CompanyIdByName(
    const CallContext& ctx, const std::string& name) {
  if (auto known = company_ids_.Find(name)) return *std::move(known);
  LEADGW_ASSIGN_OR_RETURN(std::optional<std::string> id, LookUpCompanyId(ctx, name));
  company_ids_.Put(name, id);
  return id;
}

absl::StatusOr<std::optional<std::string>> HotProfileBackend::LookUpCompanyId(
    const CallContext& ctx, const std::string& name) {
  v1::SearchCompaniesRequest request;
  request.mutable_filter()->set_name(name);
  request.set_page_size(kMaxRecordsPerPage);
  LEADGW_ASSIGN_OR_RETURN(v1::SearchCompaniesResponse found, SearchCompanies(ctx, request));
  // HotProfile's name search is a partial match ("東京" finds "東京商事"): only an exact
  // name counts, and only when one page holds every candidate, so a second client of
  // that name cannot hide on a later page.
  if (!found.next_page_token().empty()) return std::nullopt;
  std::optional<std::string> id;
  for (const v1::Company& company : found.companies()) {
    if (company.name() != name) continue;
    if (id.has_value()) return std::nullopt;  // several clients share the name
    id = company.id();
  }
  return id;
}

}  // namespace leadgw::backends::hotprofile
