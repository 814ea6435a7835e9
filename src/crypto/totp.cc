// totp.cc: RFC 6238 time-based one-time passwords (HMAC-SHA1 via OpenSSL,
// 30-second steps, dynamic truncation of RFC 4226 section 5.3).
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cstdio>
#include <optional>

#include "crypto/crypto.h"
#include "crypto/crypto_internal.h"

namespace byteback::crypto {
namespace {

constexpr int64_t kStepSeconds = 30;

// HOTP value for counter `counter` with key `key`, `digits` digits.
std::string Hotp(const std::string& key, uint64_t counter, int digits) {
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg,
           sizeof msg, mac, &mac_len) == nullptr ||
      mac_len < 20) {
    return "";
  }
  const int offset = mac[mac_len - 1] & 0x0f;
  const uint32_t bin = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                       (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                       (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                       mac[offset + 3];
  uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*u", digits, bin % mod);
  sodium_memzero(mac, sizeof mac);
  return buf;
}

std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string NewTotpSecret() {
  std::string raw(20, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string secret = Base32Encode(raw);
  internal::Wipe(raw);
  return secret;
}

std::string TotpCodeDigits(std::string_view secret_b32, int64_t unix_time,
                           int digits) {
  if (unix_time < 0 || digits < 6 || digits > 8) return "";
  Result<std::string> key = Base32Decode(secret_b32);
  if (!key.ok() || key->empty()) return "";
  std::string code =
      Hotp(*key, static_cast<uint64_t>(unix_time / kStepSeconds), digits);
  internal::Wipe(*key);
  return code;
}

std::string TotpCode(std::string_view secret_b32, int64_t unix_time) {
  return TotpCodeDigits(secret_b32, unix_time, 6);
}

std::optional<int64_t> MatchTotpStep(std::string_view secret_b32, std::string_view code,
                                     int64_t now, int window) {
  if (code.size() != 6 || window < 0 || window > 10 || now < 0) return std::nullopt;
  for (char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  Result<std::string> key = Base32Decode(secret_b32);
  if (!key.ok() || key->empty()) return std::nullopt;
  const int64_t step = now / kStepSeconds;
  int64_t matched = -1;
  for (int64_t d = -window; d <= window; ++d) {
    if (step + d < 0) continue;
    // No early exit: every candidate is computed and compared.
    const bool eq = ConstantTimeEquals(Hotp(*key, static_cast<uint64_t>(step + d), 6), code);
    if (eq) matched = step + d;
  }
  internal::Wipe(*key);
  if (matched < 0) return std::nullopt;
  return matched;
}

bool VerifyTotp(std::string_view secret_b32, std::string_view code, int64_t now,
                int window) {
  return MatchTotpStep(secret_b32, code, now, window).has_value();
}

std::string TotpUri(std::string_view issuer, std::string_view account,
                    std::string_view secret_b32) {
  std::string secret;
  for (char c : secret_b32)
    if (c != ' ' && c != '-' && c != '=')
      secret.push_back(c >= 'a' && c <= 'z' ? c - 32 : c);
  return "otpauth://totp/" + PercentEncode(issuer) + ":" +
         PercentEncode(account) + "?secret=" + secret +
         "&issuer=" + PercentEncode(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace byteback::crypto
