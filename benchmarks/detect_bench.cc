// detect_bench.cc: throughput of the whole Shield pipeline (normalise ->
// lexicons -> model -> verdict) on the fixed corpus data/bench/messages.txt
// (~100-byte messages in seven languages), single-threaded and with threads
// sharing one immutable Detector (each thread owns a Scratch). Reports
// messages/s (items) and bytes/s. Run by `make bench`.
#include <benchmark/benchmark.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "detect/detect.h"

namespace {

using byteback::detect::Detector;
using byteback::detect::Scratch;
using byteback::detect::Verdict;

const std::string kRoot = BB_SOURCE_DIR;

const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> v;
    std::ifstream in(kRoot + "/data/bench/messages.txt");
    std::string line;
    while (std::getline(in, line)) v.push_back(line);
    return v;
  }();
  return lines;
}

std::shared_ptr<const Detector> Shipped() {
  static std::shared_ptr<const Detector> d = [] {
    auto r = Detector::Load(kRoot + "/data/models/shield.bbm", kRoot + "/data/lexicons");
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      std::abort();
    }
    return *r;
  }();
  return d;
}

void BM_ScanMessages(benchmark::State& state) {
  auto d = Shipped();
  const auto& corpus = Corpus();
  Scratch scratch(*d);
  Verdict v;
  size_t i = 0, bytes = 0, flagged = 0;
  for (auto _ : state) {
    const std::string& m = corpus[i++ % corpus.size()];
    d->Scan(m, scratch, &v);
    bytes += m.size();
    flagged += v.labels != 0;
  }
  benchmark::DoNotOptimize(flagged);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ScanMessages)->ThreadRange(1, 2)->UseRealTime();

void BM_NormalizeOnly(benchmark::State& state) {
  auto d = Shipped();
  const auto& corpus = Corpus();
  byteback::normalize::NormalizedText nt;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& m = corpus[i++ % corpus.size()];
    d->normalizer().Normalize(m, &nt);
    bytes += m.size();
    benchmark::DoNotOptimize(nt.tokens.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_NormalizeOnly);

void BM_BuildDetector(benchmark::State& state) {
  auto d = Shipped();
  for (auto _ : state) {
    auto r = Detector::Build({}, d->lexicon(), d->model());
    benchmark::DoNotOptimize(r.ok());
  }
}
BENCHMARK(BM_BuildDetector)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
