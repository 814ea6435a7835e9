// evidence_bench.cc: how fast packs are built and verified, and streaming
// SHA-256 throughput (docs/BENCHMARKS.md#evidence). Packs live in a private
// temporary directory removed at exit.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "crypto/crypto.h"
#include "evidence/evidence.h"

namespace {

namespace ev = byteback::evidence;
namespace crypto = byteback::crypto;

struct Env {
  std::string dir;
  std::unique_ptr<crypto::Signer> signer;
  Env() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bbbench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    dir = pattern;
    auto s = crypto::Signer::LoadOrCreate(dir + "/sign.key");
    if (!s.ok()) std::abort();
    signer = std::move(s).value();
  }
  ~Env() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

Env& GetEnv() {
  static Env env;
  return env;
}

std::string RandomBytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// `n` items of `bytes` each: screenshots (random bytes behind a PNG magic,
// stored) and messages (text, deflated), alternating.
ev::PackInput MakeInput(size_t n, size_t bytes) {
  ev::PackInput in;
  in.incident_id = "inc-bench";
  for (size_t i = 0; i < n; ++i) {
    const bool shot = i % 2 == 1;
    std::string data = shot ? "\x89PNG\r\n\x1a\n" + RandomBytes(bytes, i)
                            : std::string(bytes, 'a' + static_cast<char>(i % 26));
    ev::EvidenceItem it;
    it.seq = i + 1;
    it.kind = shot ? ev::ItemKind::kScreenshot : ev::ItemKind::kMessage;
    it.sha256 = crypto::Sha256Hex(data);
    it.captured_at = "2026-11-25T09:30:00Z";
    it.captured_by = "journalist-7";
    it.name = shot ? "shot.png" : "dm.txt";
    it.mime = shot ? "image/png" : "text/plain";
    it.size = data.size();
    in.items.push_back(std::move(it));
    in.contents.push_back(std::move(data));
  }
  return in;
}

size_t TotalBytes(const ev::PackInput& in) {
  size_t t = 0;
  for (const auto& c : in.contents) t += c.size();
  return t;
}

void BM_Sha256Hasher(benchmark::State& state) {
  const std::string chunk = RandomBytes(64 * 1024, 1);
  const int64_t chunks = state.range(0) / static_cast<int64_t>(chunk.size());
  for (auto _ : state) {
    ev::Sha256Hasher h(1ull << 40);
    for (int64_t i = 0; i < chunks; ++i) (void)h.Update(chunk);
    benchmark::DoNotOptimize(h.Finish());
  }
  state.SetBytesProcessed(state.iterations() * chunks * static_cast<int64_t>(chunk.size()));
}
BENCHMARK(BM_Sha256Hasher)->Arg(1 << 20)->Arg(64 << 20);

void BM_BuildPack(benchmark::State& state) {
  const ev::PackInput in = MakeInput(static_cast<size_t>(state.range(0)),
                                     static_cast<size_t>(state.range(1)));
  for (auto _ : state) {
    auto zip = ev::BuildPack(in, *GetEnv().signer);
    if (!zip.ok()) state.SkipWithError(zip.status().ToString().c_str());
    benchmark::DoNotOptimize(zip);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(TotalBytes(in)));
}
BENCHMARK(BM_BuildPack)->Args({100, 4096})->Args({1000, 4096})->Args({4, 16 << 20})
    ->Unit(benchmark::kMillisecond);

void BM_VerifyPack(benchmark::State& state) {
  const ev::PackInput in = MakeInput(static_cast<size_t>(state.range(0)),
                                     static_cast<size_t>(state.range(1)));
  const std::string path = GetEnv().dir + "/pack-" + std::to_string(state.range(0)) + "-" +
                           std::to_string(state.range(1)) + ".zip";
  if (!ev::WritePack(in, *GetEnv().signer, path).ok()) state.SkipWithError("cannot write pack");
  const std::string key = GetEnv().signer->public_key_hex();
  for (auto _ : state) {
    auto r = ev::VerifyPack(path, key);
    if (!r.ok() || !r->ok) state.SkipWithError("pack does not verify");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(TotalBytes(in)));
}
BENCHMARK(BM_VerifyPack)->Args({100, 4096})->Args({1000, 4096})->Args({4, 16 << 20})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
