// JSON bodies of the emulator's answers.
#ifndef LEADGW_EMULATORS_HOTPROFILE_RENDER_H_
#define LEADGW_EMULATORS_HOTPROFILE_RENDER_H_

#include <cstdint>
#include <string>

#include "absl/types/span.h"
#include "emulators/hotprofile/field_rules.h"
#include "emulators/hotprofile/record.h"
#include "emulators/hotprofile/store.h"

namespace leadgw::emulators::hotprofile {

// {"id": 12} — the answer of every create and update.
std::string RenderId(int64_t id);

// {"<leads|clients|business_cards>": [...], "pages": {...}} with each object's documented
// keys in the connector's order. Absent text and integer values are null, flags are the
// strings "1"/"0", arrays are never null, timestamps are "yyyy/mm/dd hh:mm:ss" (JST).
std::string RenderList(ObjectKind kind, const ListResult& result);

// {"errors": [{"field": "family_name", "message": "..."}, ...]}; an empty field is null.
std::string RenderErrors(absl::Span<const FieldError> errors);

}  // namespace leadgw::emulators::hotprofile

#endif  // LEADGW_EMULATORS_HOTPROFILE_RENDER_H_
