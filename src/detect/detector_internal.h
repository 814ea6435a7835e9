// detector_internal.h: types shared by the files of the scan path.
#ifndef BYTEBACK_DETECT_DETECTOR_INTERNAL_H_
#define BYTEBACK_DETECT_DETECTOR_INTERNAL_H_

#include <cstdint>

#include "detect/detect.h"

namespace byteback::detect::internal {

// A lexicon entry matched over tokens [first, last] of the normalised text.
struct Hit {
  uint32_t entry;
  uint32_t first;
  uint32_t last;
};

// Sets out->lang and out->script from the scripts of the letters and, for
// Latin text, from function words of the romanised languages (lang.cc).
void GuessLanguage(const normalize::NormalizedText& nt, Verdict* out);

}  // namespace byteback::detect::internal

#endif  // BYTEBACK_DETECT_DETECTOR_INTERNAL_H_
