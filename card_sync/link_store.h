// Where a card sync keeps its cursor and links: state records of the gateway's job
// journal (jobs/journal.h), so they live where durable jobs live (a file, or the fleet's
// Redis) and survive restarts. Scope "card-sync/<sync name>"; records "cursor" (Unix
// microseconds), "link/<card id>" (a CardLinkRecord) and "retry/<card id>" (a
// CardLinkRecord holding only the card of a person whose push failed; empty once done,
// since journals keep records rather than delete them).
//
// Thread-compatible: one run of a sync at a time uses one LinkStore. Errors are the
// journal's (UNAVAILABLE, RESOURCE_EXHAUSTED, INTERNAL for a record that cannot be read).
#ifndef LEADGW_CARD_SYNC_LINK_STORE_H_
#define LEADGW_CARD_SYNC_LINK_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobs/journal.h"
#include "leadgateway/jobs/v1/job_record.pb.h"
#include "leadgateway/v1/business_card_service.pb.h"

namespace leadgw::card_sync {

using CardLinkRecord = ::leadgateway::jobs::v1::CardLinkRecord;

struct SyncState {
  // Cards updated before this were all handled; nullopt before the first real run.
  std::optional<absl::Time> cursor;
  // By card id.
  absl::flat_hash_map<std::string, CardLinkRecord> links;
  // Cards whose people a run failed to push: the next run takes them again, whatever the
  // cursor says. By card id.
  absl::flat_hash_map<std::string, leadgateway::v1::BusinessCard> retries;
};

class LinkStore {
 public:
  // `journal` must outlive the store. `sync_name` as SyncCardsToLeadsRequest.sync_name.
  LinkStore(jobs::JobJournal* journal, absl::string_view sync_name);

  absl::StatusOr<SyncState> Load();
  // Stores `links` (replacing earlier links of the same cards) all at once.
  absl::Status SaveLinks(const std::vector<CardLinkRecord>& links);
  // The end of a run, all at once: the new cursor (nullopt: unchanged), the cards to try
  // again, and the earlier retries now done.
  absl::Status SaveRunEnd(std::optional<absl::Time> cursor,
                          const std::vector<leadgateway::v1::BusinessCard>& retry,
                          const std::vector<std::string>& retries_done);

 private:
  jobs::JobJournal* const journal_;
  const std::string scope_;
};

}  // namespace leadgw::card_sync

#endif  // LEADGW_CARD_SYNC_LINK_STORE_H_
