// Sync Leads, Push Lead, Submit Form, Delete Leads and Update Lead Partition.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "emulators/marketo/handler_util.h"
#include "emulators/marketo/handlers.h"
#include "emulators/marketo/lead_writer.h"

namespace leadgw::emulators::marketo {
namespace {

std::string StringMember(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

rapidjson::Value ResultJson(const UpsertResult& r, rapidjson::Document::AllocatorType& a) {
  if (r.status == "skipped") return SkippedRecord(r.id, r.reason_code, r.reason_message, a);
  return RecordStatus(r.id, r.status, a);
}

Reply SyncLeads(LeadStore& store, absl::Duration race_delay, const RestRequest& req) {
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, kMaxRecordsPerCall, &input)) return *error;
  UpsertRequest upsert;
  upsert.race_delay = race_delay;
  if (doc.HasMember("action")) upsert.action = StringMember(doc, "action");
  if (upsert.action != "createOrUpdate" && upsert.action != "createOnly" &&
      upsert.action != "updateOnly" && upsert.action != "createDuplicate") {
    return ErrorReply(req.request_id, "1003", absl::StrCat("Invalid action '", upsert.action, "'"));
  }
  if (doc.HasMember("lookupField")) upsert.lookup_field = StringMember(doc, "lookupField");
  if (upsert.lookup_field.empty()) upsert.lookup_field = "email";
  upsert.partition_name = StringMember(doc, "partitionName");
  // asyncProcessing: "the call will return immediately" (spec), so the answer cannot know
  // the ids of the leads. The emulator still writes at once (a later read sees them) and
  // answers each record's status without its id.
  auto async = doc.FindMember("asyncProcessing");
  const bool answer_without_ids =
      async != doc.MemberEnd() && async->value.IsBool() && async->value.GetBool();
  SuccessEnvelope env(req.request_id);
  for (const rapidjson::Value& record : input->GetArray()) {
    UpsertResult result = UpsertLead(store, upsert, record);
    if (answer_without_ids) result.id = 0;
    env.result().PushBack(ResultJson(result, env.alloc()), env.alloc());
  }
  return env.Finish();
}

Reply PushLeads(LeadStore& store, const RestRequest& req) {
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  const std::string program_name = StringMember(doc, "programName");
  if (program_name.empty()) return ErrorReply(req.request_id, "701", "programName cannot be blank");
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, kMaxRecordsPerCall, &input)) return *error;
  std::optional<Program> program = store.ProgramByName(program_name);
  if (!program.has_value()) {
    return ErrorReply(req.request_id, "1013",
                      absl::StrCat("Program '", program_name, "' not found"));
  }
  UpsertRequest upsert;  // always createOrUpdate; push has no action
  upsert.lookup_field = StringMember(doc, "lookupField");
  if (upsert.lookup_field.empty()) upsert.lookup_field = "email";
  upsert.partition_name = StringMember(doc, "partitionName");
  const std::string program_status = StringMember(doc, "programStatus");
  const std::string source = StringMember(doc, "source");
  const std::string reason = StringMember(doc, "reason");
  SuccessEnvelope env(req.request_id);
  for (const rapidjson::Value& record : input->GetArray()) {
    UpsertResult r = UpsertLead(store, upsert, record);
    if (r.status != "skipped") {
      store.UpsertProgramMember(program->id, r.id, program_status);
      store.RecordPush({r.id, program->id, source, reason});
    }
    env.result().PushBack(ResultJson(r, env.alloc()), env.alloc());
  }
  return env.Finish();
}

// One Submit Form record: form validation, then an email-keyed upsert.
UpsertResult SubmitOne(LeadStore& store, const Form& form, int program_id,
                       const rapidjson::Value& in) {
  UpsertResult skipped;
  skipped.status = "skipped";
  auto fields_it = in.IsObject() ? in.FindMember("leadFormFields") : in.MemberEnd();
  if (!in.IsObject() || fields_it == in.MemberEnd() || !fields_it->value.IsObject()) {
    skipped.reason_code = "1003";
    skipped.reason_message = "leadFormFields is required";
    return skipped;
  }
  const rapidjson::Value& form_fields = fields_it->value;
  if (StringMember(form_fields, "email").empty()) {
    skipped.reason_code = "1003";
    skipped.reason_message = "Form validation failed: email is required";
    return skipped;
  }
  rapidjson::Document lead(rapidjson::kObjectType);
  for (auto it = form_fields.MemberBegin(); it != form_fields.MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    if (form.fields.count(name) == 0) {
      skipped.reason_code = "1006";
      skipped.reason_message = absl::StrCat("Field '", name, "' not found in form ", form.id);
      return skipped;
    }
    // Program member custom fields live on the form but not on the lead.
    if (!store.Field(name).has_value()) continue;
    lead.AddMember(rapidjson::Value(name.c_str(), lead.GetAllocator()),
                   rapidjson::Value(it->value, lead.GetAllocator()), lead.GetAllocator());
  }
  UpsertRequest upsert;
  std::optional<Partition> partition;
  for (const Partition& p : store.Partitions()) {
    if (p.id == form.partition_id) partition = p;
  }
  if (partition.has_value()) upsert.partition_name = partition->name;
  UpsertResult r = UpsertLead(store, upsert, lead);
  if (r.status == "skipped") return r;
  const std::string cookie = StringMember(in, "cookie");
  if (!cookie.empty()) store.AssociateCookie(r.id, cookie);
  if (program_id > 0) store.UpsertProgramMember(program_id, r.id, "");
  return r;
}

Reply SubmitForm(LeadStore& store, const RestRequest& req) {
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  auto form_it = doc.FindMember("formId");
  if (form_it == doc.MemberEnd() || !form_it->value.IsInt()) {
    return ErrorReply(req.request_id, "701", "formId cannot be blank");
  }
  std::optional<Form> form = store.GetForm(form_it->value.GetInt());
  if (!form.has_value()) {
    return ErrorReply(req.request_id, "1013",
                      absl::StrCat("Form '", form_it->value.GetInt(), "' not found"));
  }
  int program_id = 0;
  auto program_it = doc.FindMember("programId");
  if (program_it != doc.MemberEnd()) {
    if (!program_it->value.IsInt() || !store.HasProgram(program_it->value.GetInt())) {
      return ErrorReply(req.request_id, "1013", "Program not found");
    }
    program_id = program_it->value.GetInt();
  }
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, 1, &input)) return *error;
  SuccessEnvelope env(req.request_id);
  UpsertResult r = SubmitOne(store, *form, program_id, (*input)[0]);
  env.result().PushBack(ResultJson(r, env.alloc()), env.alloc());
  return env.Finish();
}

Reply DeleteLeads(LeadStore& store, const RestRequest& req) {
  std::vector<int64_t> ids;
  if (auto error = ReadIdInput(req, &ids)) return *error;
  SuccessEnvelope env(req.request_id);
  for (int64_t id : ids) {
    rapidjson::Value r = id <= 0 ? SkippedRecord(0, "1003", "Invalid lead id", env.alloc())
                         : store.DeleteLead(id)
                             ? RecordStatus(id, "deleted", env.alloc())
                             : SkippedRecord(id, "1004", "Lead not found", env.alloc());
    env.result().PushBack(r, env.alloc());
  }
  return env.Finish();
}

Reply UpdatePartitions(LeadStore& store, const RestRequest& req) {
  rapidjson::Document doc;
  if (auto error = ParseJsonBody(req, &doc)) return *error;
  const rapidjson::Value* input = nullptr;
  if (auto error = GetInputArray(req, doc, kMaxRecordsPerCall, &input)) return *error;
  SuccessEnvelope env(req.request_id);
  auto& a = env.alloc();
  for (const rapidjson::Value& in : input->GetArray()) {
    auto id_it = in.IsObject() ? in.FindMember("id") : in.MemberEnd();
    const std::string name = in.IsObject() ? StringMember(in, "partitionName") : "";
    if (!in.IsObject() || id_it == in.MemberEnd() || !id_it->value.IsInt64() || name.empty()) {
      env.result().PushBack(SkippedRecord(0, "1003", "id and partitionName are required", a), a);
      continue;
    }
    const int64_t id = id_it->value.GetInt64();
    std::optional<Partition> partition = store.PartitionByName(name);
    if (!partition.has_value()) {
      env.result().PushBack(
          SkippedRecord(id, "1008", absl::StrCat("No access to partition '", name, "'"), a), a);
    } else if (!store.SetLeadPartition(id, partition->id)) {
      env.result().PushBack(SkippedRecord(id, "1004", "Lead not found", a), a);
    } else {
      env.result().PushBack(RecordStatus(id, "updated", a), a);
    }
  }
  return env.Finish();
}

}  // namespace

void AddLeadWriteRoutes(Router& router, LeadStore& store, absl::Duration race_delay) {
  LeadStore* s = &store;
  router.Add("POST", "/rest/v1/leads\\.json", "sync_leads",
             [s, race_delay](const RestRequest& r) { return SyncLeads(*s, race_delay, r); });
  router.Add("POST", "/rest/v1/leads/push\\.json", "push_leads",
             [s](const RestRequest& r) { return PushLeads(*s, r); });
  router.Add("POST", "/rest/v1/leads/submitForm\\.json", "submit_form",
             [s](const RestRequest& r) { return SubmitForm(*s, r); });
  router.Add("POST", "/rest/v1/leads/delete\\.json", "delete_leads",
             [s](const RestRequest& r) { return DeleteLeads(*s, r); });
  router.Add("POST", "/rest/v1/leads/partitions\\.json", "update_lead_partitions",
             [s](const RestRequest& r) { return UpdatePartitions(*s, r); });
}

}  // namespace leadgw::emulators::marketo
