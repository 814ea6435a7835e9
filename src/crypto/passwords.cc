// passwords.cc: argon2id password hashing (libsodium crypto_pwhash, the
// encoded "$argon2id$..." string format). Parameters in
// docs/SECURITY-crypto.md.
#include <sodium.h>

#include "crypto/crypto.h"

namespace byteback::crypto {
namespace {

struct Cost {
  unsigned long long ops;
  size_t mem;
};

Cost CostOf(PasswordCost cost) {
  switch (cost) {
    case PasswordCost::kMinimum:
      return {crypto_pwhash_argon2id_OPSLIMIT_MIN,
              crypto_pwhash_argon2id_MEMLIMIT_MIN};
    case PasswordCost::kModerate:
      return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE,
              crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
    case PasswordCost::kInteractive:
      break;
  }
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
          crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

// libsodium wants a NUL-terminated hash string shorter than STRBYTES.
bool ValidStoredHash(std::string_view stored) {
  return !stored.empty() && stored.size() < crypto_pwhash_STRBYTES &&
         stored.find('\0') == std::string_view::npos;
}

}  // namespace

Result<std::string> HashPassword(std::string_view pw, PasswordCost cost) {
  if (pw.size() > kMaxPasswordBytes)
    return Status::InvalidArgument("password longer than 1024 bytes");
  BB_RETURN_IF_ERROR(Init());
  const Cost c = CostOf(cost);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pw.data(), pw.size(), c.ops, c.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::ResourceExhausted("argon2id: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view pw) {
  if (!ValidStoredHash(stored_hash) || pw.size() > kMaxPasswordBytes)
    return false;
  if (!Init().ok()) return false;
  const std::string stored(stored_hash);
  return crypto_pwhash_str_verify(stored.c_str(), pw.data(), pw.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored_hash, PasswordCost cost) {
  if (!ValidStoredHash(stored_hash)) return true;
  const Cost c = CostOf(cost);
  const std::string stored(stored_hash);
  // 0: matches; 1: other parameters; -1: not an argon2id hash.
  return crypto_pwhash_argon2id_str_needs_rehash(stored.c_str(), c.ops,
                                                 c.mem) != 0;
}

}  // namespace byteback::crypto
