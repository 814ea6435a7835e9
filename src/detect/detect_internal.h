// detect_internal.h: helpers shared inside the detect module only.
#ifndef BYTEBACK_DETECT_DETECT_INTERNAL_H_
#define BYTEBACK_DETECT_DETECT_INTERNAL_H_

#include <cmath>
#include <cstdint>
#include <string_view>

namespace byteback::detect::internal {

// 64-bit FNV-1a, seeded: the feature hash (stable across platforms and
// releases: changing it invalidates every model file).
inline uint64_t Hash(std::string_view s, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ (seed * 0x9E3779B97F4A7C15ULL);
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Mixes two hashes (for n-grams of tokens) and finalises.
inline uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t h = a ^ (b + 0x9E3779B97F4A7C15ULL + (a << 6) + (a >> 2));
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

inline float Sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace byteback::detect::internal

#endif  // BYTEBACK_DETECT_DETECT_INTERNAL_H_
