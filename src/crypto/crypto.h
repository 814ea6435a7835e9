// crypto.h: the platform's cryptographic primitives, in one place.
//
// Everything security-relevant that needs a key or a hash goes through this
// header so that the choices (argon2id, XChaCha20-Poly1305, BLAKE2b, Ed25519,
// HMAC-SHA1 TOTP) are made once and documented once (docs/SECURITY-crypto.md,
// formats in docs/FORMATS-store.md).
//
// Flow: call Init() once at start-up (it is idempotent and cheap afterwards).
// The server then loads a Keyring from the key file (outside the database) and
// shares it read-only: Seal() encrypts a column value before it is written,
// Open() decrypts it after it is read, BlindIndex() gives a keyed hash for
// equality look-ups of encrypted values (e-mail addresses). Key rotation is an
// offline step: RotateFile() adds a new primary key to the file, the process
// reloads the keyring, and each module re-seals every value for which
// IsPrimary() is false.
// Thread safety: free functions are safe to call concurrently once Init() has
// returned OK. Keyring and Signer are immutable after loading: all const
// methods may be called from any number of threads without locking.
#ifndef BYTEBACK_CRYPTO_CRYPTO_H_
#define BYTEBACK_CRYPTO_CRYPTO_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace byteback::crypto {

// Initialises libsodium. Idempotent and thread-safe. Returns Internal when the
// library cannot initialise (no entropy source). Every other function in this
// header assumes Init() has succeeded; Keyring::LoadOrCreate and
// Signer::LoadOrCreate call it themselves.
Status Init();

// ---------------------------------------------------------------- passwords

// argon2id cost presets (libsodium crypto_pwhash OPSLIMIT/MEMLIMIT pairs).
// kMinimum is for tests only (fast, weak); kInteractive (2 passes, 64 MiB) is
// the server default; kModerate (3 passes, 256 MiB) for small deployments that
// can afford ~1 s per login (measured: 0.2 s and 1 s on the dev VM).
enum class PasswordCost { kMinimum, kInteractive, kModerate };

// Passwords longer than this are refused (a DoS guard, mirrors accounts).
inline constexpr size_t kMaxPasswordBytes = 1024;

// Returns an encoded argon2id hash ("$argon2id$v=19$m=...,t=...,p=1$salt$hash")
// with a fresh random salt. InvalidArgument when `pw` is longer than
// kMaxPasswordBytes; ResourceExhausted when the memory cannot be allocated.
Result<std::string> HashPassword(
    std::string_view pw, PasswordCost cost = PasswordCost::kInteractive);

// True when `pw` matches `stored_hash` (a HashPassword() result). False for a
// wrong password, an empty or malformed hash, or an over-long password. Takes
// the time of one hash computation either way.
bool VerifyPassword(std::string_view stored_hash, std::string_view pw);

// True when `stored_hash` was made with parameters other than `cost` (or is not
// an argon2id hash at all): the caller should re-hash after a successful login.
bool PasswordNeedsRehash(std::string_view stored_hash,
                         PasswordCost cost = PasswordCost::kInteractive);

// ------------------------------------------------------ tokens and encodings

// `bytes` random bytes (CSPRNG), base64url-encoded without padding. 32 bytes
// give a 43-character token. `bytes` must be > 0 (assert).
std::string RandomToken(size_t bytes = 32);

// Lower-case hex SHA-256 of `data` (64 characters). Used for hashing
// high-entropy tokens at rest; never for passwords.
std::string Sha256Hex(std::string_view data);

// Compares without data-dependent early exit. Different lengths compare
// unequal (the length itself is not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Base64url (RFC 4648 section 5) without padding.
std::string Base64UrlEncode(std::string_view data);
// Decodes unpadded base64url. Returns InvalidArgument on any other character,
// on padding, or on an impossible length.
Result<std::string> Base64UrlDecode(std::string_view text);

// Lower-case hex.
std::string HexEncode(std::string_view data);

// ------------------------------------------------------------------ keyring

// Limits of the key file and sealed values; larger inputs are refused.
inline constexpr size_t kMaxKeyFileBytes = 1 << 20;
inline constexpr size_t kMaxSealedBytes = 64 << 20;

// Data-at-rest keys. The key file is a small text file (see
// docs/FORMATS-store.md#key-file) kept OUTSIDE the database, mode 0600. It
// holds one or more 256-bit keys with numeric ids; the highest id is primary.
//
// Sealed format: "bb1.<keyid>.<base64url(nonce[24] | ciphertext | tag[16])>",
// XChaCha20-Poly1305 IETF with a random nonce and the caller's `aad`
// (associated data: bind the value to its place, e.g. "users.email.42", so
// a sealed value copied into another row or column fails to open).
//
// Thread safety: immutable after LoadOrCreate(); all methods are const and
// safe to call concurrently. Not copyable (owns key material, wiped on
// destruction); held by unique_ptr.
class Keyring {
 public:
  // Loads the key file at `path`, or creates it (mode 0600, one fresh key,
  // parent directory must exist) when it does not exist.
  // FailedPrecondition when the file is readable or writable by group or
  // others ("... chmod 600 <path>"); Corruption when the file is malformed
  // (bad header, bad key line, duplicate id, no key); IOError when it cannot
  // be read or created.
  static Result<std::unique_ptr<Keyring>> LoadOrCreate(const std::string& path);

  // Builds a keyring from raw keys (id -> 32 bytes), for tests and tools.
  // InvalidArgument when empty, a key is not 32 bytes or an id is 0.
  static Result<std::unique_ptr<Keyring>> FromKeys(
      const std::map<uint32_t, std::string>& keys);

  // Adds a new primary key (id = highest + 1) to the key file at `path`,
  // keeping the old keys for decryption. Writes a temporary file (0600) and
  // renames it over the old one, so a crash leaves either file intact. The
  // same errors as LoadOrCreate for an existing bad file; NotFound when
  // there is no file to rotate. Running processes keep the old keyring until
  // they reload.
  static Status RotateFile(const std::string& path);

  Keyring(const Keyring&) = delete;
  Keyring& operator=(const Keyring&) = delete;
  ~Keyring();

  // Encrypts `plaintext` bound to `aad` under the primary key. The result is
  // printable ASCII (fits a TEXT column). InvalidArgument when the plaintext
  // exceeds kMaxSealedBytes.
  Result<std::string> Seal(std::string_view plaintext,
                           std::string_view aad) const;

  // Decrypts a Seal() result. Corruption when the text is malformed, was
  // tampered with, or `aad` differs from the one used to seal; NotFound when
  // it was sealed under a key id this keyring does not have.
  Result<std::string> Open(std::string_view sealed, std::string_view aad) const;

  // True when `sealed` names the primary key. False for an older key or a
  // malformed value: such values should be re-sealed after a rotation.
  bool IsPrimary(std::string_view sealed) const;

  // Keyed hash (BLAKE2b-256, key derived from the FIRST key of the file so the
  // index survives rotation) of `value`, lower-case hex. Deterministic: use
  // it to look up encrypted values by equality. Callers normalise first
  // (e.g. lower-case an e-mail) and prefix a domain ("email:").
  std::string BlindIndex(std::string_view value) const;

  uint32_t primary_key_id() const { return primary_id_; }
  // Number of keys held (1 + number of rotations).
  size_t key_count() const { return keys_.size(); }

 private:
  Keyring() = default;
  std::map<uint32_t, std::string> keys_;  // id -> 32-byte key
  uint32_t primary_id_ = 0;
  std::string index_key_;  // 32 bytes, derived once
};

// ---------------------------------------------------------------------- TOTP

// RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits, base32 secrets.

// A fresh 160-bit secret, base32 (RFC 4648, upper case, no padding): 32 chars.
std::string NewTotpSecret();

// The code for `unix_time` (6 digits, zero-padded), or "" when `secret_b32`
// is not valid base32 (case and spaces are ignored, padding allowed).
std::string TotpCode(std::string_view secret_b32, int64_t unix_time);

// As TotpCode with `digits` (6..8) digits; for RFC test vectors.
std::string TotpCodeDigits(std::string_view secret_b32, int64_t unix_time,
                           int digits);

// True when `code` equals the code of any step within `window` steps of
// `now` (window 1 accepts the previous, current and next 30 s). Compares in
// constant time. False for a malformed secret or code.
bool VerifyTotp(std::string_view secret_b32, std::string_view code, int64_t now,
                int window = 1);

// As VerifyTotp, but says which 30-second step the code belongs to, so that a
// caller can refuse a code already used (RFC 6238 section 5.2): accept a step
// only when it is later than the last one accepted for that account.
std::optional<int64_t> MatchTotpStep(std::string_view secret_b32, std::string_view code,
                                     int64_t now, int window = 1);

// "otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30",
// issuer and account percent-encoded; for QR codes in authenticator apps.
std::string TotpUri(std::string_view issuer, std::string_view account,
                    std::string_view secret_b32);

// Base32 (RFC 4648) helpers used by TOTP.
std::string Base32Encode(std::string_view data);
Result<std::string> Base32Decode(std::string_view text);

// ------------------------------------------------------------------- Ed25519

// An Ed25519 signing key kept in a file (mode 0600; format in
// docs/FORMATS-store.md#signing-key-file), for the evidence chain.
// Thread safety: immutable after loading; Sign() is const and thread-safe.
// Not copyable (secret key wiped on destruction).
class Signer {
 public:
  // Loads the key at `path` or creates it (0600). The same error rules as
  // Keyring::LoadOrCreate (FailedPrecondition for a group/other-readable
  // file, Corruption for a malformed one, IOError otherwise).
  static Result<std::unique_ptr<Signer>> LoadOrCreate(const std::string& path);

  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;
  ~Signer();

  // Detached signature of `msg`: 64 bytes, lower-case hex (128 chars).
  std::string Sign(std::string_view msg) const;
  // Public key, lower-case hex (64 chars).
  std::string public_key_hex() const;

 private:
  Signer() = default;
  std::string secret_key_;  // 64 bytes (libsodium seed | public key)
  std::string public_key_;  // 32 bytes
};

// True when `sig_hex` is a valid Ed25519 signature of `msg` by `pubkey_hex`.
// False for malformed hex or wrong lengths.
bool VerifySignature(std::string_view pubkey_hex, std::string_view msg,
                     std::string_view sig_hex);

}  // namespace byteback::crypto

#endif  // BYTEBACK_CRYPTO_CRYPTO_H_
