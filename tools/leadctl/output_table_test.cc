#include "tools/leadctl/output_table.h"

#include "gtest/gtest.h"

namespace leadgw::leadctl {
namespace {

TEST(OutputTableTest, PadsColumnsByDisplayWidth) {
  Table table({"ID", "NAME", "EMAIL"});
  table.AddRow({"1", "山田", "a@example.com"});
  table.AddRow({"22", "Ada Lovelace", "ada@example.com"});
  EXPECT_EQ(table.Render(),
            "ID  NAME          EMAIL\n"
            "1   山田          a@example.com\n"
            "22  Ada Lovelace  ada@example.com\n");
}

TEST(OutputTableTest, MissingCellsBlankLineBreaksFlattened) {
  Table table({"A", "B"});
  table.AddRow({"x\ny"});
  EXPECT_EQ(table.Render(), "A    B\nx y  \n");
}

TEST(OutputTableTest, DisplayWidth) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("ヤマダ"), 6);
  EXPECT_EQ(DisplayWidth("ｱｲ"), 2);  // half-width kana take one column
  EXPECT_EQ(DisplayWidth("é"), 1);
}

}  // namespace
}  // namespace leadgw::leadctl
