// report_bench.cc: time to render the incident report PDF for 100 and 1,000
// messages (the sample incident's Hindi, Urdu, Bengali and English messages
// repeated), both layout passes included.
#include <benchmark/benchmark.h>

#include "report/report.h"
#include "report/sample_incident.h"

namespace byteback::report {
namespace {

void BM_RenderPdf(benchmark::State& state) {
  ReportInput in = SampleIncident();
  const auto sample = in.messages;
  in.messages.clear();
  for (int i = 0; i < state.range(0); ++i) in.messages.push_back(sample[static_cast<size_t>(i) % sample.size()]);
  size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = RenderPdf(in);
    if (!pdf.ok()) return state.SkipWithError(pdf.status().ToString().c_str());
    bytes = pdf->size();
  }
  state.counters["pdf_kb"] = static_cast<double>(bytes) / 1024.0;
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RenderPdf)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace byteback::report

BENCHMARK_MAIN();
