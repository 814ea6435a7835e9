// normalize_fuzz.cc: Normalizer invariants on arbitrary bytes.
//   - never crashes, whatever the input (invalid UTF-8 included);
//   - the layout: text and phonetic start and end with ' ', every token's
//     folded form and skeleton are non-empty slices framed by ' ';
//   - original offsets in range, non-empty and increasing;
//   - NormalizeTerm is idempotent on its own output, and PhoneticTerm of that
//     output equals PhoneticTerm of the input (one code path for lexicons and
//     messages).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "normalize/normalize.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Framed(const std::string& buf, uint32_t begin, uint32_t len) {
  return len > 0 && begin >= 1 && static_cast<size_t>(begin) + len < buf.size() &&
         buf[begin - 1] == ' ' && buf[begin + len] == ' ';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using byteback::normalize::kScriptCount;
  using byteback::normalize::NormalizedText;
  using byteback::normalize::Normalizer;
  using byteback::normalize::Token;
  static const Normalizer norm;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  NormalizedText nt;
  norm.Normalize(in, &nt);
  Check(!nt.text.empty() && nt.text.front() == ' ' && nt.text.back() == ' ');
  Check(!nt.phonetic.empty() && nt.phonetic.front() == ' ' && nt.phonetic.back() == ' ');
  uint32_t prev_end = 0;
  for (const Token& t : nt.tokens) {
    Check(t.begin < t.end && t.end <= size && t.begin >= prev_end);
    prev_end = t.end;
    Check(Framed(nt.text, t.norm_begin, t.norm_len));
    Check(Framed(nt.phonetic, t.phon_begin, t.phon_len));
    Check(t.phon_len <= t.norm_len);
    Check(static_cast<size_t>(t.script) < kScriptCount);
    Check(nt.folded(t).find(' ') == std::string_view::npos);
  }
  const std::string once = norm.NormalizeTerm(in);
  Check(norm.NormalizeTerm(once) == once);
  Check(norm.PhoneticTerm(once) == norm.PhoneticTerm(in));
  return 0;
}
