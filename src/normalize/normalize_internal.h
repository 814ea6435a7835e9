// normalize_internal.h: helpers shared by the files of the normalize module.
// Thread safety: pure functions.
#ifndef BYTEBACK_NORMALIZE_NORMALIZE_INTERNAL_H_
#define BYTEBACK_NORMALIZE_NORMALIZE_INTERNAL_H_

#include <string>
#include <string_view>

namespace byteback::normalize::internal {

// Appends the phonetic skeleton of one folded token to `*out` (see
// docs/NORMALIZATION.md#phonetic-skeleton). Bytes other than ASCII letters
// are copied unchanged. Never longer than `folded`; does not allocate when
// `out` has capacity for folded.size() more bytes.
void AppendSkeleton(std::string_view folded, std::string* out);

// Leet reading of an ASCII digit or symbol inside a word ('0' -> 'o',
// '$' -> 's', '*' -> '*'), or 0 when it has none ('2', '6', '9').
char LeetLetter(char c);

}  // namespace byteback::normalize::internal

#endif  // BYTEBACK_NORMALIZE_NORMALIZE_INTERNAL_H_
