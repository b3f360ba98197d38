// RedisJournal's state records (JobJournal::PutState / GetState): one hash per scope,
// "<key_prefix>:jobs:state:<scope>", written with one HSET (atomic in Redis).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "jobs/redis_journal.h"

namespace leadgw::jobs {

using upstream::coord::RedisReply;

absl::Status RedisJournal::PutState(absl::string_view scope,
                                    const std::vector<StateRecord>& records) {
  LEADGW_RETURN_IF_ERROR(CheckStateRecords(scope, records));
  if (records.empty()) return absl::OkStatus();
  std::vector<std::string> argv = {"HSET", Key(absl::StrCat("state:", scope))};
  argv.reserve(2 + 2 * records.size());
  for (const StateRecord& record : records) {
    argv.push_back(record.key);
    argv.push_back(record.value);
  }
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply, Command(argv));
  if (reply.type != RedisReply::Type::kInteger) {
    return absl::InternalError("job journal: unexpected answer of Redis to HSET state");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StateRecord>> RedisJournal::GetState(absl::string_view scope) {
  LEADGW_RETURN_IF_ERROR(CheckStateRecords(scope, {}));
  LEADGW_ASSIGN_OR_RETURN(RedisReply reply,
                          Command({"HGETALL", Key(absl::StrCat("state:", scope))}));
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() % 2 != 0) {
    return absl::InternalError("job journal: unexpected answer of Redis to HGETALL state");
  }
  std::vector<StateRecord> records;
  records.reserve(reply.elements.size() / 2);
  for (size_t i = 0; i < reply.elements.size(); i += 2) {
    records.push_back({std::move(reply.elements[i].text), std::move(reply.elements[i + 1].text)});
  }
  std::sort(records.begin(), records.end(),
            [](const StateRecord& a, const StateRecord& b) { return a.key < b.key; });
  return records;
}

}  // namespace leadgw::jobs
