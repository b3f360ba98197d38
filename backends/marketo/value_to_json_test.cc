#include "backends/marketo/value_to_json.h"

#include <cmath>
#include <functional>
#include <limits>

#include "absl/strings/escaping.h"
#include "backends/common/json_reader.h"
#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

std::string Json(const google::protobuf::Value& value) {
  JsonBody body(0);
  absl::Status status = WriteValueJson(value, body.writer());
  if (!status.ok()) return std::string(status.message());
  return body.Text();
}

google::protobuf::Value Number(double d) {
  google::protobuf::Value v;
  v.set_number_value(d);
  return v;
}

TEST(ValueToJsonTest, Scalars) {
  google::protobuf::Value v;
  v.set_null_value(google::protobuf::NULL_VALUE);
  EXPECT_EQ(Json(v), "null");
  v.set_bool_value(true);
  EXPECT_EQ(Json(v), "true");
  v.set_string_value("山田 \"q\"");
  EXPECT_EQ(Json(v), "\"山田 \\\"q\\\"\"");
  EXPECT_EQ(Json(Number(45)), "45");
  EXPECT_EQ(Json(Number(-3)), "-3");
  EXPECT_EQ(Json(Number(1.5)), "1.5");
}

TEST(ValueToJsonTest, StructsAndLists) {
  google::protobuf::Value v;
  auto& fields = *v.mutable_struct_value()->mutable_fields();
  fields["a"].mutable_list_value()->add_values()->set_string_value("x");
  fields["a"].mutable_list_value()->add_values()->set_number_value(2);
  EXPECT_EQ(Json(v), R"({"a":["x",2]})");
}

TEST(ValueToJsonTest, Rejects) {
  EXPECT_EQ(Json(google::protobuf::Value()), "value is not set");
  EXPECT_EQ(Json(Number(std::numeric_limits<double>::infinity())), "number is not finite");
  EXPECT_EQ(Json(Number(std::nan(""))), "number is not finite");
}

// Byte-exact: what the DOM serialisation this replaced wrote (RapidJSON's Writer rules):
// quotes, backslashes and control characters escaped, '/' and UTF-8 passed through.
TEST(ValueToJsonTest, StringsByteExact) {
  google::protobuf::Value v;
  v.set_string_value("");
  EXPECT_EQ(Json(v), R"("")");
  const char kRaw[] = "a\0b\x01\x1f\x7f/\\\"\b\f\n\r\t";
  v.set_string_value(std::string(kRaw, sizeof(kRaw) - 1));
  EXPECT_EQ(Json(v), "\"a\\u0000b\\u0001\\u001F\x7f/\\\\\\\"\\b\\f\\n\\r\\t\"");
  v.set_string_value("山田 é 😀");
  EXPECT_EQ(Json(v), "\"山田 é 😀\"");
}

TEST(ValueToJsonTest, NumbersByteExact) {
  EXPECT_EQ(Json(Number(0)), "0");
  EXPECT_EQ(Json(Number(-0.0)), "0");
  EXPECT_EQ(Json(Number(9007199254740993.0)), "9007199254740992");
  EXPECT_EQ(Json(Number(-1.25)), "-1.25");
  EXPECT_EQ(Json(Number(0.1)), "0.1");
  EXPECT_EQ(Json(Number(1e-7)), "1e-7");
  EXPECT_EQ(Json(Number(9.2e18)), "9200000000000000000.0");  // not below the int64 bound
  EXPECT_EQ(Json(Number(1e300)), "1e300");
}

TEST(ValueToJsonTest, EmptyAndNestedByteExact) {
  google::protobuf::Value v;
  v.mutable_struct_value();
  EXPECT_EQ(Json(v), "{}");
  v.mutable_list_value();
  EXPECT_EQ(Json(v), "[]");
  google::protobuf::Value nested;
  auto& list = *nested.mutable_list_value();
  list.add_values()->set_null_value(google::protobuf::NULL_VALUE);
  list.add_values()->mutable_struct_value();
  (*list.add_values()->mutable_struct_value()->mutable_fields())["k"].set_bool_value(false);
  EXPECT_EQ(Json(nested), R"([null,{},{"k":false}])");
}

// An error deep inside is reported as such (the caller discards the partial text).
TEST(ValueToJsonTest, RejectsNestedValues) {
  google::protobuf::Value v;
  auto& fields = *v.mutable_struct_value()->mutable_fields();
  fields["a"].mutable_list_value()->add_values()->set_number_value(std::nan(""));
  EXPECT_EQ(Json(v), "number is not finite");
}

// {`sample`: [`sample`, `sample`]}, the strings written by `text` (an object key and array
// items: Text() must keep the writer's separators right in both places).
std::string Document(const std::string& sample,
                     const std::function<void(JsonWriter&, const std::string&)>& text) {
  JsonBody body(0);
  JsonWriter& out = body.writer();
  out.StartObject();
  text(out, sample);
  out.StartArray();
  text(out, sample);
  text(out, sample);
  out.EndArray();
  out.EndObject();
  return body.Text();
}

void ExpectWrittenAsRapidjsonWrites(const std::string& sample) {
  const std::string ours =
      Document(sample, [](JsonWriter& out, const std::string& s) { out.Text(s); });
  const std::string theirs = Document(sample, [](JsonWriter& out, const std::string& s) {
    out.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  });
  ASSERT_EQ(ours, theirs) << absl::CEscape(sample);
  ASSERT_TRUE(common::ParseJsonObject(ours).ok()) << absl::CEscape(sample);
}

// Text() copies plain text in one piece and hands the rest to rapidjson: the bytes must be
// rapidjson's either way.
TEST(ValueToJsonTest, TextWritesWhatRapidjsonWrites) {
  for (const std::string& sample :
       {std::string(), std::string("plain"), std::string("yamada@example.co.jp"),
        std::string("山田 太郎"), std::string("say \"hi\""), std::string("back\\slash"),
        std::string("nul\0inside", 10), std::string("tab\there\nnewline"),
        std::string("\x1f\x7f/slash"), std::string(300, 'x') + "\""}) {
    ExpectWrittenAsRapidjsonWrites(sample);
  }
}

// Every byte value at every position of a word, between plain ASCII and between UTF-8
// continuation bytes (which must not borrow their way into a false answer).
TEST(ValueToJsonTest, TextEscapesExactlyTheBytesRapidjsonEscapes) {
  for (const char filler : {'a', '\xa5'}) {
    for (int byte = 0; byte < 256; ++byte) {
      for (size_t position = 0; position < 17; ++position) {
        std::string sample(17, filler);
        sample[position] = static_cast<char>(byte);
        ExpectWrittenAsRapidjsonWrites(sample);
      }
    }
  }
}

}  // namespace
}  // namespace leadgw::backends::marketo
