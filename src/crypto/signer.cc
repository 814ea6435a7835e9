// signer.cc: Ed25519 signing key in a 0600 file, detached signatures in hex.
// File format (docs/FORMATS-store.md#signing-key-file):
//   bbsigner v1
//   ed25519 <base64url(32-byte seed)>
#include <sodium.h>

#include "crypto/crypto.h"
#include "crypto/crypto_internal.h"

namespace byteback::crypto {
namespace {

constexpr std::string_view kMagic = "bbsigner v1";
constexpr size_t kMaxSignerFileBytes = 4096;

// Extracts the seed from the file text; Corruption when malformed.
Result<std::string> ParseSignerFile(std::string_view text,
                                    const std::string& path) {
  std::string_view seed_b64;
  bool magic = false;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text =
        nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    if (!magic) {
      if (line != kMagic)
        return Status::Corruption("signing key file " + path + ": bad header");
      magic = true;
    } else if (line.substr(0, 8) == "ed25519 " && seed_b64.empty()) {
      seed_b64 = line.substr(8);
    } else {
      return Status::Corruption("signing key file " + path +
                                ": unexpected line");
    }
  }
  Result<std::string> seed = Base64UrlDecode(seed_b64);
  if (!magic || !seed.ok() || seed->size() != crypto_sign_SEEDBYTES)
    return Status::Corruption("signing key file " + path +
                              ": no valid ed25519 seed");
  return seed;
}

}  // namespace

Signer::~Signer() { internal::Wipe(secret_key_); }

Result<std::unique_ptr<Signer>> Signer::LoadOrCreate(const std::string& path) {
  BB_RETURN_IF_ERROR(Init());
  Result<std::string> text =
      internal::ReadSecretFile(path, kMaxSignerFileBytes);
  if (!text.ok() && text.status().code() == StatusCode::kNotFound) {
    std::string seed(crypto_sign_SEEDBYTES, '\0');
    randombytes_buf(seed.data(), seed.size());
    std::string content =
        std::string(
            "# Byte Back evidence signing key. SECRET: keep mode 0600.\n") +
        std::string(kMagic) + "\ned25519 " + Base64UrlEncode(seed) + "\n";
    internal::Wipe(seed);
    Status s = internal::CreateSecretFile(path, content);
    internal::Wipe(content);
    if (!s.ok() && s.code() != StatusCode::kAlreadyExists) return s;
    text = internal::ReadSecretFile(path, kMaxSignerFileBytes);
  }
  if (!text.ok()) return text.status();
  Result<std::string> seed = ParseSignerFile(*text, path);
  internal::Wipe(*text);
  if (!seed.ok()) return seed.status();
  std::unique_ptr<Signer> signer(new Signer());
  signer->secret_key_.assign(crypto_sign_SECRETKEYBYTES, '\0');
  signer->public_key_.assign(crypto_sign_PUBLICKEYBYTES, '\0');
  crypto_sign_seed_keypair(
      reinterpret_cast<unsigned char*>(signer->public_key_.data()),
      reinterpret_cast<unsigned char*>(signer->secret_key_.data()),
      reinterpret_cast<const unsigned char*>(seed->data()));
  internal::Wipe(*seed);
  return signer;
}

std::string Signer::Sign(std::string_view msg) const {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(
      sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()),
      msg.size(), reinterpret_cast<const unsigned char*>(secret_key_.data()));
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

std::string Signer::public_key_hex() const { return HexEncode(public_key_); }

bool VerifySignature(std::string_view pubkey_hex, std::string_view msg,
                     std::string_view sig_hex) {
  if (!Init().ok()) return false;
  Result<std::string> pk = internal::HexDecode(pubkey_hex);
  Result<std::string> sig = internal::HexDecode(sig_hex);
  if (!pk.ok() || !sig.ok() || pk->size() != crypto_sign_PUBLICKEYBYTES ||
      sig->size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(sig->data()),
             reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
             reinterpret_cast<const unsigned char*>(pk->data())) == 0;
}

}  // namespace byteback::crypto
