// evidence_internal.h: helpers shared inside the evidence module (and by its
// tests, which use ZipBytes to craft hostile archives). Not a public API.
#ifndef BYTEBACK_EVIDENCE_EVIDENCE_INTERNAL_H_
#define BYTEBACK_EVIDENCE_EVIDENCE_INTERNAL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace byteback::evidence::internal {

// True when `s` is exactly `len` lower-case hex characters.
bool IsHex(std::string_view s, size_t len);

// OK when `value` is valid UTF-8 without control characters, at most `max`
// bytes and (unless allow_empty) non-empty; InvalidArgument naming `what`.
Status CheckText(std::string_view what, std::string_view value, size_t max,
                 bool allow_empty);

// One member of a ZIP written by ZipBytes.
struct ZipMember {
  std::string name;
  std::string data;
  bool deflate = true;
  // Unix mode recorded in the external attributes (0 = none). Tests set
  // S_IFLNK | 0777 to make a symlink entry.
  unsigned unix_mode = 0;
};

// Writes `members` in order into a ZIP held in memory. Names are written as
// given (no checks: tests use this to build hostile archives). Internal on
// a libzip failure.
Result<std::string> ZipBytes(const std::vector<ZipMember>& members);

// Writes `data` to `path` through a temporary file in the same directory
// (mode 0600) renamed over it. IOError naming the path.
Status WriteFileAtomic(const std::string& path, std::string_view data);

}  // namespace byteback::evidence::internal

#endif  // BYTEBACK_EVIDENCE_EVIDENCE_INTERNAL_H_
