// ocr_bench.cc: OCR time per generated screenshot (Hindi, Urdu and English
// lines, 900 px wide like a phone screenshot) with all three languages loaded,
// and the header probe alone. Engine start-up (loading the language models)
// is measured separately: a Recognizer keeps its engines.
#include <benchmark/benchmark.h>

#include "ocr/ocr.h"
#include "ocr/screenshot.h"

namespace byteback::ocr {
namespace {

const std::vector<TextLine> kLines = {
    {"तुम रंडी हो, जान से मार देंगे", "Noto Sans Devanagari 24"},
    {"تم گشتی ہو، گولی مار دوں گا", "Noto Naskh Arabic 24"},
    {"shut up you stupid bitch, I will kill you", "Noto Sans 22"},
};

void BM_RecognizeScreenshot(benchmark::State& state) {
  Options o;
  o.languages = {"hin", "urd", "eng"};
  auto rec = Recognizer::Create(o);
  if (!rec.ok()) return state.SkipWithError(rec.status().ToString().c_str());
  std::vector<TextLine> lines;
  for (int i = 0; i < state.range(0); ++i) lines.push_back(kLines[static_cast<size_t>(i) % kLines.size()]);
  const std::string png = RenderScreenshot(lines);
  for (auto _ : state) {
    auto r = (*rec)->Recognize(png);
    if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
    benchmark::DoNotOptimize(r->text);
  }
  state.counters["lines"] = static_cast<double>(lines.size());
}
BENCHMARK(BM_RecognizeScreenshot)->Arg(3)->Arg(12)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_EngineStartup(benchmark::State& state) {
  const std::string png = RenderScreenshot({kLines[2]}, 600);
  for (auto _ : state) {
    auto r = Recognize(png, {"hin", "urd", "eng"});
    benchmark::DoNotOptimize(r.ok());
  }
}
BENCHMARK(BM_EngineStartup)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ProbeImage(benchmark::State& state) {
  const std::string png = RenderScreenshot(kLines);
  for (auto _ : state) benchmark::DoNotOptimize(ProbeImage(png).ok());
}
BENCHMARK(BM_ProbeImage);

}  // namespace
}  // namespace byteback::ocr

BENCHMARK_MAIN();
