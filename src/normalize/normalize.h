// normalize.h: one text normalisation for lexicons, training and scanning.
//
// Flow: a Normalizer is built once (it only points at generated, read-only
// tables) and shared by every thread. Normalize() turns an original message
// into NormalizedText: a sequence of tokens, each with
//   - a folded form: NFKC + case folding, format/zero-width characters
//     removed, confusables folded (TR39 skeleton: Cyrillic/Greek/fullwidth/
//     small-caps/math look-alikes), native scripts (Devanagari, Bengali,
//     Tamil, Sinhala, Arabic-script Urdu) transliterated to ASCII Latin,
//     leetspeak and symbol masking resolved inside words (b1tch, $lut, f*ck
//     keeps '*' as a mask character), stretched letters collapsed
//     (whoooore -> whore), spaced-out letters joined (s l u t -> slut) and
//     punctuation inside words removed (f.u.c.k -> fuck);
//   - a phonetic skeleton of the folded form, so that romanised spelling
//     variants meet (randi / raandi / r@ndee, and the transliterated रंडी);
//   - the byte range of the token in the ORIGINAL text, for spans.
// Lexicon terms go through NormalizeTerm()/PhoneticTerm(), the same code path,
// so a term and a message meet in one form.
//
// Thread safety: a Normalizer is immutable; concurrent calls are safe. A
// NormalizedText is caller-owned scratch: reuse it across calls to avoid
// allocation, one thread at a time.
// See docs/NORMALIZATION.md for the rules, their order, and what meets.
#ifndef BYTEBACK_NORMALIZE_NORMALIZE_H_
#define BYTEBACK_NORMALIZE_NORMALIZE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace byteback::normalize {

// Scripts the engine tells apart (of the original letters).
enum class Script : uint8_t {
  kOther = 0,
  kLatin,
  kDevanagari,
  kBengali,
  kTamil,
  kSinhala,
  kArabic,
  kCyrillic,
  kGreek,
};
inline constexpr size_t kScriptCount = 9;
// "Latn", "Deva", "Beng", "Taml", "Sinh", "Arab", "Cyrl", "Grek", "Zyyy".
std::string_view ScriptCode(Script s);

// Token::flags bits.
enum TokenFlag : uint8_t {
  kFlagLeet = 1 << 0,        // digits/symbols were read as letters
  kFlagMasked = 1 << 1,      // contains a mask character ('*') in the folded form
  kFlagJoined = 1 << 2,      // built by joining spaced-out single letters
  kFlagConfusable = 1 << 3,  // a look-alike character was folded
  kFlagStretched = 1 << 4,   // a run of repeated letters was collapsed
  kFlagTranslit = 1 << 5,    // native-script letters were transliterated
  kFlagInnerPunct = 1 << 6,  // punctuation inside the word was dropped
};

// One word of the normalised text. All offsets are bytes.
struct Token {
  uint32_t begin = 0;       // first byte of the token in the original text
  uint32_t end = 0;         // one past its last byte in the original text
  uint32_t norm_begin = 0;  // folded form: NormalizedText::text.substr(norm_begin, norm_len)
  uint32_t norm_len = 0;
  uint32_t phon_begin = 0;  // skeleton: NormalizedText::phonetic.substr(phon_begin, phon_len)
  uint32_t phon_len = 0;
  Script script = Script::kOther;  // script of most of the token's original letters
  uint8_t flags = 0;               // TokenFlag bits
};

// The result of Normalize(); reusable scratch.
struct NormalizedText {
  // Folded tokens, each preceded and followed by one ' ' (" you slut "), so
  // that a whole-word literal is " term ".
  std::string text;
  // Phonetic skeletons in the same layout and token order.
  std::string phonetic;
  std::vector<Token> tokens;
  // Letters of the original text per Script (index = static_cast<size_t>(Script)).
  std::array<uint32_t, kScriptCount> script_letters{};

  std::string_view folded(const Token& t) const { return {text.data() + t.norm_begin, t.norm_len}; }
  std::string_view skeleton(const Token& t) const { return {phonetic.data() + t.phon_begin, t.phon_len}; }
  // Empties the buffers but keeps their capacity.
  void Clear();
};

struct NormalizeOptions {
  // Join runs of >= this many single letters separated by spaces/punctuation
  // ("s l u t"). 0 disables joining.
  int join_min_letters = 3;
  // Inputs longer than this are normalised up to this many bytes only.
  size_t max_input_bytes = 1 << 20;
};

class Normalizer {
 public:
  explicit Normalizer(const NormalizeOptions& options = {});
  // Not copyable or movable: shared by reference or shared_ptr.
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // Normalises `original` into `*out` (cleared first). Never fails: invalid
  // UTF-8 bytes are treated as separators. Does not allocate once `out` has
  // grown to the size of the input.
  void Normalize(std::string_view original, NormalizedText* out) const;

  // The folded form of a lexicon term: its tokens joined by single spaces,
  // without the leading/trailing space ("Teri  MAA" -> "teri maa"). It is
  // the fixed point of normalisation: NormalizeTerm(NormalizeTerm(x)) ==
  // NormalizeTerm(x). Allocates; meant for build time, not the scan path.
  std::string NormalizeTerm(std::string_view term) const;
  // The phonetic skeleton of a lexicon term (of NormalizeTerm(term)), tokens
  // joined by single spaces.
  std::string PhoneticTerm(std::string_view term) const;

 private:
  void JoinSpacedLetters(std::string_view in, NormalizedText* out) const;

  NormalizeOptions options_;
};

}  // namespace byteback::normalize

#endif  // BYTEBACK_NORMALIZE_NORMALIZE_H_
