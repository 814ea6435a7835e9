// json_text.cc: see json_text.h.
#include "core/json_text.h"

#include <charconv>

#include "core/utf8.h"

namespace byteback::json_text {

void AppendString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  const bool valid = utf8::IsValid(s);
  size_t i = 0;
  while (i < s.size()) {
    // Copy the run of bytes that need no escaping in one append.
    size_t run = i;
    while (run < s.size()) {
      const unsigned char r = static_cast<unsigned char>(s[run]);
      if (r < 0x20 || r == '"' || r == '\\' || r == 0x7F || (r >= 0x80 && !valid)) break;
      ++run;
    }
    out->append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {  // only reached for invalid input
      utf8::Append(utf8::Decode(s, &i), out);
      continue;
    }
    ++i;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        out->append("\\u00").push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->push_back('"');
}

void AppendFixed(double v, int decimals, bool trim, std::string* out) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  if (ec != std::errc()) {  // beyond 64 characters: not a score
    out->append("0");
    return;
  }
  char* e = end;
  if (trim && decimals > 0) {
    while (e > buf && e[-1] == '0') --e;
    if (e > buf && e[-1] == '.') --e;
  }
  out->append(buf, e);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;  // 24 bytes hold every int64
  out->append(buf, end);
}

}  // namespace byteback::json_text
