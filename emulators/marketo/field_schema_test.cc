#include "emulators/marketo/field_schema.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

TEST(FieldSchemaTest, StandardFieldsCoverTheGatewayMapping) {
  std::set<std::string> names;
  for (const FieldDef& f : StandardLeadFields()) names.insert(f.name);
  for (const char* n : {"email", "firstName", "lastName", "company", "title", "phone",
                        "mobilePhone", "address", "city", "state", "postalCode", "country",
                        "website", "leadSource", "leadStatus", "unsubscribed", "createdAt",
                        "updatedAt"}) {
    EXPECT_TRUE(names.count(n)) << n;
  }
}

TEST(FieldSchemaTest, NameRules) {
  EXPECT_TRUE(IsValidFieldName("acmeAccessCode"));
  EXPECT_TRUE(IsValidFieldName("a_1"));
  EXPECT_FALSE(IsValidFieldName("1abc"));
  EXPECT_FALSE(IsValidFieldName("_abc"));
  EXPECT_FALSE(IsValidFieldName("has space"));
  EXPECT_FALSE(IsValidFieldName(""));
  EXPECT_TRUE(IsValidDisplayName("My Custom Field"));
  EXPECT_TRUE(IsValidDisplayName("姓 カナ"));
  EXPECT_FALSE(IsValidDisplayName("Bad!"));
  EXPECT_TRUE(IsCreatableDataType("string"));
  EXPECT_FALSE(IsCreatableDataType("text"));
  EXPECT_TRUE(IsSearchableCustomType("integer"));
  EXPECT_FALSE(IsSearchableCustomType("boolean"));
}

}  // namespace
}  // namespace leadgw::emulators::marketo
