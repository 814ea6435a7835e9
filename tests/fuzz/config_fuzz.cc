// config_fuzz.cc: the TOML configuration reader never crashes and either
// accepts a file or says why not.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cli/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  byteback::cli::Config config;
  byteback::Status s = byteback::cli::ApplyToml(text, "fuzz.toml", &config);
  if (!s.ok() && s.message().empty()) std::abort();  // every error must say what is wrong
  return 0;
}
