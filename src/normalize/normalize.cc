// normalize.cc: tokenising and folding (the hot path of the engine).
//
// Normalize() makes one pass over the input. Each code point is looked up in
// the generated table (fold_tables.h); separators split the input into runs
// of word characters. A run is folded in a second pass:
//   - leading and trailing digits/symbols are kept only when they read as
//     part of the word (one leading "$lut", trailing "a$$", "a55", a number
//     prefix "10th", a mention "@name" drops its '@');
//   - inside the word digits and symbols are read as letters (leet), '*'
//     stays as a mask, inner punctuation is dropped;
//   - abugida consonants get their inherent vowel unless a vowel sign or
//     virama follows; a word-final inherent vowel is dropped for Devanagari,
//     Bengali (schwa deletion) and kept for Tamil and Sinhala;
//   - runs of 3+ identical letters collapse to one.
// Then single-letter tokens separated by short punctuation are joined
// ("s l u t"), and the phonetic skeleton of every token is appended.
// Rules, order and examples: docs/NORMALIZATION.md.
#include "normalize/normalize.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "core/utf8.h"
#include "normalize/fold_tables.h"
#include "normalize/normalize_internal.h"

namespace byteback::normalize {
namespace {

using internal::CharClass;
using internal::FoldEntry;

// One decoded code point and its table entry.
struct Cp {
  const FoldEntry* f;
  uint32_t end;  // byte after it
};

inline Cp Next(std::string_view in, size_t pos) {
  const unsigned char b = static_cast<unsigned char>(in[pos]);
  if (b < 0x80) return {&internal::LookupFold(b), static_cast<uint32_t>(pos + 1)};
  size_t p = pos;
  const char32_t c = utf8::Decode(in, &p);
  return {&internal::LookupFold(c), static_cast<uint32_t>(p)};
}

inline bool IsAlpha(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kConsonant || c == CharClass::kVowelSign ||
         c == CharClass::kBindu || c == CharClass::kPassThrough;
}

// How a digit or symbol outside the letters of a word is read.
enum class EdgeMode : uint8_t { kLeet, kKeep };

// Folds one token: the code points in [begin, end) of `in`. Holds the
// per-token state (inherent vowel, letter run, script counts, flags).
class TokenBuilder {
 public:
  TokenBuilder(std::string_view in, NormalizedText* out) : in_(in), out_(out) {}

  void Build(uint32_t begin, uint32_t lead_end, uint32_t trail_begin, uint32_t end,
             EdgeMode lead, EdgeMode trail);

 private:
  void Emit(const FoldEntry& f, std::string_view bytes, EdgeMode mode);
  void Symbol(char c, EdgeMode mode);
  void Push(char c);
  void FlushInherent() {
    if (pending_inherent_) {
      pending_inherent_ = false;
      Push('a');
    }
  }
  void CountLetter(Script s) {
    ++counts_[static_cast<size_t>(s)];
    ++out_->script_letters[static_cast<size_t>(s)];
  }

  std::string_view in_;
  NormalizedText* out_;
  std::array<uint16_t, kScriptCount> counts_{};
  bool pending_inherent_ = false;
  Script pending_script_ = Script::kOther;
  char run_char_ = 0;
  int run_len_ = 0;
  uint8_t flags_ = 0;
};

void TokenBuilder::Push(char c) {
  std::string& t = out_->text;
  if (c >= 'a' && c <= 'z' && c == run_char_) {
    ++run_len_;
    if (run_len_ == 3) {
      t.pop_back();
      flags_ |= kFlagStretched;
    }
    if (run_len_ >= 3) return;
    t.push_back(c);
    return;
  }
  run_char_ = (c >= 'a' && c <= 'z') ? c : 0;
  run_len_ = 1;
  t.push_back(c);
}

void TokenBuilder::Symbol(char c, EdgeMode mode) {
  const char leet = internal::LeetLetter(c);
  if (mode == EdgeMode::kKeep || leet == 0) {
    if (c >= '0' && c <= '9') Push(c);
    else if (c == '*') Push('*'), flags_ |= kFlagMasked;
    return;
  }
  if (leet == '*') flags_ |= kFlagMasked;
  else flags_ |= kFlagLeet;
  Push(leet);
}

void TokenBuilder::Emit(const FoldEntry& f, std::string_view bytes, EdgeMode mode) {
  switch (f.cls) {
    case CharClass::kSep:
    case CharClass::kIgnore:
      return;
    case CharClass::kVirama:
      pending_inherent_ = false;
      return;
    case CharClass::kVowelSign:
      pending_inherent_ = false;
      break;
    case CharClass::kConsonant:
      FlushInherent();
      CountLetter(f.script);
      break;
    case CharClass::kBindu:
      FlushInherent();
      break;
    case CharClass::kLetter:
      FlushInherent();
      CountLetter(f.script);
      break;
    case CharClass::kPassThrough:
      FlushInherent();
      CountLetter(f.script);
      out_->text.append(bytes);
      run_char_ = 0;
      return;
    case CharClass::kDigit:
      FlushInherent();
      if (f.len == 1) Symbol(f.text[0], mode);
      else for (int i = 0; i < f.len; ++i) Push(f.text[i]);
      return;
    case CharClass::kSymbol:
      FlushInherent();
      Symbol(f.text[0], mode);
      return;
    case CharClass::kPunct:
      flags_ |= kFlagInnerPunct;
      return;
  }
  if (f.flags & internal::kEntryConfusable) flags_ |= kFlagConfusable;
  if (f.flags & internal::kEntryTranslit) flags_ |= kFlagTranslit;
  for (int i = 0; i < f.len; ++i) Push(f.text[i]);
  if (f.cls == CharClass::kConsonant) {
    pending_inherent_ = true;
    pending_script_ = f.script;
  }
}

// [begin, lead_end) leading edge, [lead_end, trail_begin) the word,
// [trail_begin, end) trailing edge.
void TokenBuilder::Build(uint32_t begin, uint32_t lead_end, uint32_t trail_begin, uint32_t end,
                         EdgeMode lead, EdgeMode trail) {
  std::string& t = out_->text;
  const size_t norm_begin = t.size();
  for (uint32_t pos = begin; pos < end;) {
    const Cp cp = Next(in_, pos);
    const EdgeMode mode = pos < lead_end ? lead : pos >= trail_begin ? trail : EdgeMode::kLeet;
    Emit(*cp.f, in_.substr(pos, cp.end - pos), mode);
    pos = cp.end;
  }
  if (pending_inherent_ &&
      (pending_script_ == Script::kTamil || pending_script_ == Script::kSinhala)) {
    Push('a');
  }
  if (t.size() == norm_begin) return;  // only ignorable characters
  Token tok;
  tok.begin = begin;
  tok.end = end;
  tok.norm_begin = static_cast<uint32_t>(norm_begin);
  tok.norm_len = static_cast<uint32_t>(t.size() - norm_begin);
  tok.script = static_cast<Script>(std::max_element(counts_.begin(), counts_.end()) -
                                   counts_.begin());
  tok.flags = flags_;
  out_->tokens.push_back(tok);
  t.push_back(' ');
}

inline bool IsDigitEntry(const FoldEntry& f) { return f.cls == CharClass::kDigit; }
inline bool IsMask(const FoldEntry& f) { return f.cls == CharClass::kSymbol && f.text[0] == '*'; }

// Emits number tokens for a run without letters: its maximal digit sequences.
void EmitNumbers(std::string_view in, uint32_t begin, uint32_t end, NormalizedText* out) {
  for (uint32_t pos = begin; pos < end;) {
    Cp cp = Next(in, pos);
    if (!IsDigitEntry(*cp.f)) {
      pos = cp.end;
      continue;
    }
    const uint32_t num_begin = pos;
    uint32_t num_end = pos;
    while (pos < end && (cp = Next(in, pos), IsDigitEntry(*cp.f))) {
      num_end = pos = cp.end;
    }
    TokenBuilder(in, out).Build(num_begin, num_begin, num_begin, num_end, EdgeMode::kKeep,
                                EdgeMode::kKeep);
  }
}

// True for an English ordinal suffix ("1st", "3rd"): the digit stays a digit.
bool OrdinalSuffix(std::string_view word) {
  if (word.size() != 2) return false;
  const char a = static_cast<char>(word[0] | 0x20), b = static_cast<char>(word[1] | 0x20);
  return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
         (a == 't' && b == 'h');
}

// Start of the leading edge to keep in [begin, first). Only the digits and
// symbols just before the first letter count: one of them is read as leet
// ("$lut", "1diot"; '@' marks a mention and is dropped); several are kept as
// digits / masks when they are all digits or '*' ("10th", "**ck"), else
// dropped. `word_end` is the end of the run, for ordinals ("3rd").
uint32_t LeadStart(std::string_view in, uint32_t begin, uint32_t first, uint32_t word_end,
                   EdgeMode* mode) {
  *mode = EdgeMode::kKeep;
  uint32_t edge = first;  // start of the digits/symbols just before `first`
  int count = 0;
  bool digits_or_masks = true;
  bool at = false;
  for (uint32_t pos = begin; pos < first;) {
    const Cp cp = Next(in, pos);
    const FoldEntry& f = *cp.f;
    if (IsDigitEntry(f) || f.cls == CharClass::kSymbol) {
      if (edge == first) {
        edge = pos;
        count = 0;
        digits_or_masks = true;
        at = false;
      }
      ++count;
      digits_or_masks = digits_or_masks && (IsDigitEntry(f) || IsMask(f));
      at = f.cls == CharClass::kSymbol && f.text[0] == '@';
    } else {
      edge = first;
    }
    pos = cp.end;
  }
  if (edge == first) return first;
  if (count == 1) {
    if (at) return first;
    if (!OrdinalSuffix(in.substr(first, word_end - first))) *mode = EdgeMode::kLeet;
    return edge;
  }
  return digits_or_masks ? edge : first;
}

// End of the trailing edge to keep in [last, end): up to three leet
// characters ("a$$", "a55", "sh*"), else a digit suffix kept as digits
// ("user123"), else nothing.
uint32_t TrailEnd(std::string_view in, uint32_t last, uint32_t end, EdgeMode* mode) {
  *mode = EdgeMode::kLeet;
  uint32_t pos = last;
  int count = 0;
  bool all_leet = true;
  bool all_digits = true;
  while (pos < end) {
    const Cp cp = Next(in, pos);
    const FoldEntry& f = *cp.f;
    const bool digit = IsDigitEntry(f);
    const bool sym = f.cls == CharClass::kSymbol && (f.text[0] == '$' || f.text[0] == '*');
    if (!digit && !sym) break;
    all_digits = all_digits && digit;
    all_leet = all_leet && (sym || (f.len == 1 && internal::LeetLetter(f.text[0]) != 0));
    ++count;
    pos = cp.end;
  }
  if (count == 0) return last;
  if (all_leet && count <= 3) return pos;
  if (all_digits) {
    *mode = EdgeMode::kKeep;
    return pos;
  }
  return last;
}

// True when the bytes between two single-letter tokens may be skipped by
// joining ("s l u t", "s. l. u. t"): 1..3 ASCII spaces or punctuation.
bool JoinableGap(std::string_view gap) {
  if (gap.empty() || gap.size() > 3) return false;
  for (char c : gap) {
    if (c != ' ' && c != '.' && c != '-' && c != '_' && c != ',' && c != '/' && c != '\t') {
      return false;
    }
  }
  return true;
}

bool SingleLetter(const NormalizedText& nt, const Token& t) {
  return t.norm_len == 1 && nt.text[t.norm_begin] >= 'a' && nt.text[t.norm_begin] <= 'z';
}

}  // namespace

std::string_view ScriptCode(Script s) {
  switch (s) {
    case Script::kLatin: return "Latn";
    case Script::kDevanagari: return "Deva";
    case Script::kBengali: return "Beng";
    case Script::kTamil: return "Taml";
    case Script::kSinhala: return "Sinh";
    case Script::kArabic: return "Arab";
    case Script::kCyrillic: return "Cyrl";
    case Script::kGreek: return "Grek";
    case Script::kOther: break;
  }
  return "Zyyy";
}

void NormalizedText::Clear() {
  text.clear();
  phonetic.clear();
  tokens.clear();
  script_letters.fill(0);
}

Normalizer::Normalizer(const NormalizeOptions& options) : options_(options) {}

void Normalizer::Normalize(std::string_view original, NormalizedText* out) const {
  out->Clear();
  const size_t cap = std::min<size_t>(options_.max_input_bytes,
                                      std::numeric_limits<uint32_t>::max() - 1);
  const std::string_view in = original.substr(0, std::min(original.size(), cap));
  const uint32_t n = static_cast<uint32_t>(in.size());
  out->text.push_back(' ');
  uint32_t pos = 0;
  while (pos < n) {
    Cp cp = Next(in, pos);
    if (cp.f->cls == CharClass::kSep) {
      pos = cp.end;
      continue;
    }
    // A run of word characters: find its letters.
    const uint32_t run_begin = pos;
    uint32_t first = 0, last = 0;
    bool any_alpha = false;
    while (true) {
      if (IsAlpha(cp.f->cls)) {
        if (!any_alpha) first = pos;
        any_alpha = true;
        last = cp.end;
      } else if ((cp.f->cls == CharClass::kVirama || cp.f->cls == CharClass::kIgnore) &&
                 any_alpha && pos == last) {
        last = cp.end;
      }
      pos = cp.end;
      if (pos >= n) break;
      cp = Next(in, pos);
      if (cp.f->cls == CharClass::kSep) break;
    }
    if (!any_alpha) {
      EmitNumbers(in, run_begin, pos, out);
      continue;
    }
    EdgeMode lead, trail;
    const uint32_t tok_begin = LeadStart(in, run_begin, first, pos, &lead);
    const uint32_t tok_end = TrailEnd(in, last, pos, &trail);
    TokenBuilder(in, out).Build(tok_begin, first, last, tok_end, lead, trail);
  }
  if (options_.join_min_letters > 0) JoinSpacedLetters(in, out);
  out->phonetic.push_back(' ');
  for (Token& t : out->tokens) {
    t.phon_begin = static_cast<uint32_t>(out->phonetic.size());
    internal::AppendSkeleton(out->folded(t), &out->phonetic);
    t.phon_len = static_cast<uint32_t>(out->phonetic.size() - t.phon_begin);
    out->phonetic.push_back(' ');
  }
}

// Joins runs of >= join_min_letters single-letter tokens separated by
// JoinableGap()s into one token, compacting `text` and `tokens` in place
// (the output never grows, so writes never overtake reads).
void Normalizer::JoinSpacedLetters(std::string_view in, NormalizedText* out) const {
  std::vector<Token>& toks = out->tokens;
  const size_t min_run = static_cast<size_t>(std::max(options_.join_min_letters, 2));
  auto run_length = [&](size_t i) {
    size_t j = i;
    while (j < toks.size() && SingleLetter(*out, toks[j]) &&
           (j == i || JoinableGap(in.substr(toks[j - 1].end, toks[j].begin - toks[j - 1].end)))) {
      ++j;
    }
    return j - i;
  };
  size_t i = 0;
  while (i < toks.size() && run_length(i) < min_run) i += std::max<size_t>(1, run_length(i));
  if (i >= toks.size()) return;  // nothing to join: the common case

  std::string& text = out->text;
  size_t w = toks[i].norm_begin;  // write position in text
  size_t wt = i;                  // write index in toks
  while (i < toks.size()) {
    const size_t len = run_length(i);
    Token t = toks[i];
    t.norm_begin = static_cast<uint32_t>(w);
    if (len >= min_run) {
      char prev = 0;
      int same = 0;
      for (size_t k = i; k < i + len; ++k) {
        const char c = text[toks[k].norm_begin];
        same = c == prev ? same + 1 : 1;
        prev = c;
        if (same == 3) --w, t.flags |= kFlagStretched;
        if (same < 3) text[w++] = c;
        t.flags |= toks[k].flags;
      }
      t.end = toks[i + len - 1].end;
      t.flags |= kFlagJoined;
      i += len;
    } else {
      std::memmove(&text[w], &text[toks[i].norm_begin], toks[i].norm_len);
      w += toks[i].norm_len;
      i += 1;
    }
    t.norm_len = static_cast<uint32_t>(w - t.norm_begin);
    text[w++] = ' ';
    toks[wt++] = t;
  }
  text.resize(w);
  toks.resize(wt);
}

namespace {

std::string JoinTokens(const NormalizedText& nt, bool skeleton) {
  std::string r;
  for (const Token& t : nt.tokens) {
    if (!r.empty()) r.push_back(' ');
    r.append(skeleton ? nt.skeleton(t) : nt.folded(t));
  }
  return r;
}

}  // namespace

// Normalising the folded form again may still change it: separators that
// blocked joining ("s\n u t", invalid bytes) have become single spaces. The
// term form is the fixed point, so that a term and its own output meet.
std::string Normalizer::NormalizeTerm(std::string_view term) const {
  NormalizedText nt;
  Normalize(term, &nt);
  std::string r = JoinTokens(nt, false);
  for (int i = 0; i < 8; ++i) {
    Normalize(r, &nt);
    std::string again = JoinTokens(nt, false);
    if (again == r) break;
    r = std::move(again);
  }
  return r;
}

std::string Normalizer::PhoneticTerm(std::string_view term) const {
  NormalizedText nt;
  Normalize(NormalizeTerm(term), &nt);
  return JoinTokens(nt, true);
}

}  // namespace byteback::normalize
