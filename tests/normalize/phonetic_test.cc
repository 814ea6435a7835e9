// Tests of the phonetic skeleton: spelling variants that must meet, words
// that must stay apart, and native-script forms that meet their romanised
// forms (docs/NORMALIZATION.md#what-meets).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "normalize/normalize.h"

namespace byteback::normalize {
namespace {

class PhoneticTest : public ::testing::Test {
 protected:
  std::string P(std::string_view s) const { return norm_.PhoneticTerm(s); }
  Normalizer norm_;
};

TEST_F(PhoneticTest, RomanisedVariantsMeet) {
  const std::vector<std::vector<std::string>> groups = {
      {"randi", "raandi", "r@ndee", "randy", "rndi", "RANDI", "randii"},
      {"chutiya", "chutiyaa", "chootiya", "chutia", "chutya"},
      {"madarchod", "madharchod", "maderchod", "mdrchod", "maadarchod"},
      {"bhosdike", "bhosadike", "bhosdikey"},
      {"kutti", "kuttee", "kuti"},
      {"harami", "haraami", "haramee"},
      {"saali", "sali"},
      {"gandu", "gaandu", "gaandoo"},
      {"kutte", "kuttey", "kuttay", "kute"},
      {"bharwe", "bharwey", "bharway"},
      {"phuddi", "phuddy", "fuddi"},
      {"fuck", "phuck", "fuk", "fuuuuck", "f.u.c.k"},
      {"bitch", "b1tch", "b!tch", "bitchhh"},
  };
  for (const auto& g : groups) {
    const std::string want = P(g[0]);
    for (const std::string& w : g) EXPECT_EQ(P(w), want) << w << " vs " << g[0];
  }
}

TEST_F(PhoneticTest, DifferentWordsStayApart) {
  const std::vector<std::pair<std::string, std::string>> apart = {
      {"shit", "shot"}, {"shit", "sheet"}, {"slut", "slit"}, {"randi", "rando"},
      {"kutta", "kutti"}, {"cunt", "cant"}, {"whore", "where"}, {"bitch", "beach"},
      {"dick", "duck"}, {"hoe", "he"}, {"rape", "ripe"}, {"class", "ass"},
  };
  for (const auto& [a, b] : apart) EXPECT_NE(P(a), P(b)) << a << " vs " << b;
}

TEST_F(PhoneticTest, NativeAndRomanisedFormsMeet) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"रंडी", "randi"},        {"कुतिया", "kutiya"},   {"हरामी", "harami"},
      {"कुत्ता", "kutta"},      {"रांड", "raand"},      {"चूतिया", "chutiya"},
      {"मादरचोद", "madarchod"}, {"মাগি", "magi"},       {"খানকি", "khanki"},
      {"চুদ", "chud"},          {"حرامی", "harami"},    {"رنڈی", "randi"},
      {"தேவடியா", "thevdiya"},  {"වේසි", "vesi"},       {"පරයා", "paraya"},
      {"गांडू", "gandu"},
  };
  for (const auto& [native, roman] : pairs) {
    EXPECT_EQ(P(native), P(roman)) << native << " vs " << roman;
  }
}

TEST_F(PhoneticTest, DocumentedMisses) {
  // Urdu script leaves short vowels unwritten: کتیا is "ktia", not "kutia".
  // Kept as a test so that a change of behaviour updates the docs.
  EXPECT_NE(P("کتیا"), P("kutiya"));
  EXPECT_NE(P("தேவடியா"), P("thevidiya"));
}

TEST_F(PhoneticTest, ConsonantRules) {
  EXPECT_EQ(P("phone"), P("fone"));
  EXPECT_EQ(P("quick"), P("kuik"));
  EXPECT_EQ(P("wala"), P("vala"));
  EXPECT_EQ(P("zaleel"), P("jaleel"));
  EXPECT_EQ(P("bhai"), P("bai"));
  EXPECT_EQ(P("chhinal"), P("chinal"));
  EXPECT_NE(P("shit"), P("sit"));  // sh stays
}

TEST_F(PhoneticTest, KeepsMasksDigitsAndOtherScripts) {
  EXPECT_EQ(P("f*ck"), "f*k");
  EXPECT_EQ(P("2024"), "2024");
  EXPECT_EQ(P("日本"), "日本");
}

}  // namespace
}  // namespace byteback::normalize
