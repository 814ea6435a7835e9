// keyring.cc: data-at-rest encryption keys and sealed values.
//
// Each file key K (32 random bytes, id n) is never used directly: the AEAD
// key is KDF(K, subkey 1, "bb-seal-") and the blind-index key is
// KDF(K_first, subkey 1, "bb-index") where K_first is the key with the
// lowest id, so blind indexes stay valid across rotations (crypto_kdf is
// BLAKE2b-based). Sealed values are "bb1.<id>.<base64url(nonce|ct|tag)>".
// Formats: docs/FORMATS-store.md#sealed-values and #key-file.
#include <sodium.h>

#include <charconv>
#include <limits>
#include <string>

#include "crypto/crypto.h"
#include "crypto/crypto_internal.h"

namespace byteback::crypto {
namespace {

constexpr std::string_view kSealPrefix = "bb1.";
constexpr std::string_view kFileMagic = "bbkeyring v1";
constexpr char kSealContext[crypto_kdf_CONTEXTBYTES + 1] = "bb-seal-";
constexpr char kIndexContext[crypto_kdf_CONTEXTBYTES + 1] = "bb-index";
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(crypto_kdf_KEYBYTES == 32 &&
              crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

std::string Derive(const std::string& key, const char* context) {
  std::string sub(32, '\0');
  crypto_kdf_derive_from_key(
      reinterpret_cast<unsigned char*>(sub.data()), sub.size(), 1, context,
      reinterpret_cast<const unsigned char*>(key.data()));
  return sub;
}

// Parses a decimal key id in [1, 2^32-1] with no sign or leading zero.
bool ParseKeyId(std::string_view s, uint32_t* id) {
  if (s.empty() || s.size() > 10 || s[0] == '0') return false;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v == 0 ||
      v > std::numeric_limits<uint32_t>::max()) {
    return false;
  }
  *id = static_cast<uint32_t>(v);
  return true;
}

// Splits "bb1.<id>.<payload>"; false when the shape is wrong.
bool SplitSealed(std::string_view sealed, uint32_t* id,
                 std::string_view* payload) {
  if (sealed.size() > kMaxSealedBytes * 2 ||
      sealed.substr(0, kSealPrefix.size()) != kSealPrefix)
    return false;
  sealed.remove_prefix(kSealPrefix.size());
  size_t dot = sealed.find('.');
  if (dot == std::string_view::npos || !ParseKeyId(sealed.substr(0, dot), id))
    return false;
  *payload = sealed.substr(dot + 1);
  // The shortest box (nonce + tag, empty plaintext) is 40 bytes = 54 chars.
  if (payload->size() < 54) return false;
  for (char c : *payload) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

// Parses the key file text into id -> raw key. See
// docs/FORMATS-store.md#key-file.
Status ParseKeyFile(std::string_view text, const std::string& path,
                    std::map<uint32_t, std::string>* keys) {
  bool magic = false;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text =
        nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    auto bad = [&](const std::string& why) {
      return Status::Corruption("key file " + path + ":" +
                                std::to_string(line_no) + ": " + why);
    };
    if (line.empty() || line[0] == '#') continue;
    if (!magic) {
      if (line != kFileMagic) return bad("expected \"bbkeyring v1\"");
      magic = true;
      continue;
    }
    if (line.substr(0, 4) != "key ")
      return bad("expected \"key <id> <base64url key>\"");
    line.remove_prefix(4);
    size_t sp = line.find(' ');
    uint32_t id = 0;
    if (sp == std::string_view::npos || !ParseKeyId(line.substr(0, sp), &id))
      return bad("bad key id");
    Result<std::string> key = Base64UrlDecode(line.substr(sp + 1));
    if (!key.ok() || key->size() != 32)
      return bad("key is not 32 bytes of base64url");
    if (!keys->emplace(id, std::move(key).value()).second)
      return bad("duplicate key id");
  }
  if (!magic || keys->empty())
    return Status::Corruption("key file " + path + " holds no key");
  return Status::Ok();
}

std::string FormatKeyFile(const std::map<uint32_t, std::string>& keys) {
  std::string out =
      "# Byte Back data-at-rest keyring. SECRET: keep mode 0600 and back it "
      "up\n"
      "# separately from the database; without it encrypted data is lost.\n"
      "# The highest id is the primary key. Format: "
      "docs/FORMATS-store.md#key-file\n";
  out += kFileMagic;
  out += '\n';
  for (const auto& [id, key] : keys)
    out += "key " + std::to_string(id) + " " + Base64UrlEncode(key) + "\n";
  return out;
}

std::string NewKey() {
  std::string key(32, '\0');
  crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  return key;
}

void WipeKeys(std::map<uint32_t, std::string>& keys) {
  for (auto& [id, key] : keys) internal::Wipe(key);
}

// Loads and parses an existing file.
Status LoadKeys(const std::string& path,
                std::map<uint32_t, std::string>* keys) {
  BB_ASSIGN_OR_RETURN(std::string text,
                      internal::ReadSecretFile(path, kMaxKeyFileBytes));
  Status s = ParseKeyFile(text, path, keys);
  internal::Wipe(text);
  return s;
}

}  // namespace

Keyring::~Keyring() {
  WipeKeys(keys_);
  internal::Wipe(index_key_);
}

Result<std::unique_ptr<Keyring>> Keyring::FromKeys(
    const std::map<uint32_t, std::string>& keys) {
  BB_RETURN_IF_ERROR(Init());
  if (keys.empty())
    return Status::InvalidArgument("keyring needs at least one key");
  std::unique_ptr<Keyring> ring(new Keyring());
  for (const auto& [id, key] : keys) {
    if (id == 0) return Status::InvalidArgument("key id 0 is reserved");
    if (key.size() != 32) return Status::InvalidArgument("keys are 32 bytes");
    ring->keys_.emplace(id, Derive(key, kSealContext));
  }
  ring->primary_id_ = keys.rbegin()->first;
  ring->index_key_ = Derive(keys.begin()->second, kIndexContext);
  return ring;
}

Result<std::unique_ptr<Keyring>> Keyring::LoadOrCreate(
    const std::string& path) {
  BB_RETURN_IF_ERROR(Init());
  std::map<uint32_t, std::string> keys;
  Status s = LoadKeys(path, &keys);
  if (s.code() == StatusCode::kNotFound) {
    keys.clear();
    keys.emplace(1, NewKey());
    std::string text = FormatKeyFile(keys);
    s = internal::CreateSecretFile(path, text);
    internal::Wipe(text);
    if (s.code() ==
        StatusCode::kAlreadyExists) {  // another process won the race
      WipeKeys(keys);
      keys.clear();
      s = LoadKeys(path, &keys);
    }
  }
  if (!s.ok()) {
    WipeKeys(keys);
    return s;
  }
  auto ring = FromKeys(keys);
  WipeKeys(keys);
  return ring;
}

Status Keyring::RotateFile(const std::string& path) {
  BB_RETURN_IF_ERROR(Init());
  std::map<uint32_t, std::string> keys;
  Status s = LoadKeys(path, &keys);
  if (s.ok() && keys.rbegin()->first == std::numeric_limits<uint32_t>::max())
    s = Status::FailedPrecondition("key ids exhausted");
  if (s.ok()) {
    keys.emplace(keys.rbegin()->first + 1, NewKey());
    std::string text = FormatKeyFile(keys);
    s = internal::ReplaceSecretFile(path, text);
    internal::Wipe(text);
  }
  WipeKeys(keys);
  return s;
}

Result<std::string> Keyring::Seal(std::string_view plaintext,
                                  std::string_view aad) const {
  if (plaintext.size() > kMaxSealedBytes)
    return Status::InvalidArgument("value too large to seal");
  const std::string& key = keys_.at(primary_id_);
  std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long ct_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + kNonceBytes, &ct_len,
      reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(aad.data()),
      aad.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(key.data()));
  std::string out(kSealPrefix);
  out += std::to_string(primary_id_);
  out += '.';
  out += Base64UrlEncode(box);
  return out;
}

Result<std::string> Keyring::Open(std::string_view sealed,
                                  std::string_view aad) const {
  uint32_t id = 0;
  std::string_view payload;
  if (!SplitSealed(sealed, &id, &payload))
    return Status::Corruption("not a sealed value");
  auto it = keys_.find(id);
  if (it == keys_.end())
    return Status::NotFound("value sealed under key " + std::to_string(id) +
                            ", not in the keyring");
  Result<std::string> box = Base64UrlDecode(payload);
  if (!box.ok() || box->size() < kNonceBytes + kTagBytes)
    return Status::Corruption("sealed value is malformed");
  const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
  std::string plain(box->size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &len, nullptr,
          nonce + kNonceBytes, box->size() - kNonceBytes,
          reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nonce,
          reinterpret_cast<const unsigned char*>(it->second.data())) != 0) {
    return Status::Corruption(
        "sealed value failed authentication (tampered, or wrong context)");
  }
  plain.resize(len);
  return plain;
}

bool Keyring::IsPrimary(std::string_view sealed) const {
  uint32_t id = 0;
  std::string_view payload;
  return SplitSealed(sealed, &id, &payload) && id == primary_id_;
}

std::string Keyring::BlindIndex(std::string_view value) const {
  unsigned char out[32];
  crypto_generichash(
      out, sizeof out, reinterpret_cast<const unsigned char*>(value.data()),
      value.size(), reinterpret_cast<const unsigned char*>(index_key_.data()),
      index_key_.size());
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

}  // namespace byteback::crypto
