// Registration of the Lead Database endpoint handlers, grouped by area. Each handler
// receives a parsed RestRequest after auth, limits and faults were applied, and returns
// the Marketo envelope.
#ifndef LEADGW_EMULATORS_MARKETO_HANDLERS_H_
#define LEADGW_EMULATORS_MARKETO_HANDLERS_H_

#include "absl/time/time.h"
#include "emulators/marketo/lead_store.h"
#include "emulators/marketo/router.h"

namespace leadgw::emulators::marketo {

// describe, describe2 (unless !with_describe2: then its path is unknown, 610),
// schema/fields (list, get, create, update), partitions (get).
void AddSchemaRoutes(Router& router, LeadStore& store, bool with_describe2);

// lead/{id}.json and leads.json (GET, and POST with _method=GET).
void AddLeadReadRoutes(Router& router, LeadStore& store);

// Sync (POST leads.json), push, submitForm, delete, partitions (update).
// `race_delay` > 0 opens the duplicate window of createOrUpdate (see lead_writer.h).
void AddLeadWriteRoutes(Router& router, LeadStore& store, absl::Duration race_delay);

// merge and associate.
void AddLeadActionRoutes(Router& router, LeadStore& store);

// Static list members (get/add/remove/ismember), list/program/smart campaign
// membership of a lead, and leads by program.
void AddMembershipRoutes(Router& router, LeadStore& store);

}  // namespace leadgw::emulators::marketo

#endif  // LEADGW_EMULATORS_MARKETO_HANDLERS_H_
