// jsonl_fuzz.cc: the labelled-JSONL line reader (byteback train/eval) and the
// lexicon reader never crash; each either accepts its input or says why not.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "detect/detect.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  byteback::Result<byteback::detect::Example> e = byteback::detect::ParseExample(in);
  if (e.ok()) {
    if ((e->positive & ~e->known) != 0) std::abort();  // a positive label must be known
  } else if (e.status().message().empty()) {
    std::abort();
  }
  byteback::detect::Lexicon lex;
  std::string tsv = "term\tlang\tcategory\tseverity\tnotes\n" + std::string(in);
  byteback::Status s = byteback::detect::ParseLexicon(tsv, "fuzz.tsv", &lex);
  if (!s.ok() && s.message().find("fuzz.tsv") == std::string::npos) std::abort();
  for (const auto& entry : lex.entries)
    if (entry.term.empty() || entry.severity < 1 || entry.severity > 3) std::abort();
  return 0;
}
