// normalize_bench.cc: Normalizer::Normalize throughput (bytes/s) on short
// (~100-byte) and long messages in several scripts, single thread and
// shared across threads (one NormalizedText per thread).
// Target (issue 3): well under 1 us per 100 bytes (~0.5 us).
#include <benchmark/benchmark.h>

#include <string>

#include "normalize/normalize.h"

namespace {

using byteback::normalize::NormalizedText;
using byteback::normalize::Normalizer;

const char* const kMessages[] = {
    // 0: English with leet, masks, spacing tricks
    "You are such a b1tch, go back to the kitchen you f*cking s l u t!! whoooore @reporter_x 2024",
    // 1: Hinglish
    "teri maa ki... tu randi hai, chootiya journalist, madarchod channel band kar warna dekh lena",
    // 2: Devanagari
    "तू रंडी है, हरामी कुत्ता पत्रकार, तेरी औकात क्या है",
    // 3: Bengali
    "তুই একটা মাগি, খানকি সাংবাদিক, চুপ কর",
    // 4: Urdu
    "تم ایک حرامی صحافی ہو، رنڈی چپ رہو",
    // 5: Tamil + Sinhala
    "நீ ஒரு தேவடியா பத்திரிகையாளர் වේසි පරයා",
    // 6: confusables
    "ѕlut ｓｌｕｔ 𝐬𝐥𝐮𝐭 ꜱʟᴜᴛ ⓢⓛⓤⓣ b\u200Bitch wh0re",
};

void BM_NormalizeShort(benchmark::State& state) {
  static const Normalizer norm;
  const std::string msg = kMessages[state.range(0)];
  NormalizedText nt;
  for (auto _ : state) {
    norm.Normalize(msg, &nt);
    benchmark::DoNotOptimize(nt.tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeShort)->DenseRange(0, 6)->ThreadRange(1, 2);

void BM_NormalizeLong(benchmark::State& state) {
  static const Normalizer norm;
  std::string msg;
  while (msg.size() < static_cast<size_t>(state.range(0))) {
    for (const char* m : kMessages) msg.append(m).append("\n");
  }
  NormalizedText nt;
  for (auto _ : state) {
    norm.Normalize(msg, &nt);
    benchmark::DoNotOptimize(nt.tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
}
BENCHMARK(BM_NormalizeLong)->Range(1 << 10, 1 << 16);

}  // namespace

BENCHMARK_MAIN();
