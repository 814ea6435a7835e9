// Tests of the JSON text writer: every output must parse as JSON and say
// what the input said.
#include "core/json_text.h"

#include <gtest/gtest.h>

#include <string>

namespace byteback::json_text {
namespace {

std::string Str(std::string_view s) {
  std::string out;
  AppendString(s, &out);
  return out;
}

std::string Fixed(double v, int decimals, bool trim) {
  std::string out;
  AppendFixed(v, decimals, trim, &out);
  return out;
}

TEST(JsonTextTest, StringsAreQuotedAndEscaped) {
  EXPECT_EQ(Str(""), "\"\"");
  EXPECT_EQ(Str("plain text"), "\"plain text\"");
  EXPECT_EQ(Str("say \"hi\" \\ bye"), "\"say \\\"hi\\\" \\\\ bye\"");
  EXPECT_EQ(Str("a\nb\rc\td"), "\"a\\nb\\rc\\td\"");
  EXPECT_EQ(Str(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\\u007f\"");
  EXPECT_EQ(Str(std::string("nul\0in", 6)), "\"nul\\u0000in\"");
}

TEST(JsonTextTest, ValidUtf8IsKeptAndInvalidBecomesReplacement) {
  EXPECT_EQ(Str("रंडी نہیں ok"), "\"रंडी نہیں ok\"");
  // A lone continuation byte and a truncated sequence: U+FFFD each, the rest kept.
  EXPECT_EQ(Str("a\x80" "b\xE2\x82"), "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonTextTest, FixedDecimals) {
  EXPECT_EQ(Fixed(0.5, 4, false), "0.5000");
  EXPECT_EQ(Fixed(0.5, 4, true), "0.5");
  EXPECT_EQ(Fixed(1.0, 4, true), "1");
  EXPECT_EQ(Fixed(0.0, 4, true), "0");
  EXPECT_EQ(Fixed(0.00031, 4, true), "0.0003");
  EXPECT_EQ(Fixed(0.85f, 4, false), "0.8500");  // a float score, widened
  EXPECT_EQ(Fixed(0.12345, 4, false), "0.1235");  // correctly rounded
  EXPECT_EQ(Fixed(100.0, 4, true), "100");        // only fractional zeros are trimmed
  EXPECT_EQ(Fixed(7.0, 0, true), "7");
}

TEST(JsonTextTest, Integers) {
  std::string out;
  AppendInt(0, &out);
  out.push_back(',');
  AppendInt(-42, &out);
  out.push_back(',');
  AppendInt(9223372036854775807LL, &out);
  EXPECT_EQ(out, "0,-42,9223372036854775807");
}

}  // namespace
}  // namespace byteback::json_text
