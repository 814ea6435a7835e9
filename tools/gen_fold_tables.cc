// gen_fold_tables.cc: writes src/normalize/fold_tables.cc, the per-code-point
// folding table of the normalize module (see docs/NORMALIZATION.md).
//
// ICU is the reference. For each code point in the ranges the engine folds
// (Latin, IPA, Greek, Cyrillic, Arabic, Devanagari, Bengali, Tamil, Sinhala,
// small capitals, letterlike and math alphanumerics, enclosed alphanumerics,
// fullwidth forms, punctuation and format characters) the generator computes
//   1. NFKC_Casefold,
//   2. the TR39 confusable skeleton (uspoof_getSkeleton), for letters of
//      scripts other than the native South Asian ones, kept only when it
//      still yields letters (Cyrillic "з" -> "3" is rejected),
//   3. a transliteration to ASCII ("Any-Latin; Latin-ASCII"), with small
//      documented overrides for the romanisation South Asian writers use
//      (च -> ch, श -> sh, த -> th, anusvara -> n, ...), a hand table for
//      Arabic-script Urdu letters and one for Sinhala (ICU has no
//      Sinhala-Latin transliterator),
// and stores a class (letter, digit, leet symbol, inner punctuation, ignored,
// abugida consonant / vowel sign / virama / bindu, pass-through) plus up to
// four ASCII bytes. Code points outside those ranges get a class from their
// general category only (letters and marks pass through unchanged).
// The table is a two-level page table: 128-code-point blocks, identical
// blocks shared. The hot path never calls ICU.
//
// Usage: gen_fold_tables OUTPUT.cc   (CMake target: gen_tables)
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "normalize/fold_tables.h"

namespace {

using byteback::normalize::internal::CharClass;
using byteback::normalize::internal::kEntryConfusable;
using byteback::normalize::internal::kEntryTranslit;
using byteback::normalize::internal::kFoldBlockBits;
using byteback::normalize::Script;

struct Entry {
  CharClass cls = CharClass::kSep;
  Script script = Script::kOther;
  uint8_t flags = 0;
  std::string text;
  auto Key() const { return std::make_tuple(cls, script, flags, text); }
  bool operator<(const Entry& o) const { return Key() < o.Key(); }
};

// Hinglish / Roman Urdu / Banglish / Tanglish habits where ICU's ISO 15919
// output differs (ICU: च -> "c", श -> "s", ं -> "m").
const std::map<char32_t, std::string> kIndicOverrides = {
    // Devanagari
    {0x091A, "ch"}, {0x091B, "chh"}, {0x0936, "sh"}, {0x0937, "sh"},
    {0x091E, "n"}, {0x0919, "n"}, {0x0902, "n"}, {0x0901, ""}, {0x0903, "h"},
    {0x090B, "ri"}, {0x0943, "ri"}, {0x0950, "om"}, {0x0921, "d"},
    {0x095C, "d"}, {0x095D, "dh"},
    // Bengali
    {0x099A, "ch"}, {0x099B, "chh"}, {0x09B6, "sh"}, {0x09B7, "sh"},
    {0x099E, "n"}, {0x0999, "ng"}, {0x0982, "n"}, {0x0981, ""}, {0x0983, "h"},
    {0x098B, "ri"}, {0x09C3, "ri"}, {0x09CE, "t"}, {0x09DC, "r"}, {0x09DD, "rh"},
    {0x09DF, "y"},
    // Tamil
    {0x0BA4, "th"}, {0x0B9F, "d"}, {0x0B9A, "ch"}, {0x0BB4, "zh"},
    {0x0B9E, "nj"}, {0x0B99, "ng"}, {0x0B82, "n"}, {0x0B83, "h"},
};

// Sinhala (ICU has no Sinhala-Latin transliterator). Long vowels fold to the
// short ASCII vowel, as ICU's Latin-ASCII does for ā ī ū.
const std::map<char32_t, std::string> kSinhala = {
    {0x0D82, "n"},  {0x0D83, "h"},  {0x0D85, "a"},  {0x0D86, "a"},
    {0x0D87, "ae"}, {0x0D88, "ae"}, {0x0D89, "i"},  {0x0D8A, "i"},
    {0x0D8B, "u"},  {0x0D8C, "u"},  {0x0D8D, "ri"}, {0x0D8E, "ri"},
    {0x0D8F, "li"}, {0x0D90, "li"}, {0x0D91, "e"},  {0x0D92, "e"},
    {0x0D93, "ai"}, {0x0D94, "o"},  {0x0D95, "o"},  {0x0D96, "au"},
    {0x0D9A, "k"},  {0x0D9B, "kh"}, {0x0D9C, "g"},  {0x0D9D, "gh"},
    {0x0D9E, "n"},  {0x0D9F, "ng"}, {0x0DA0, "ch"}, {0x0DA1, "chh"},
    {0x0DA2, "j"},  {0x0DA3, "jh"}, {0x0DA4, "n"},  {0x0DA5, "gn"},
    {0x0DA6, "nj"}, {0x0DA7, "t"},  {0x0DA8, "th"}, {0x0DA9, "d"},
    {0x0DAA, "dh"}, {0x0DAB, "n"},  {0x0DAC, "nd"}, {0x0DAD, "th"},
    {0x0DAE, "th"}, {0x0DAF, "d"},  {0x0DB0, "dh"}, {0x0DB1, "n"},
    {0x0DB3, "nd"}, {0x0DB4, "p"},  {0x0DB5, "ph"}, {0x0DB6, "b"},
    {0x0DB7, "bh"}, {0x0DB8, "m"},  {0x0DB9, "mb"}, {0x0DBA, "y"},
    {0x0DBB, "r"},  {0x0DBD, "l"},  {0x0DC0, "v"},  {0x0DC1, "sh"},
    {0x0DC2, "sh"}, {0x0DC3, "s"},  {0x0DC4, "h"},  {0x0DC5, "l"},
    {0x0DC6, "f"},  {0x0DCF, "a"},  {0x0DD0, "ae"}, {0x0DD1, "ae"},
    {0x0DD2, "i"},  {0x0DD3, "i"},  {0x0DD4, "u"},  {0x0DD6, "u"},
    {0x0DD8, "ru"}, {0x0DD9, "e"},  {0x0DDA, "e"},  {0x0DDB, "ai"},
    {0x0DDC, "o"},  {0x0DDD, "o"},  {0x0DDE, "au"}, {0x0DDF, "lu"},
    {0x0DF2, "ru"}, {0x0DF3, "lu"},
};

// Arabic-script Urdu letters (after NFKC, so presentation forms land here).
// Short vowels are usually unwritten; written harakat give a/i/u.
const std::map<char32_t, std::string> kArabic = {
    {0x0621, ""},   {0x0622, "a"},  {0x0623, "a"},  {0x0624, "o"},
    {0x0625, "i"},  {0x0626, "i"},  {0x0627, "a"},  {0x0628, "b"},
    {0x0629, "h"},  {0x062A, "t"},  {0x062B, "s"},  {0x062C, "j"},
    {0x062D, "h"},  {0x062E, "kh"}, {0x062F, "d"},  {0x0630, "z"},
    {0x0631, "r"},  {0x0632, "z"},  {0x0633, "s"},  {0x0634, "sh"},
    {0x0635, "s"},  {0x0636, "z"},  {0x0637, "t"},  {0x0638, "z"},
    {0x0639, ""},   {0x063A, "gh"}, {0x0640, ""},   {0x0641, "f"},
    {0x0642, "q"},  {0x0643, "k"},  {0x0644, "l"},  {0x0645, "m"},
    {0x0646, "n"},  {0x0647, "h"},  {0x0648, "o"},  {0x0649, "a"},
    {0x064A, "i"},  {0x064B, ""},   {0x064C, ""},   {0x064D, ""},
    {0x064E, "a"},  {0x064F, "u"},  {0x0650, "i"},  {0x0651, ""},
    {0x0652, ""},   {0x0670, "a"},  {0x0679, "t"},  {0x067E, "p"},
    {0x0686, "ch"}, {0x0688, "d"},  {0x0691, "r"},  {0x0698, "zh"},
    {0x06A9, "k"},  {0x06AF, "g"},  {0x06BA, "n"},  {0x06BE, "h"},
    {0x06C0, "h"},  {0x06C1, "h"},  {0x06C2, "h"},  {0x06C3, "h"},
    {0x06CC, "i"},  {0x06D0, "e"},  {0x06D2, "e"},  {0x06D3, "e"},
};

struct Range {
  char32_t lo, hi;
};
// Ranges that get the full ICU fold (others: general category only).
const Range kFoldRanges[] = {
    {0x0000, 0x052F}, {0x0600, 0x06FF}, {0x0750, 0x077F}, {0x0900, 0x09FF},
    {0x0B80, 0x0BFF}, {0x0D80, 0x0DFF}, {0x1D00, 0x1DBF}, {0x1E00, 0x1FFF},
    {0x2000, 0x218F}, {0x2460, 0x24FF}, {0x2C60, 0x2C7F}, {0xA720, 0xA7FF},
    {0xFB00, 0xFB4F}, {0xFB50, 0xFDFF}, {0xFE00, 0xFE0F}, {0xFE70, 0xFEFF},
    {0xFF00, 0xFFEF}, {0x1D400, 0x1D7FF}, {0x1F100, 0x1F1FF},
};

bool InFoldRange(char32_t c) {
  for (const Range& r : kFoldRanges) {
    if (c >= r.lo && c <= r.hi) return true;
  }
  return false;
}

Script MapScript(char32_t c) {
  UErrorCode e = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(c), &e)) {
    case USCRIPT_LATIN: return Script::kLatin;
    case USCRIPT_DEVANAGARI: return Script::kDevanagari;
    case USCRIPT_BENGALI: return Script::kBengali;
    case USCRIPT_TAMIL: return Script::kTamil;
    case USCRIPT_SINHALA: return Script::kSinhala;
    case USCRIPT_ARABIC: return Script::kArabic;
    case USCRIPT_CYRILLIC: return Script::kCyrillic;
    case USCRIPT_GREEK: return Script::kGreek;
    default: return Script::kOther;
  }
}

bool IsNative(Script s) {
  return s == Script::kDevanagari || s == Script::kBengali || s == Script::kTamil ||
         s == Script::kSinhala || s == Script::kArabic;
}

class Folder {
 public:
  Folder() {
    UErrorCode e = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(e);
    nfkc_ = icu::Normalizer2::getNFKCInstance(e);
    nfc_ = icu::Normalizer2::getNFCInstance(e);
    nfd_ = icu::Normalizer2::getNFDInstance(e);
    translit_.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII",
                                                        UTRANS_FORWARD, e));
    spoof_ = uspoof_open(&e);
    if (U_FAILURE(e)) {
      std::cerr << "ICU init failed: " << u_errorName(e) << "\n";
      std::exit(1);
    }
  }
  ~Folder() { uspoof_close(spoof_); }

  Entry Fold(char32_t c) const;

 private:
  icu::UnicodeString Nfkccf(const icu::UnicodeString& s) const {
    UErrorCode e = U_ZERO_ERROR;
    return nfkc_cf_->normalize(s, e);
  }
  std::string Translit(icu::UnicodeString s) const {
    translit_->transliterate(s);
    std::string out;
    s.toUTF8String(out);
    for (char& ch : out) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return out;
  }
  Entry FoldIndic(char32_t c, Script script) const;
  Entry FoldArabic(char32_t c) const;
  Entry ByCategory(char32_t c) const;
  bool Confusable(const icu::UnicodeString& src, const icu::UnicodeString& folded) const;

  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const icu::Normalizer2* nfkc_ = nullptr;
  const icu::Normalizer2* nfc_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  std::unique_ptr<icu::Transliterator> translit_;
  USpoofChecker* spoof_ = nullptr;
};

bool AllOf(const std::string& s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (!pred(ch)) return false;
  }
  return true;
}
bool IsLower(char ch) { return ch >= 'a' && ch <= 'z'; }
bool IsDigit(char ch) { return ch >= '0' && ch <= '9'; }

// Category-only class for code points outside the folded ranges.
Entry Folder::ByCategory(char32_t c) const {
  Entry e;
  UChar32 u = static_cast<UChar32>(c);
  if (u_hasBinaryProperty(u, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    e.cls = CharClass::kIgnore;
    return e;
  }
  int8_t gc = u_charType(u);
  if (gc == U_DECIMAL_DIGIT_NUMBER && u_charDigitValue(u) >= 0) {
    e.cls = CharClass::kDigit;
    e.text = std::string(1, static_cast<char>('0' + u_charDigitValue(u)));
    return e;
  }
  if (u_isalpha(u) || gc == U_NON_SPACING_MARK || gc == U_COMBINING_SPACING_MARK ||
      gc == U_ENCLOSING_MARK) {
    e.cls = CharClass::kPassThrough;
    e.script = MapScript(c);
  }
  return e;
}

bool Folder::Confusable(const icu::UnicodeString& src,
                        const icu::UnicodeString& folded) const {
  UErrorCode e = U_ZERO_ERROR;
  if (nfkc_->normalize(src, e) != nfc_->normalize(src, e)) return true;
  UChar buf[64];
  int32_t n = uspoof_getSkeleton(spoof_, 0, folded.getBuffer(), folded.length(), buf, 64, &e);
  if (U_FAILURE(e)) return false;
  icu::UnicodeString skel(buf, n);
  if (skel != nfd_->normalize(folded, e)) return true;
  // A Latin letter that is not a basic letter plus accents (small capitals,
  // script g, long s, ...).
  icu::UnicodeString d = nfd_->normalize(folded, e);
  return d.length() > 0 && d.charAt(0) >= 0x80 && MapScript(src.char32At(0)) == Script::kLatin;
}

Entry Folder::FoldIndic(char32_t c, Script script) const {
  Entry e;
  e.script = script;
  e.flags = kEntryTranslit;
  UChar32 u = static_cast<UChar32>(c);
  int32_t insc = u_getIntPropertyValue(u, UCHAR_INDIC_SYLLABIC_CATEGORY);
  int8_t gc = u_charType(u);
  if (gc == U_DECIMAL_DIGIT_NUMBER) {
    e.cls = CharClass::kDigit;
    e.flags = 0;
    e.text = std::string(1, static_cast<char>('0' + u_charDigitValue(u)));
    return e;
  }
  if (!u_isalpha(u) && gc != U_NON_SPACING_MARK && gc != U_COMBINING_SPACING_MARK) {
    e.flags = 0;
    e.script = Script::kOther;
    return e;  // danda, signs: separators
  }
  std::string text;
  bool have = false;
  if (auto it = kIndicOverrides.find(c); it != kIndicOverrides.end()) {
    text = it->second;
    have = true;
  } else if (script == Script::kSinhala) {
    if (auto s = kSinhala.find(c); s != kSinhala.end()) {
      text = s->second;
      have = true;
    }
  }
  char32_t base = script == Script::kDevanagari ? 0x0915
                  : script == Script::kBengali  ? 0x0995
                  : script == Script::kTamil    ? 0x0B95
                                                : 0x0D9A;
  switch (insc) {
    case U_INSC_CONSONANT:
    case U_INSC_CONSONANT_DEAD:
    case U_INSC_CONSONANT_WITH_STACKER:
    case U_INSC_CONSONANT_PRECEDING_REPHA:
    case U_INSC_CONSONANT_PLACEHOLDER:
      e.cls = insc == U_INSC_CONSONANT_DEAD ? CharClass::kLetter : CharClass::kConsonant;
      if (!have) {
        text = Translit(icu::UnicodeString(static_cast<UChar32>(c)));
        if (e.cls == CharClass::kConsonant && !text.empty() && text.back() == 'a') text.pop_back();
      }
      break;
    case U_INSC_VOWEL_DEPENDENT:
      e.cls = CharClass::kVowelSign;
      if (!have) {
        icu::UnicodeString s(static_cast<UChar32>(base));
        s.append(static_cast<UChar32>(c));
        text = Translit(s);
        std::string k = Translit(icu::UnicodeString(static_cast<UChar32>(base)));
        k.pop_back();  // "ka" -> "k"
        text = text.substr(std::min(text.size(), k.size()));
      }
      break;
    case U_INSC_VIRAMA:
    case U_INSC_PURE_KILLER:
    case U_INSC_INVISIBLE_STACKER:
      e.cls = CharClass::kVirama;
      return e;
    case U_INSC_NUKTA:
      e.cls = CharClass::kIgnore;
      return e;
    case U_INSC_BINDU:
    case U_INSC_VISARGA:
      e.cls = CharClass::kBindu;
      if (!have) text = "n";
      break;
    default:
      e.cls = CharClass::kLetter;
      if (!have) text = Translit(icu::UnicodeString(static_cast<UChar32>(c)));
      break;
  }
  std::string clean;
  for (char ch : text) {
    if (IsLower(ch)) clean += ch;
  }
  if (clean.size() > 4) clean.resize(4);
  e.text = clean;
  if (clean.empty() && e.cls != CharClass::kBindu && e.cls != CharClass::kVowelSign) {
    e.cls = CharClass::kIgnore;
  }
  return e;
}

Entry Folder::FoldArabic(char32_t c) const {
  Entry e;
  UChar32 u = static_cast<UChar32>(c);
  icu::UnicodeString f = Nfkccf(icu::UnicodeString(u));
  std::string text;
  bool letters = false;
  for (int32_t i = 0; i < f.length();) {
    UChar32 x = f.char32At(i);
    i += U16_LENGTH(x);
    if (u_charType(x) == U_DECIMAL_DIGIT_NUMBER) return ByCategory(c);
    if (auto it = kArabic.find(static_cast<char32_t>(x)); it != kArabic.end()) {
      text += it->second;
      letters = true;
    } else if (u_isalpha(x) || u_charType(x) == U_NON_SPACING_MARK) {
      std::string t = Translit(icu::UnicodeString(x));
      for (char ch : t) {
        if (IsLower(ch)) text += ch;
      }
      letters = true;
    } else {
      return Entry{};  // punctuation, symbols: separators
    }
  }
  if (!letters || text.size() > 4) return letters ? ByCategory(c) : Entry{};
  e.script = Script::kArabic;
  e.flags = kEntryTranslit;
  e.cls = text.empty() ? CharClass::kIgnore : CharClass::kLetter;
  e.text = text;
  return e;
}

Entry Folder::Fold(char32_t c) const {
  UChar32 u = static_cast<UChar32>(c);
  if (c < 0x80) {
    Entry e;
    char ch = static_cast<char>(c);
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if (IsLower(ch)) {
      e.cls = CharClass::kLetter;
      e.script = Script::kLatin;
    } else if (IsDigit(ch)) {
      e.cls = CharClass::kDigit;
    } else if (ch == '$' || ch == '@' || ch == '!' || ch == '|' || ch == '+' || ch == '*') {
      e.cls = CharClass::kSymbol;
    } else if (ch == '.' || ch == '-' || ch == '\'') {
      e.cls = CharClass::kPunct;
    } else {
      return e;
    }
    e.text = std::string(1, ch);
    return e;
  }
  if (!InFoldRange(c)) return ByCategory(c);
  if (u_hasBinaryProperty(u, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    Entry e;
    e.cls = CharClass::kIgnore;
    return e;
  }
  Script script = MapScript(c);
  if (script == Script::kArabic) return FoldArabic(c);
  if (IsNative(script)) return FoldIndic(c, script);
  switch (c) {  // inner punctuation look-alikes
    case 0x2018: case 0x2019: case 0x02BC: case 0x00B7: case 0x2010: case 0x2011:
    case 0x2022: case 0x2027: case 0xFF0E: case 0xFF07: case 0xFF0D: {
      Entry e;
      e.cls = CharClass::kPunct;
      e.text = c == 0xFF0E || c == 0x2022 || c == 0x2027 || c == 0x00B7 ? "." : c >= 0x2010 && c <= 0x2011 ? "-" : c == 0xFF0D ? "-" : "'";
      return e;
    }
    default:
      break;
  }
  int8_t gc = u_charType(u);
  bool is_symbol = gc == U_MATH_SYMBOL || gc == U_CURRENCY_SYMBOL ||
                   gc == U_MODIFIER_SYMBOL || gc == U_OTHER_SYMBOL;
  bool enclosed = (c >= 0x2460 && c <= 0x24FF) || (c >= 0x1F100 && c <= 0x1F1FF);
  icu::UnicodeString src(u);
  icu::UnicodeString f = Nfkccf(src);
  std::string plain = Translit(f);
  std::string out = plain;
  bool confusable = false;
  if (u_isalpha(u) || enclosed) {
    UErrorCode e = U_ZERO_ERROR;
    UChar buf[64];
    int32_t n = uspoof_getSkeleton(spoof_, 0, f.getBuffer(), f.length(), buf, 64, &e);
    if (U_SUCCESS(e)) {
      std::string sk = Translit(Nfkccf(icu::UnicodeString(buf, n)));
      // TR39's prototype of "m" is "rn" (skeleton("m") == "rn"): one code
      // point that skeletons to "rn" is an m look-alike (fullwidth "ｍ",
      // math bold "𝐦"), and "rn" would hide "muji" and "madarchod".
      if (sk == "rn") sk = "m";
      if (AllOf(sk, IsLower) && sk.size() <= 4) out = sk;
    }
    confusable = Confusable(src, f) || out != plain;
  }
  Entry e;
  e.script = script;
  if (AllOf(out, IsLower) && out.size() <= 4 && (!is_symbol || enclosed)) {
    e.cls = CharClass::kLetter;
    e.text = out;
    if (e.script == Script::kOther) e.script = Script::kLatin;
    if (confusable) e.flags |= kEntryConfusable;
    else if (script == Script::kCyrillic || script == Script::kGreek) e.flags |= kEntryTranslit;
    return e;
  }
  e.script = Script::kOther;
  if (AllOf(out, IsDigit) && out.size() <= 4 &&
      (gc == U_DECIMAL_DIGIT_NUMBER || gc == U_OTHER_NUMBER)) {
    e.cls = CharClass::kDigit;
    e.text = out;
    return e;
  }
  if (out.size() == 1 && std::string("$@!|+*").find(out[0]) != std::string::npos) {
    e.cls = CharClass::kSymbol;
    e.text = out;
    return e;
  }
  if (out.empty() && (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK ||
                      gc == U_COMBINING_SPACING_MARK || gc == U_MODIFIER_LETTER)) {
    e.cls = CharClass::kIgnore;
    return e;
  }
  if (!AllOf(out, IsLower) && u_isalpha(u)) return ByCategory(c);
  return Entry{};
}

std::string CharLiteral(const std::string& s) {
  std::string r = "{";
  for (size_t i = 0; i < 4; ++i) {
    if (i) r += ",";
    if (i < s.size()) {
      r += std::to_string(static_cast<int>(s[i]));
    } else {
      r += "0";
    }
  }
  return r + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: gen_fold_tables OUTPUT.cc\n";
    return 2;
  }
  Folder folder;
  constexpr uint32_t kBlock = 1u << kFoldBlockBits;
  constexpr uint32_t kMax = 0x110000;
  std::map<Entry, uint16_t> entry_ids;
  std::vector<Entry> entries;
  std::map<std::vector<uint16_t>, uint16_t> block_ids;
  std::vector<std::vector<uint16_t>> blocks;
  std::vector<uint16_t> stage1;
  auto intern = [&](const Entry& e) {
    auto [it, added] = entry_ids.emplace(e, static_cast<uint16_t>(entries.size()));
    if (added) entries.push_back(e);
    return it->second;
  };
  intern(Entry{});  // entry 0: separator
  for (uint32_t b = 0; b < kMax; b += kBlock) {
    std::vector<uint16_t> block(kBlock);
    for (uint32_t i = 0; i < kBlock; ++i) {
      char32_t c = b + i;
      block[i] = (c >= 0xD800 && c <= 0xDFFF) ? 0 : intern(folder.Fold(c));
    }
    auto [it, added] = block_ids.emplace(block, static_cast<uint16_t>(blocks.size()));
    if (added) blocks.push_back(block);
    stage1.push_back(it->second);
  }
  std::ofstream out(argv[1]);
  out << "// GENERATED BY tools/gen_fold_tables.cc; DO NOT EDIT.\n"
      << "// Regenerate with: cmake --build <dir> --target gen_tables\n"
      << "// ICU " << U_ICU_VERSION << ", Unicode " << U_UNICODE_VERSION << ". "
      << entries.size() << " entries, " << blocks.size() << " blocks.\n"
      << "#include \"normalize/fold_tables.h\"\n\n"
      << "namespace byteback::normalize::internal {\n\n"
      << "const FoldEntry kFoldEntries[" << entries.size() << "] = {\n";
  for (const Entry& e : entries) {
    out << "    {CharClass(" << static_cast<int>(e.cls) << "), Script(" << static_cast<int>(e.script) << "), "
        << static_cast<int>(e.flags) << ", " << e.text.size() << ", " << CharLiteral(e.text)
        << "},\n";
  }
  out << "};\nconst uint32_t kFoldEntryCount = " << entries.size() << ";\n\n";
  out << "const uint16_t kFoldStage1[" << stage1.size() << "] = {";
  for (size_t i = 0; i < stage1.size(); ++i) out << (i % 16 ? " " : "\n    ") << stage1[i] << ",";
  out << "\n};\n\nconst uint16_t kFoldStage2[" << blocks.size() * kBlock << "] = {";
  size_t k = 0;
  for (const auto& block : blocks) {
    for (uint16_t id : block) out << (k++ % 16 ? " " : "\n    ") << id << ",";
  }
  out << "\n};\n\n}  // namespace byteback::normalize::internal\n";
  if (!out) {
    std::cerr << "cannot write " << argv[1] << "\n";
    return 1;
  }
  std::cerr << "wrote " << argv[1] << ": " << entries.size() << " entries, " << blocks.size()
            << " blocks\n";
  return 0;
}
