#include "core/utf8.h"

#include <gtest/gtest.h>

namespace byteback::utf8 {
namespace {

TEST(Utf8Test, RoundTripsEveryPlane) {
  for (char32_t cp : {U'a', U'\u00e9', U'\u0930', U'\u0627', U'\U0001F600'}) {
    std::string s;
    Append(cp, &s);
    size_t pos = 0;
    EXPECT_EQ(Decode(s, &pos), cp);
    EXPECT_EQ(pos, s.size());
  }
}

TEST(Utf8Test, RejectsMalformed) {
  EXPECT_TRUE(IsValid("plain ascii"));
  EXPECT_TRUE(IsValid("\xe0\xa4\xb0"));              // र
  EXPECT_FALSE(IsValid("\xc0\xaf"));                 // overlong '/'
  EXPECT_FALSE(IsValid("\xed\xa0\x80"));             // surrogate
  EXPECT_FALSE(IsValid("\xf4\x90\x80\x80"));         // > U+10FFFF
  EXPECT_FALSE(IsValid("ab\xe0\xa4"));               // truncated
  EXPECT_EQ(FirstInvalid("ab\xffz"), 2u);
}

TEST(Utf8Test, DecodeAlwaysAdvances) {
  std::string s = "\xff\xfe\xe0";
  size_t pos = 0;
  int n = 0;
  while (pos < s.size()) {
    EXPECT_EQ(Decode(s, &pos), kReplacement);
    ++n;
  }
  EXPECT_EQ(n, 3);
}

}  // namespace
}  // namespace byteback::utf8

namespace byteback::utf8 {
namespace {

TEST(TruncateToBoundaryTest, NeverCutsACharacter) {
  const std::string s = "ab\xe0\xa4\xa4\xf0\x9f\x98\x80";  // "ab", a Devanagari letter, an emoji
  EXPECT_EQ(TruncateToBoundary(s, 100), s);
  EXPECT_EQ(TruncateToBoundary(s, 2), "ab");
  EXPECT_EQ(TruncateToBoundary(s, 3), "ab");
  EXPECT_EQ(TruncateToBoundary(s, 4), "ab");
  EXPECT_EQ(TruncateToBoundary(s, 5), "ab\xe0\xa4\xa4");
  EXPECT_EQ(TruncateToBoundary(s, 8), "ab\xe0\xa4\xa4");
  EXPECT_EQ(TruncateToBoundary(s, 0), "");
  for (size_t n = 0; n <= s.size(); ++n) EXPECT_TRUE(IsValid(TruncateToBoundary(s, n))) << n;
}

}  // namespace
}  // namespace byteback::utf8
