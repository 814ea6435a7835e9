// template_fuzz.cc: report::ParseTemplate over arbitrary TOML text (complaint
// templates are edited by hand) never crashes; it fails with InvalidArgument
// and a message starting with the origin, or returns a template whose fields
// have unique [a-z0-9_]+ keys and whose URLs are https.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>

#include "report/report.h"

#define Check(cond)                                                         \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "template_fuzz: invariant failed: %s\n", #cond); \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace report = byteback::report;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = report::ParseTemplate(text, "fuzz.toml");
  if (!r.ok()) {
    Check(r.status().code() == byteback::StatusCode::kInvalidArgument);
    Check(r.status().message().starts_with("fuzz.toml"));
    return 0;
  }
  Check(r->id == "fuzz");
  Check(!r->fields.empty());
  std::set<std::string> keys;
  for (const auto& f : r->fields) {
    Check(!f.key.empty() && keys.insert(f.key).second);
    for (char c : f.key) Check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  Check(r->submit_url.starts_with("https://"));
  for (const auto& rule : r->rules) Check(rule.url.starts_with("https://"));
  return 0;
}
