// utf8.h: strict UTF-8 decoding and validation, used by every parser of
// untrusted text. Decoding never reads past the end of the input and reports
// malformed sequences (overlong forms, surrogates, values above U+10FFFF,
// truncated sequences) instead of guessing.
// Thread safety: pure functions.
#ifndef BYTEBACK_CORE_UTF8_H_
#define BYTEBACK_CORE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace byteback::utf8 {

// The replacement character, returned for malformed input.
inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point starting at s[*pos] and advances *pos past it.
// On a malformed sequence returns kReplacement and advances by one byte, so a
// loop over a string always terminates. Requires *pos < s.size().
char32_t Decode(std::string_view s, size_t* pos);

// Appends the UTF-8 encoding of `cp` to `out` (cp must be a scalar value).
void Append(char32_t cp, std::string* out);

// True when `s` is well-formed UTF-8 (RFC 3629).
bool IsValid(std::string_view s);

// Byte offset of the first malformed sequence, or s.size() when valid.
size_t FirstInvalid(std::string_view s);

// Number of UTF-16 code units that `s` encodes (code points above U+FFFF
// count two). A malformed byte counts as one unit (as U+FFFD would). Used
// to turn byte offsets into the character offsets JavaScript and the
// Perspective API use: Utf16Units(text.substr(0, byte_offset)).
size_t Utf16Units(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` that does not end inside
// a multi-byte sequence (so valid UTF-8 stays valid when cut).
std::string_view TruncateToBoundary(std::string_view s, size_t max_bytes);

}  // namespace byteback::utf8

#endif  // BYTEBACK_CORE_UTF8_H_
