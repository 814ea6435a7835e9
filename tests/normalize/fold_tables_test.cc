// Checks the committed generated table (fold_tables.cc) against ICU, the
// reference: a stale or hand-edited table fails here.
#include "normalize/fold_tables.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>

namespace byteback::normalize::internal {
namespace {

std::string Text(const FoldEntry& e) { return std::string(e.text, e.len); }

// NFKC_Casefold then "Any-Latin; Latin-ASCII", as the generator does for
// letters without a confusable skeleton.
class IcuFold {
 public:
  IcuFold() {
    UErrorCode e = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(e);
    tr_.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, e));
    ok_ = U_SUCCESS(e);
  }
  std::string operator()(char32_t c) const {
    UErrorCode e = U_ZERO_ERROR;
    icu::UnicodeString s = nfkc_cf_->normalize(icu::UnicodeString(static_cast<UChar32>(c)), e);
    tr_->transliterate(s);
    std::string out;
    s.toUTF8String(out);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  }
  bool ok() const { return ok_; }

 private:
  const icu::Normalizer2* nfkc_cf_ = nullptr;
  std::unique_ptr<icu::Transliterator> tr_;
  bool ok_ = false;
};

TEST(FoldTablesTest, AsciiLettersFoldToLowerCase) {
  for (char32_t c = 'A'; c <= 'Z'; ++c) {
    EXPECT_EQ(LookupFold(c).cls, CharClass::kLetter);
    EXPECT_EQ(Text(LookupFold(c)), std::string(1, static_cast<char>(c - 'A' + 'a')));
  }
  EXPECT_EQ(LookupFold(' ').cls, CharClass::kSep);
  EXPECT_EQ(LookupFold('_').cls, CharClass::kSep);
  EXPECT_EQ(LookupFold('$').cls, CharClass::kSymbol);
  EXPECT_EQ(LookupFold('.').cls, CharClass::kPunct);
}

TEST(FoldTablesTest, LatinLettersMatchIcu) {
  IcuFold icu;
  ASSERT_TRUE(icu.ok());
  int checked = 0;
  for (char32_t c = 0xC0; c <= 0x24F; ++c) {
    const FoldEntry& e = LookupFold(c);
    if (e.cls != CharClass::kLetter || (e.flags & kEntryConfusable)) continue;
    EXPECT_EQ(Text(e), icu(c)) << std::hex << static_cast<uint32_t>(c);
    ++checked;
  }
  EXPECT_GT(checked, 150);
}

TEST(FoldTablesTest, FullwidthAndMathLettersMatchIcu) {
  IcuFold icu;
  for (char32_t c : {0xFF21u, 0xFF41u, 0xFF3Au, 0x1D400u, 0x1D41Au, 0x1D5BAu, 0x24B6u, 0x24D0u,
                     0x2102u, 0x210Cu, 0xFB01u}) {
    const FoldEntry& e = LookupFold(c);
    EXPECT_EQ(e.cls, CharClass::kLetter) << std::hex << static_cast<uint32_t>(c);
    EXPECT_EQ(Text(e), icu(c)) << std::hex << static_cast<uint32_t>(c);
    EXPECT_NE(e.flags & kEntryConfusable, 0);
  }
}

TEST(FoldTablesTest, DigitsMatchIcuDigitValues) {
  for (char32_t c : {0x30u, 0x39u, 0x966u, 0x9E7u, 0xBEFu, 0x660u, 0x6F5u, 0xFF15u}) {
    const FoldEntry& e = LookupFold(c);
    ASSERT_EQ(e.cls, CharClass::kDigit) << std::hex << static_cast<uint32_t>(c);
    EXPECT_EQ(e.text[0] - '0', u_charDigitValue(static_cast<UChar32>(c)));
  }
}

TEST(FoldTablesTest, DefaultIgnorablesAreIgnored) {
  int checked = 0;
  for (char32_t c = 0; c <= kMaxCodePoint; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    if (!u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
    EXPECT_EQ(LookupFold(c).cls, CharClass::kIgnore) << std::hex << static_cast<uint32_t>(c);
    ++checked;
  }
  EXPECT_GT(checked, 1000);
}

TEST(FoldTablesTest, ConfusablesFoldToTheirLatinPrototype) {
  const std::pair<char32_t, const char*> cases[] = {
      {0x0430, "a"}, {0x0435, "e"}, {0x043E, "o"}, {0x0440, "p"}, {0x0441, "c"},
      {0x0455, "s"}, {0x03BF, "o"}, {0x03BD, "v"}, {0x1D00, "a"}, {0xA731, "s"},
  };
  for (const auto& [c, want] : cases) {
    const FoldEntry& e = LookupFold(c);
    EXPECT_EQ(e.cls, CharClass::kLetter);
    EXPECT_EQ(Text(e), want) << std::hex << static_cast<uint32_t>(c);
    EXPECT_NE(e.flags & kEntryConfusable, 0);
  }
}

TEST(FoldTablesTest, AbugidaClasses) {
  EXPECT_EQ(LookupFold(0x0915).cls, CharClass::kConsonant);  // क
  EXPECT_EQ(Text(LookupFold(0x0915)), "k");
  EXPECT_EQ(LookupFold(0x093F).cls, CharClass::kVowelSign);  // ि
  EXPECT_EQ(Text(LookupFold(0x093F)), "i");
  EXPECT_EQ(LookupFold(0x094D).cls, CharClass::kVirama);
  EXPECT_EQ(LookupFold(0x0BCD).cls, CharClass::kVirama);     // Tamil pulli
  EXPECT_EQ(LookupFold(0x0DCA).cls, CharClass::kVirama);     // Sinhala al-lakuna
  EXPECT_EQ(LookupFold(0x0902).cls, CharClass::kBindu);
  EXPECT_EQ(LookupFold(0x093C).cls, CharClass::kIgnore);     // nukta
  EXPECT_EQ(LookupFold(0x0964).cls, CharClass::kSep);        // danda
}

TEST(FoldTablesTest, UnfoldedLettersPassThrough) {
  EXPECT_EQ(LookupFold(0x65E5).cls, CharClass::kPassThrough);  // 日
  EXPECT_EQ(LookupFold(0x1F600).cls, CharClass::kSep);         // emoji
  EXPECT_EQ(LookupFold(0x10FFFF).cls, CharClass::kSep);
}

}  // namespace
}  // namespace byteback::normalize::internal
