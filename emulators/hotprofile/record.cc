#include "emulators/hotprofile/record.h"

namespace leadgw::emulators::hotprofile {

const std::string& Record::Value(const std::string& name) const {
  static const std::string* const kEmpty = new std::string();
  const auto it = values.find(name);
  return it == values.end() ? *kEmpty : it->second;
}

}  // namespace leadgw::emulators::hotprofile
