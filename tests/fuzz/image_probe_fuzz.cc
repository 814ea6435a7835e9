// image_probe_fuzz.cc: ocr::ProbeImage over attacker-controlled upload bytes
// never crashes or reads out of bounds; it either fails with InvalidArgument
// or ResourceExhausted and a message, or returns a known MIME type and
// non-zero dimensions within the pixel limit.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ocr/ocr.h"

#define Check(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::fprintf(stderr, "image_probe_fuzz: invariant failed: %s\n", #cond); \
      std::abort();                                                            \
    }                                                                          \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ocr = byteback::ocr;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr uint64_t kLimit = 1'000'000;
  auto r = ocr::ProbeImage(bytes, kLimit);
  if (r.ok()) {
    Check(r->width > 0 && r->height > 0);
    Check(uint64_t{r->width} * r->height <= kLimit);
    Check(r->mime.starts_with("image/"));
  } else {
    const auto code = r.status().code();
    Check(code == byteback::StatusCode::kInvalidArgument || code == byteback::StatusCode::kResourceExhausted);
    Check(!r.status().message().empty());
  }
  return 0;
}
