// phonetic.cc: the phonetic skeleton of a folded token.
//
// Romanised Hindi/Urdu/Bengali/Tamil/Sinhala has no fixed spelling: randi,
// raandi, randee, randy; chutiya, chootiya, chutia, chutya; madarchod,
// madharchod, maderchod. The skeleton folds such variants together in two
// passes (rules and examples: docs/NORMALIZATION.md#phonetic-skeleton):
//   1. consonants: ph -> f, ck -> k, other c -> k (ch stays), q -> k, w -> v,
//      z -> j, 'h' after a consonant other than s/c dropped (bh dh gh kh th),
//      oo -> u, word-final ee -> i, ey -> e and ay -> e (the oblique ending:
//      kuttay, kuttey, kutte), 'y' between vowels dropped,
//      'y' after a consonant -> i;
//   2. doubled letters collapsed, then 'a' and 'e' after a consonant and
//      before the end of the word dropped (the schwa that romanisations
//      write or omit at will, and that Urdu script does not write).
// Both passes only shrink the text, so pass 2 runs in place.
#include "normalize/normalize_internal.h"

namespace byteback::normalize::internal {
namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsConsonant(char c) { return IsLetter(c) && !IsVowel(c); }

// Pass 1: consonant and vowel-digraph rules, from `in` appended to `*out`.
void ConsonantPass(std::string_view in, std::string* out, size_t start) {
  const size_t n = in.size();
  for (size_t i = 0; i < n;) {
    const char c = in[i];
    const char next = i + 1 < n ? in[i + 1] : '\0';
    const char prev = out->size() > start ? out->back() : '\0';
    switch (c) {
      case 'p':
        out->push_back(next == 'h' ? 'f' : 'p');
        i += next == 'h' ? 2 : 1;
        continue;
      case 'c':
        if (next == 'h') {
          out->append("ch");
          i += 2;
        } else {
          out->push_back('k');
          i += next == 'k' ? 2 : 1;
        }
        continue;
      case 'q':
        out->push_back('k');
        break;
      case 'w':
        out->push_back('v');
        break;
      case 'z':
        out->push_back('j');
        break;
      case 'h':
        if (!IsConsonant(prev) || prev == 's' || prev == 'c') out->push_back('h');
        break;
      case 'o':
        if (next == 'o') {
          out->push_back('u');
          i += 2;
          continue;
        }
        out->push_back('o');
        break;
      case 'e':
        if (next == 'e' && i + 2 == n) {  // final ee -> i
          out->push_back('i');
          i += 2;
          continue;
        }
        if (next == 'y' && i + 2 == n) {  // final ey -> e
          out->push_back('e');
          i += 2;
          continue;
        }
        out->push_back('e');
        break;
      case 'a':
        if (next == 'y' && i + 2 == n) {  // final ay -> e: kuttay = kuttey = kutte
          out->push_back('e');
          i += 2;
          continue;
        }
        out->push_back('a');
        break;
      case 'y':
        if (IsVowel(prev) && IsVowel(next)) break;
        out->push_back(IsConsonant(prev) ? 'i' : 'y');
        break;
      default:
        out->push_back(c);
        break;
    }
    ++i;
  }
}

// Pass 2, in place on (*s)[start, end): collapse doubles, drop inner a/e
// after consonants. Returns the new end.
size_t VowelPass(std::string* s, size_t start) {
  char* p = s->data();
  const size_t end = s->size();
  size_t w = start;
  for (size_t r = start; r < end; ++r) {
    const char c = p[r];
    if (w > start && p[w - 1] == c && IsLetter(c)) continue;
    p[w++] = c;
  }
  const size_t collapsed_end = w;
  w = start;
  for (size_t r = start; r < collapsed_end; ++r) {
    const char c = p[r];
    const bool inner = r + 1 < collapsed_end;
    if ((c == 'a' || c == 'e') && inner && w > start && IsConsonant(p[w - 1])) continue;
    p[w++] = c;
  }
  return w;
}

}  // namespace

void AppendSkeleton(std::string_view folded, std::string* out) {
  const size_t start = out->size();
  ConsonantPass(folded, out, start);
  out->resize(VowelPass(out, start));
}

char LeetLetter(char c) {
  switch (c) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '8': return 'b';
    case '@': return 'a';
    case '$': return 's';
    case '!': return 'i';
    case '|': return 'i';
    case '+': return 't';
    case '*': return '*';
    default: return 0;
  }
}

}  // namespace byteback::normalize::internal
