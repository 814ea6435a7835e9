// fuzz_replay_main.cc: runs a libFuzzer target without libFuzzer (any
// compiler), so every `make test` checks the target's invariants.
//
// Usage: <target>_replay CORPUS_DIR [MUTATIONS]
// Feeds every file of CORPUS_DIR (sorted by name) to LLVMFuzzerTestOneInput,
// then MUTATIONS inputs derived from them by a fixed-seed mutator (byte flips,
// inserts of interesting bytes, splices, truncations). Deterministic: the same
// corpus gives the same inputs. A target reports a bug by aborting; this
// driver exits 0 after the last input and prints "N passed, 0 failed".
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string Mutate(const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  static const std::string kInteresting[] = {
      "\xff", "\xc0\xaf", "\xe0\xa4", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\0", "\"", "\\",
      "{", "}", "[", "]", ":", ",", "\n", "\t", "1e999999", "-0", "null", "\u200b",
      "\xd8\xa7", "\xe0\xa4\xb0", "*", "@", "$", "1", " ", "\xef\xbc\xb3"};
  std::string s = seeds.empty() ? std::string() : seeds[rng() % seeds.size()];
  int edits = 1 + static_cast<int>(rng() % 8);
  for (int e = 0; e < edits; ++e) {
    switch (rng() % 5) {
      case 0:
        if (!s.empty()) s[rng() % s.size()] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1: {
        const std::string& ins = kInteresting[rng() % std::size(kInteresting)];
        s.insert(s.empty() ? 0 : rng() % (s.size() + 1), ins);
        break;
      }
      case 2:
        if (!s.empty()) s.resize(rng() % s.size());
        break;
      case 3:
        if (!seeds.empty()) {
          const std::string& o = seeds[rng() % seeds.size()];
          if (!o.empty()) s += o.substr(rng() % o.size());
        }
        break;
      default:
        if (s.size() > 1) {
          size_t a = rng() % s.size(), b = rng() % s.size();
          std::swap(s[a], s[b]);
        }
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
    return 2;
  }
  long mutations = argc > 2 ? std::atol(argv[2]) : 10000;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(argv[1], ec)) {
    for (const auto& e : std::filesystem::directory_iterator(argv[1]))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> seeds;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (seeds.empty()) seeds.push_back("");
  long n = 0;
  for (const auto& s : seeds) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    ++n;
  }
  std::mt19937_64 rng(0xB17EBAC);
  for (long i = 0; i < mutations; ++i) {
    std::string s = Mutate(seeds, rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    ++n;
  }
  std::printf("fuzz replay: %ld passed, 0 failed\n", n);
  return 0;
}
