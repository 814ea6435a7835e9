// Tests of Normalizer: one test per normalisation rule, offsets, bad input.
#include "normalize/normalize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace byteback::normalize {
namespace {

class NormalizeTest : public ::testing::Test {
 protected:
  std::string Fold(std::string_view s) const { return norm_.NormalizeTerm(s); }
  const Token& Only(std::string_view s) {
    norm_.Normalize(s, &nt_);
    EXPECT_EQ(nt_.tokens.size(), 1u) << s;
    static const Token kNone;
    return nt_.tokens.empty() ? kNone : nt_.tokens[0];
  }
  Normalizer norm_;
  NormalizedText nt_;
};

TEST_F(NormalizeTest, EmptyInputGivesNoTokens) {
  norm_.Normalize("", &nt_);
  EXPECT_TRUE(nt_.tokens.empty());
  EXPECT_EQ(nt_.text, " ");
  EXPECT_EQ(nt_.phonetic, " ");
  EXPECT_EQ(Fold("  ,;!? "), "");
}

TEST_F(NormalizeTest, LayoutHasOneSpaceAroundEachToken) {
  norm_.Normalize("You  SLUT!", &nt_);
  EXPECT_EQ(nt_.text, " you slut ");
  ASSERT_EQ(nt_.tokens.size(), 2u);
  EXPECT_EQ(nt_.folded(nt_.tokens[1]), "slut");
  EXPECT_EQ(nt_.text[nt_.tokens[1].norm_begin - 1], ' ');
  EXPECT_EQ(nt_.phonetic.front(), ' ');
  EXPECT_EQ(nt_.phonetic.back(), ' ');
}

TEST_F(NormalizeTest, CaseFoldsAndNfkc) {
  EXPECT_EQ(Fold("Teri  MAA"), "teri maa");
  EXPECT_EQ(Fold("STRASSE Straße"), "strasse strasse");
  EXPECT_EQ(Fold("ﬁne"), "fine");        // ligature
  EXPECT_EQ(Fold("Ｓｌｕｔ"), "slut");    // fullwidth
  // TR39 skeletons "m" as "rn"; an m look-alike must fold to "m".
  EXPECT_EQ(Fold("ｍｕｊｉ"), "muji");
  EXPECT_EQ(Fold("𝐦𝐚𝐝𝐚𝐫𝐜𝐡𝐨𝐝"), "madarchod");
  EXPECT_EQ(Fold("naïve café"), "naive cafe");
}

TEST_F(NormalizeTest, RemovesZeroWidthAndFormatCharacters) {
  EXPECT_EQ(Fold("sl\u200But"), "slut");
  EXPECT_EQ(Fold("sl\u200Dut"), "slut");
  EXPECT_EQ(Fold("s\u00ADl\u2060u\uFEFFt"), "slut");
  EXPECT_EQ(Fold("slu\uFE0Ft"), "slut");
}

TEST_F(NormalizeTest, FoldsConfusables) {
  EXPECT_EQ(Fold("\u0455lut"), "slut");                  // Cyrillic dze
  EXPECT_EQ(Fold("\u0430\u0455\u0455"), "ass");          // Cyrillic a, dze
  EXPECT_EQ(Fold("\u03BD\u03BF"), "vo");                  // Greek nu omicron
  EXPECT_EQ(Fold("\uA731\u029F\u1D1C\u1D1B"), "slut");    // small capitals
  EXPECT_EQ(Fold("\U0001D42C\U0001D425\U0001D42E\U0001D42D"), "slut");  // math bold
  EXPECT_EQ(Fold("\u24E2\u24DB\u24E4\u24E3"), "slut");    // circled
  EXPECT_NE(Only("\u0455lut").flags & kFlagConfusable, 0);
  EXPECT_EQ(Only("slut").flags & kFlagConfusable, 0);
}

TEST_F(NormalizeTest, ReadsLeetInsideWords) {
  EXPECT_EQ(Fold("b1tch"), "bitch");
  EXPECT_EQ(Fold("sh!t"), "shit");
  EXPECT_EQ(Fold("b@stard"), "bastard");
  EXPECT_EQ(Fold("h0e"), "hoe");
  EXPECT_EQ(Fold("a$$h0le"), "asshole");
  EXPECT_NE(Only("b1tch").flags & kFlagLeet, 0);
  EXPECT_EQ(Only("bitch").flags & kFlagLeet, 0);
}

TEST_F(NormalizeTest, ReadsLeetAtWordEdges) {
  EXPECT_EQ(Fold("$lut"), "slut");
  EXPECT_EQ(Fold("a$$"), "ass");
  EXPECT_EQ(Fold("a55"), "ass");
  EXPECT_EQ(Fold("shit!!!"), "shit");  // trailing '!' is punctuation
  EXPECT_EQ(Fold("!!!"), "");
}

TEST_F(NormalizeTest, NumbersStayNumbers) {
  EXPECT_EQ(Fold("2024 100"), "2024 100");
  EXPECT_EQ(Fold("10th"), "10th");
  EXPECT_EQ(Fold("user123"), "user123");
  EXPECT_EQ(Fold("\uFF12\uFF10\u0968\u09EA"), "2024");  // fullwidth, Devanagari, Bengali digits
  EXPECT_EQ(Only("2024").script, Script::kOther);
}

TEST_F(NormalizeTest, MentionDropsAtSign) {
  norm_.Normalize("@randi_lover hi", &nt_);
  ASSERT_EQ(nt_.tokens.size(), 3u);
  EXPECT_EQ(nt_.folded(nt_.tokens[0]), "randi");
  EXPECT_EQ(nt_.tokens[0].begin, 1u);
  EXPECT_EQ(nt_.folded(nt_.tokens[1]), "lover");
}

TEST_F(NormalizeTest, KeepsMaskCharacter) {
  EXPECT_EQ(Fold("f*ck"), "f*ck");
  EXPECT_EQ(Fold("f**k"), "f**k");
  EXPECT_EQ(Fold("sh*"), "sh*");
  EXPECT_NE(Only("f*ck").flags & kFlagMasked, 0);
  EXPECT_EQ(Only("fuck").flags & kFlagMasked, 0);
}

TEST_F(NormalizeTest, CollapsesStretchedLetters) {
  EXPECT_EQ(Fold("whoooore"), "whore");
  EXPECT_EQ(Fold("fuuuuuck"), "fuck");
  EXPECT_EQ(Fold("maaa"), "ma");
  EXPECT_EQ(Fold("maa"), "maa");    // doubled vowels are spelling, not stretching
  EXPECT_EQ(Fold("good book"), "good book");
  EXPECT_NE(Only("whoooore").flags & kFlagStretched, 0);
  EXPECT_EQ(Only("good").flags & kFlagStretched, 0);
}

TEST_F(NormalizeTest, JoinsSpacedOutLetters) {
  norm_.Normalize("you s l u t!", &nt_);
  ASSERT_EQ(nt_.tokens.size(), 2u);
  const Token& t = nt_.tokens[1];
  EXPECT_EQ(nt_.folded(t), "slut");
  EXPECT_EQ(nt_.skeleton(t), "slut");
  EXPECT_EQ(t.begin, 4u);
  EXPECT_EQ(t.end, 11u);
  EXPECT_NE(t.flags & kFlagJoined, 0);
  EXPECT_EQ(nt_.text, " you slut ");
  EXPECT_EQ(Fold("f u c k"), "fuck");
  EXPECT_EQ(Fold("s. l. u. t"), "slut");
  EXPECT_EQ(Fold("F  U  C  K"), "fuck");
}

TEST_F(NormalizeTest, DoesNotJoinShortRunsOrWords) {
  EXPECT_EQ(Fold("a b"), "a b");
  EXPECT_EQ(Fold("I am a cat"), "i am a cat");
  norm_.Normalize("s l\nu t", &nt_);  // a newline is not a short gap
  EXPECT_EQ(nt_.text, " s l u t ");
  Normalizer off(NormalizeOptions{.join_min_letters = 0});
  EXPECT_EQ(off.NormalizeTerm("s l u t"), "s l u t");
  Normalizer five(NormalizeOptions{.join_min_letters = 5});
  EXPECT_EQ(five.NormalizeTerm("s l u t"), "s l u t");
}

TEST_F(NormalizeTest, DropsPunctuationInsideWords) {
  EXPECT_EQ(Fold("s.l.u.t"), "slut");
  EXPECT_EQ(Fold("s-l-u-t"), "slut");
  EXPECT_EQ(Fold("fu.ck"), "fuck");
  EXPECT_EQ(Fold("don't"), "dont");
  EXPECT_EQ(Fold("don\u2019t"), "dont");
  EXPECT_EQ(Fold("end. next"), "end next");
  EXPECT_NE(Only("s.l.u.t").flags & kFlagInnerPunct, 0);
}

TEST_F(NormalizeTest, ScunthorpeWordsStayThemselves) {
  for (const char* w : {"scunthorpe", "assassin", "class", "cocktail", "dickens", "shiitake",
                        "therapist", "Essex", "grape", "analysis"}) {
    norm_.Normalize(w, &nt_);
    ASSERT_EQ(nt_.tokens.size(), 1u) << w;
    std::string lower(w);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(nt_.folded(nt_.tokens[0]), lower);
    EXPECT_EQ(nt_.tokens[0].flags, 0) << w;
  }
}

TEST_F(NormalizeTest, TransliteratesDevanagariWithInherentVowel) {
  EXPECT_EQ(Fold("रंडी"), "randi");
  EXPECT_EQ(Fold("कुत्ता"), "kutta");   // virama: no inherent vowel
  EXPECT_EQ(Fold("हरामी"), "harami");   // matras replace it
  EXPECT_EQ(Fold("रांड"), "rand");      // word-final schwa deleted
  EXPECT_EQ(Fold("कुतिया"), "kutiya");
  EXPECT_EQ(Fold("छिनाल"), "chhinal");
  const Token& t = Only("रंडी");
  EXPECT_EQ(t.script, Script::kDevanagari);
  EXPECT_NE(t.flags & kFlagTranslit, 0);
}

TEST_F(NormalizeTest, TransliteratesOtherNativeScripts) {
  EXPECT_EQ(Fold("চুদ"), "chud");
  EXPECT_EQ(Fold("মাগি"), "magi");
  EXPECT_EQ(Fold("தேவடியா"), "thevadiya");
  EXPECT_EQ(Fold("වේසි"), "vesi");
  EXPECT_EQ(Fold("පරයා"), "paraya");
  EXPECT_EQ(Fold("حرامی"), "hrami");
  EXPECT_EQ(Fold("رنڈی"), "rndi");
  EXPECT_EQ(Only("চুদ").script, Script::kBengali);
  EXPECT_EQ(Only("தேவடியா").script, Script::kTamil);
  EXPECT_EQ(Only("වේසි").script, Script::kSinhala);
  EXPECT_EQ(Only("حرامی").script, Script::kArabic);
}

TEST_F(NormalizeTest, ArabicPresentationFormsFoldToLetters) {
  // U+FEAD REH isolated, U+FEE7 NOON initial: same as the base letters.
  EXPECT_EQ(Fold("\uFEAD\uFEE7"), Fold("\u0631\u0646"));
}

TEST_F(NormalizeTest, UnfoldedScriptsPassThrough) {
  EXPECT_EQ(Fold("日本 語"), "日本 語");
  EXPECT_EQ(Only("日本").script, Script::kOther);
}

TEST_F(NormalizeTest, CountsLettersPerScript) {
  norm_.Normalize("hi रंडी", &nt_);
  EXPECT_EQ(nt_.script_letters[static_cast<size_t>(Script::kLatin)], 2u);
  EXPECT_EQ(nt_.script_letters[static_cast<size_t>(Script::kDevanagari)], 2u);  // र ड
  EXPECT_EQ(nt_.tokens[0].script, Script::kLatin);
}

TEST_F(NormalizeTest, OffsetsMapBackToOriginalBytes) {
  const std::string s = "Hey \u0455lut, f*ck   y0u!! s l u t रंडी 2024 @x_y whoooore";
  norm_.Normalize(s, &nt_);
  const std::vector<std::string> want = {"Hey", "\u0455lut", "f*ck", "y0u", "s l u t",
                                         "रंडी", "2024", "x", "y", "whoooore"};
  ASSERT_EQ(nt_.tokens.size(), want.size());
  uint32_t prev_end = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const Token& t = nt_.tokens[i];
    EXPECT_EQ(s.substr(t.begin, t.end - t.begin), want[i]);
    EXPECT_GE(t.begin, prev_end);
    prev_end = t.end;
  }
}

TEST_F(NormalizeTest, InvalidUtf8IsASeparator) {
  const std::string s = std::string("sl") + "\xFF" + "ut" + "\xC3" + " ok\xE2\x82";
  norm_.Normalize(s, &nt_);
  EXPECT_EQ(nt_.text, " sl ut ok ");
  for (const Token& t : nt_.tokens) EXPECT_LE(t.end, s.size());
  EXPECT_EQ(Fold(std::string("\xED\xA0\x80")), "");  // surrogate
}

TEST_F(NormalizeTest, TruncatesAtMaxInputBytes) {
  Normalizer small(NormalizeOptions{.max_input_bytes = 8});
  NormalizedText nt;
  small.Normalize("hello world again", &nt);
  EXPECT_EQ(nt.text, " hello wo ");
  EXPECT_EQ(nt.tokens.back().end, 8u);
}

TEST_F(NormalizeTest, ReusesBuffersWithoutReallocation) {
  const std::string s = "Teri maa ki \u0455lut r@ndee s l u t रंडी whoooore";
  norm_.Normalize(s, &nt_);
  const char* text = nt_.text.data();
  const char* phon = nt_.phonetic.data();
  const Token* toks = nt_.tokens.data();
  for (int i = 0; i < 3; ++i) norm_.Normalize(s, &nt_);
  EXPECT_EQ(nt_.text.data(), text);
  EXPECT_EQ(nt_.phonetic.data(), phon);
  EXPECT_EQ(nt_.tokens.data(), toks);
}

TEST_F(NormalizeTest, NormalizeTermIsIdempotent) {
  for (const char* s : {"Teri  MAA", "b1tch", "whoooore", "s l u t", "a$$", "f*ck", "रंडी",
                        "حرامی", "10th", "@randi_lover", "\u0455lut", "s s s s", "a$$$",
                        "user123", "তুই মাগি"}) {
    const std::string once = norm_.NormalizeTerm(s);
    EXPECT_EQ(norm_.NormalizeTerm(once), once) << s;
    EXPECT_EQ(norm_.PhoneticTerm(once), norm_.PhoneticTerm(s)) << s;
  }
}

TEST(ScriptCodeTest, NamesEveryScript) {
  EXPECT_EQ(ScriptCode(Script::kLatin), "Latn");
  EXPECT_EQ(ScriptCode(Script::kDevanagari), "Deva");
  EXPECT_EQ(ScriptCode(Script::kBengali), "Beng");
  EXPECT_EQ(ScriptCode(Script::kTamil), "Taml");
  EXPECT_EQ(ScriptCode(Script::kSinhala), "Sinh");
  EXPECT_EQ(ScriptCode(Script::kArabic), "Arab");
  EXPECT_EQ(ScriptCode(Script::kCyrillic), "Cyrl");
  EXPECT_EQ(ScriptCode(Script::kGreek), "Grek");
  EXPECT_EQ(ScriptCode(Script::kOther), "Zyyy");
}

}  // namespace
}  // namespace byteback::normalize
