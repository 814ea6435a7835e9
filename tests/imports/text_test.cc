// text_test.cc: the helpers behind the readers (internal header).
#include <gtest/gtest.h>

#include "imports/imports_internal.h"

namespace byteback::imports::internal {
namespace {

TEST(TextTest, RepairMojibake) {
  EXPECT_EQ(RepairMojibake("Caf\xC3\x83\xC2\xA9"), "Café");  // "CafÃ©" -> "Café"
  EXPECT_EQ(RepairMojibake("Café"), "Café");                 // é alone is not valid UTF-8 as a byte
  EXPECT_EQ(RepairMojibake("नमस्ते"), "नमस्ते");             // real text above U+00FF
  EXPECT_EQ(RepairMojibake("plain"), "plain");
}

TEST(TextTest, CutUtf8KeepsSequencesWhole) {
  std::string s = "aनब";  // 1 + 3 + 3 bytes
  EXPECT_TRUE(CutUtf8(&s, 5));
  EXPECT_EQ(s, "aन");
  EXPECT_FALSE(CutUtf8(&s, 100));
}

TEST(TextTest, Times) {
  EXPECT_EQ(IsoFromUnix(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoFromUnix(1609459200), "2021-01-01T00:00:00Z");
  EXPECT_EQ(NormalizeTime("1609459200123"), "2021-01-01T00:00:00Z");
  EXPECT_EQ(NormalizeTime("2021-01-01T05:30:00+05:30"), "2021-01-01T00:00:00Z");
  EXPECT_EQ(NormalizeTime("2021-01-01 00:00:00.5Z"), "2021-01-01T00:00:00Z");
  EXPECT_EQ(NormalizeTime("2021-01-01T00:00:00"), "2021-01-01T00:00:00");  // no zone: kept
  EXPECT_EQ(NormalizeTime("yesterday"), "yesterday");
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
}

}  // namespace
}  // namespace byteback::imports::internal
