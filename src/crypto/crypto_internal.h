// crypto_internal.h: helpers shared by the crypto module's .cc files.
// Not part of the public contract (crypto.h).
#ifndef BYTEBACK_CRYPTO_CRYPTO_INTERNAL_H_
#define BYTEBACK_CRYPTO_CRYPTO_INTERNAL_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace byteback::crypto::internal {

// Reads a secret file: refuses (FailedPrecondition, "chmod 600") a file whose
// mode grants any permission to group or others, refuses non-regular files
// and files over `max_bytes` (Corruption). NotFound when it does not exist.
// The permission check is made on the opened descriptor (no race).
Result<std::string> ReadSecretFile(const std::string& path, size_t max_bytes);

// Creates `path` with mode 0600 holding `content`; fails with AlreadyExists
// when it exists (O_EXCL), IOError otherwise. fsyncs the file.
Status CreateSecretFile(const std::string& path, std::string_view content);

// Replaces `path` atomically: writes a sibling temporary file (0600), fsyncs
// it, renames it over `path` and fsyncs the directory.
Status ReplaceSecretFile(const std::string& path, std::string_view content);

// Overwrites the bytes of `s` with zeros (libsodium sodium_memzero).
void Wipe(std::string& s);

// Decodes lower/upper-case hex; InvalidArgument on anything else.
Result<std::string> HexDecode(std::string_view hex);

}  // namespace byteback::crypto::internal

#endif  // BYTEBACK_CRYPTO_CRYPTO_INTERNAL_H_
