// keyring_fuzz.cc: Keyring::Open over attacker-controlled sealed strings (a
// sealed column is only as trustworthy as the database file) never crashes,
// never accepts a forgery, and fails with Corruption or NotFound and a
// message. The input is "<sealed>\n<aad>" (no newline: aad "fuzz"). The same
// bytes are also sealed as a plaintext to check the round trip, and fed to
// the base64url/base32 decoders, which must be canonical when they succeed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/crypto.h"

namespace {

using byteback::StatusCode;
namespace crypto = byteback::crypto;

const crypto::Keyring& Ring() {
  // Two fixed keys: 1 (old) and 2 (primary), so both NotFound and the
  // non-primary path are reachable.
  static const std::unique_ptr<crypto::Keyring> ring = [] {
    auto r = crypto::Keyring::FromKeys(
        {{1, std::string(32, '\x11')}, {2, std::string(32, '\x22')}});
    if (!r.ok()) std::abort();
    return std::move(r).value();
  }();
  return *ring;
}

}  // namespace

// Reports the failed invariant and aborts (the fuzzer's signal of a bug).
#define Check(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::fprintf(stderr, "keyring_fuzz: invariant failed: %s\n", #cond); \
      std::abort();                                                        \
    }                                                                      \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  const std::string_view sealed = input.substr(0, nl);
  const std::string_view aad =
      nl == std::string_view::npos ? "fuzz" : input.substr(nl + 1);
  const crypto::Keyring& ring = Ring();

  byteback::Result<std::string> opened = ring.Open(sealed, aad);
  if (opened.ok()) {
    // Only a genuine Seal() output opens; it must be well-formed.
    Check(sealed.rfind("bb1.1.", 0) == 0 || sealed.rfind("bb1.2.", 0) == 0);
    Check(ring.IsPrimary(sealed) == (sealed.rfind("bb1.2.", 0) == 0));
  } else {
    const StatusCode code = opened.status().code();
    Check(code == StatusCode::kCorruption || code == StatusCode::kNotFound);
    Check(!opened.status().message().empty());
  }
  (void)ring.IsPrimary(sealed);
  (void)ring.BlindIndex(input);

  // Round trip of arbitrary plaintext; a different aad must not open it.
  byteback::Result<std::string> resealed = ring.Seal(input, aad);
  Check(resealed.ok());
  Check(ring.IsPrimary(*resealed));
  byteback::Result<std::string> back = ring.Open(*resealed, aad);
  Check(back.ok() && *back == input);
  Check(ring.Open(*resealed, std::string(aad) + "x").status().code() ==
        StatusCode::kCorruption);

  // Decoders: success implies the canonical encoding of the result.
  byteback::Result<std::string> b64 = crypto::Base64UrlDecode(sealed);
  if (b64.ok()) Check(crypto::Base64UrlEncode(*b64) == sealed);
  (void)crypto::Base32Decode(input);
  return 0;
}
