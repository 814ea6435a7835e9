// encoding.cc: Init, random tokens, SHA-256, constant-time comparison and
// the base64url / hex / base32 encodings used by the rest of the module.
#include <sodium.h>

#include <cassert>
#include <cstdint>

#include "crypto/crypto.h"
#include "crypto/crypto_internal.h"

namespace byteback::crypto {

Status Init() {
  // sodium_init() is thread-safe and returns 1 when already initialised.
  if (sodium_init() < 0)
    return Status::Internal("libsodium failed to initialise");
  return Status::Ok();
}

std::string Base64UrlEncode(std::string_view data) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(data.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), kVariant);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  // Check the alphabet first: libsodium's decoder maps some bytes >= 0x80
  // onto alphabet values (found by tests/fuzz/keyring_fuzz.cc).
  for (char c : text) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return Status::InvalidArgument("not canonical unpadded base64url");
    }
  }
  std::string out(text.size() * 3 / 4 + 1, '\0');
  size_t len = 0;
  const char* end = nullptr;
  // libsodium rejects characters outside the alphabet, padding in this
  // variant, and non-zero unused trailing bits (non-canonical encodings).
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &len,
                        &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return Status::InvalidArgument("not canonical unpadded base64url");
  }
  out.resize(len);
  return out;
}

std::string HexEncode(std::string_view data) {
  std::string out(data.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(),
                 reinterpret_cast<const unsigned char*>(data.data()),
                 data.size());
  out.resize(data.size() * 2);
  return out;
}

std::string RandomToken(size_t bytes) {
  assert(bytes > 0);
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string token = Base64UrlEncode(raw);
  internal::Wipe(raw);
  return token;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(
      digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {
constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}  // namespace

std::string Base32Encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : data) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  bool padding = false;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;  // authenticator apps show groups
    if (c == '=') {
      padding = true;
      continue;
    }
    if (padding) return Status::InvalidArgument("base32: data after padding");
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a';
    else if (c >= '2' && c <= '7')
      v = c - '2' + 26;
    else
      return Status::InvalidArgument("base32: invalid character");
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

namespace internal {

void Wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
}

Result<std::string> HexDecode(std::string_view hex) {
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
          (c >= 'A' && c <= 'F')))
      return Status::InvalidArgument("not hex");
  }
  std::string out(hex.size() / 2 + 1, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     hex.data(), hex.size(), nullptr, &len, &end) != 0 ||
      end != hex.data() + hex.size()) {
    return Status::InvalidArgument("not hex");
  }
  out.resize(len);
  return out;
}

}  // namespace internal
}  // namespace byteback::crypto
