// evidence_fuzz.cc: the complaint-pack metadata parsers (manifest.json and
// chain.json come from a ZIP anyone can hand to `byteback evidence verify`)
// never crash, fail only with InvalidArgument or ResourceExhausted and a
// message, and round-trip what they accept: parse(write(parse(x))) equals
// parse(x). The same bytes also go through the other hostile-input helpers:
// archive entry names, content sniffing and declared-type checks, RFC 3339.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "evidence/evidence.h"

namespace {

namespace ev = byteback::evidence;
using byteback::StatusCode;

}  // namespace

#define Check(cond)                                                         \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "evidence_fuzz: invariant failed: %s\n", #cond); \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

static void CheckFailure(const byteback::Status& s) {
  Check(s.code() == StatusCode::kInvalidArgument ||
        s.code() == StatusCode::kResourceExhausted);
  Check(!s.message().empty());
}

static bool SameMetadata(const ev::PackManifest& a, const ev::PackManifest& b) {
  return a.incident_id == b.incident_id && a.generated_at == b.generated_at &&
         a.entries == b.entries && a.files == b.files && a.count == b.count &&
         a.head == b.head && a.public_key == b.public_key &&
         a.signature == b.signature && a.report_file == b.report_file &&
         a.report_sha256 == b.report_sha256 &&
         a.report_signature == b.report_signature;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  byteback::Result<ev::PackManifest> m = ev::ParseManifest(input);
  if (m.ok()) {
    Check(m->entries.size() == m->files.size());
    Check(m->entries.size() <= ev::kMaxItems);
    byteback::Result<ev::PackManifest> again = ev::ParseManifest(ev::ManifestJson(*m));
    Check(again.ok());
    Check(SameMetadata(*m, *again));
    // The chain check must not crash on whatever the manifest holds.
    (void)ev::Chain::FromEntries(m->entries);
  } else {
    CheckFailure(m.status());
  }

  byteback::Result<ev::PackManifest> c = ev::ParseChainJson(input);
  if (c.ok()) {
    byteback::Result<ev::PackManifest> again = ev::ParseChainJson(ev::ChainJson(*c));
    Check(again.ok());
    Check(again->entries == c->entries && again->head == c->head);
  } else {
    CheckFailure(c.status());
  }

  byteback::Status name = ev::CheckEntryName(input);
  if (name.ok()) {
    // No component is "..", nothing absolute, no backslash.
    Check(!input.empty() && input[0] != '/');
    Check(input.find('\\') == std::string_view::npos);
    size_t start = 0;
    while (start <= input.size()) {
      size_t slash = input.find('/', start);
      if (slash == std::string_view::npos) slash = input.size();
      Check(input.substr(start, slash - start) != "..");
      start = slash + 1;
    }
  }
  const std::string sniffed = ev::SniffMime(input);
  Check(!sniffed.empty());
  byteback::Result<std::string> declared = ev::CheckDeclaredType("image/png", "x.png", input);
  Check(!declared.ok() || *declared == "image/png");
  if (ev::IsRfc3339Utc(input)) Check(input.back() == 'Z');
  return 0;
}
