// fold_tables.h: the generated per-code-point folding table (internal).
//
// kFoldEntries/kFoldStage1/kFoldStage2 live in fold_tables.cc, written by
// tools/gen_fold_tables.cc from ICU (see docs/NORMALIZATION.md). A code point
// c maps to kFoldEntries[kFoldStage2[kFoldStage1[c >> 7] * 128 + (c & 127)]].
// Thread safety: constant data.
#ifndef BYTEBACK_NORMALIZE_FOLD_TABLES_H_
#define BYTEBACK_NORMALIZE_FOLD_TABLES_H_

#include <cstdint>

#include "normalize/normalize.h"

namespace byteback::normalize::internal {

// What a code point does inside a word.
enum class CharClass : uint8_t {
  kSep = 0,      // ends a word (space, punctuation, symbols, unassigned)
  kIgnore,       // dropped without ending a word (zero-width, format, nukta, bare marks)
  kLetter,       // appends text (1..4 ASCII letters)
  kDigit,        // appends text (ASCII digits); leet inside words
  kSymbol,       // one of $ @ ! | + * (text[0]); leet or mask inside words
  kPunct,        // . - ' and look-alikes (text[0]); dropped inside words
  kConsonant,    // abugida consonant without its inherent vowel ("k" for क)
  kVowelSign,    // dependent vowel sign (matra): replaces the inherent vowel
  kVirama,       // kills the inherent vowel
  kBindu,        // anusvara / candrabindu / visarga: inherent vowel, then text
  kPassThrough,  // letter or mark of an unfolded script: original bytes copied
};

// FoldEntry::flags bits.
inline constexpr uint8_t kEntryConfusable = 1 << 0;  // TR39 / NFKC look-alike
inline constexpr uint8_t kEntryTranslit = 1 << 1;    // transliterated native letter

struct FoldEntry {
  CharClass cls;
  Script script;
  uint8_t flags;
  uint8_t len;  // bytes used in text
  char text[4];
};

inline constexpr int kFoldBlockBits = 7;
inline constexpr uint32_t kMaxCodePoint = 0x10FFFF;

extern const FoldEntry kFoldEntries[];
extern const uint32_t kFoldEntryCount;
extern const uint16_t kFoldStage1[];
extern const uint16_t kFoldStage2[];

// Entry of a scalar value c (c <= kMaxCodePoint).
inline const FoldEntry& LookupFold(char32_t c) {
  uint32_t block = kFoldStage1[c >> kFoldBlockBits];
  return kFoldEntries[kFoldStage2[(block << kFoldBlockBits) | (c & ((1u << kFoldBlockBits) - 1))]];
}

}  // namespace byteback::normalize::internal

#endif  // BYTEBACK_NORMALIZE_FOLD_TABLES_H_
