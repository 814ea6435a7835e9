// evidence_zip_fuzz.cc: SafeArchive over attacker-supplied ZIP bytes (an
// upload, a pack handed to `evidence verify`). It never crashes; when it
// opens, every entry has a safe name, sizes within the limits, and reading
// an entry yields at most its declared size; failures carry a message.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "evidence/evidence.h"

namespace ev = byteback::evidence;

#define Check(cond)                                                             \
  do {                                                                          \
    if (!(cond)) {                                                              \
      std::fprintf(stderr, "evidence_zip_fuzz: invariant failed: %s\n", #cond); \
      std::abort();                                                             \
    }                                                                           \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ev::ArchiveLimits limits;
  limits.max_entries = 64;
  limits.max_entry_bytes = 1 << 20;
  limits.max_total_bytes = 4 << 20;
  byteback::Result<ev::SafeArchive> zip = ev::SafeArchive::OpenMemory(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.zip", limits);
  if (!zip.ok()) {
    Check(!zip.status().message().empty());
    return 0;
  }
  Check(zip->entries().size() <= limits.max_entries);
  for (const ev::ArchiveEntry& e : zip->entries()) {
    Check(ev::CheckEntryName(e.name, limits).ok());
    Check(e.size <= limits.max_entry_bytes);
    Check(zip->Find(e.name) != nullptr);
    uint64_t got = 0;
    byteback::Status s = zip->Stream(e, [&](std::string_view chunk) {
      got += chunk.size();
      return byteback::Status::Ok();
    });
    Check(got <= e.size);
    Check(s.ok() ? got == e.size || e.is_dir : !s.message().empty());
  }
  return 0;
}
