// features.cc: hashed features, one code path for training and scanning.
// See docs/ENGINE.md#features. Changing anything here changes what every
// model file means: bump the model version and retrain (make model).
#include "detect/detect.h"
#include "detect/detect_internal.h"

namespace byteback::detect {

using internal::Hash;
using internal::Mix;

void ExtractFeatures(const normalize::NormalizedText& nt, const Lexicon& lexicon, const std::vector<uint32_t>& hits,
                     uint32_t bucket_bits, std::vector<uint32_t>* out) {
  const uint32_t mask = (uint32_t{1} << bucket_bits) - 1;
  auto push = [&](uint64_t h) { out->push_back(static_cast<uint32_t>(h) & mask); };
  uint64_t prev = Hash("<s>", 1);
  for (const normalize::Token& t : nt.tokens) {
    std::string_view f = nt.folded(t);
    std::string_view p = nt.skeleton(t);
    const uint64_t hw = Hash(f, 1);
    push(hw);                   // word
    push(Mix(prev, hw));        // word bigram
    prev = hw;
    if (p != f) push(Hash(p, 2));  // phonetic skeleton: spelling variants meet
    // Character 4-grams of the skeleton with word boundaries, for inflections
    // and unseen variants of words longer than three letters.
    if (p.size() > 3) {
      char buf[64];
      size_t n = std::min(p.size(), sizeof buf - 2);
      buf[0] = '<';
      for (size_t i = 0; i < n; ++i) buf[i + 1] = p[i];
      buf[n + 1] = '>';
      std::string_view w(buf, n + 2);
      for (size_t i = 0; i + 4 <= w.size(); ++i) push(Hash(w.substr(i, 4), 3));
    }
  }
  push(Mix(prev, Hash("</s>", 1)));
  // Lexicon hits by category and severity: lets the model transfer what it
  // learned about, say, severe gendered slurs to languages with little data.
  for (uint32_t e : hits) {
    const LexiconEntry& entry = lexicon.entries[e];
    for (uint64_t l = 0; l < kLabelCount; ++l)
      if (entry.labels & (1u << l)) push(Mix(Hash("lex", 4), l * 4 + static_cast<uint64_t>(entry.severity)));
    push(Hash("lex-any", 4));
  }
}

}  // namespace byteback::detect
