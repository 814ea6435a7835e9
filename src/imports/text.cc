// text.cc: small text and time helpers shared by the readers.
#include <cstdio>

#include "core/utf8.h"
#include "imports/imports_internal.h"

namespace byteback::imports::internal {

std::string RepairMojibake(std::string_view s) {
  std::string bytes;
  bytes.reserve(s.size());
  bool multi = false;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = utf8::Decode(s, &pos);
    if (cp >= 0x100) return std::string(s);  // real text, not escaped bytes
    if (cp >= 0x80) multi = true;
    bytes.push_back(static_cast<char>(cp));
  }
  if (!multi || !utf8::IsValid(bytes)) return std::string(s);
  return bytes;
}

bool CutUtf8(std::string* s, size_t max) {
  if (s->size() <= max) return false;
  size_t n = max;
  // Step back over continuation bytes so no sequence is split.
  while (n > 0 && (static_cast<unsigned char>((*s)[n]) & 0xC0) == 0x80) --n;
  s->resize(n);
  return true;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string IsoFromUnix(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  // civil_from_days.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string NormalizeTime(std::string t) {
  uint64_t v;
  if (ParseUint(t, &v)) {
    if (t.size() == 13) v /= 1000;
    return t.size() == 10 || t.size() == 13 ? IsoFromUnix(static_cast<int64_t>(v)) : t;
  }
  // YYYY-MM-DD[T ]HH:MM[:SS][.fff][Z|+HH:MM|+HHMM]
  unsigned f[6] = {0, 0, 0, 0, 0, 0};
  static const size_t kPos[6] = {0, 5, 8, 11, 14, 17};
  static const size_t kLen[6] = {4, 2, 2, 2, 2, 2};
  if (t.size() < 16 || t.size() > 40 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') || t[13] != ':')
    return t;
  const bool has_sec = t.size() >= 19 && t[16] == ':';
  for (int i = 0; i < (has_sec ? 6 : 5); ++i) {
    uint64_t x;
    if (!ParseUint(std::string_view(t).substr(kPos[i], kLen[i]), &x)) return t;
    f[i] = static_cast<unsigned>(x);
  }
  size_t i = has_sec ? 19 : 16;
  if (i < t.size() && t[i] == '.')
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9';) ++i;
  int64_t off = 0;
  std::string_view zone = std::string_view(t).substr(i);
  if (zone == "Z" || zone == "z" || zone == "+00:00" || zone == "UTC" || zone == " UTC") {
  } else if ((zone.size() == 6 && zone[3] == ':') || zone.size() == 5) {
    uint64_t hh, mm;
    if ((zone[0] != '+' && zone[0] != '-') || !ParseUint(zone.substr(1, 2), &hh) ||
        !ParseUint(zone.substr(zone.size() - 2), &mm))
      return t;
    off = static_cast<int64_t>(hh * 3600 + mm * 60) * (zone[0] == '-' ? -1 : 1);
  } else {
    return t;  // no zone: local time of unknown offset, keep as written
  }
  if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60) return t;
  return IsoFromUnix(DaysFromCivil(f[0], f[1], f[2]) * 86400 + f[3] * 3600 + f[4] * 60 + f[5] - off);
}

bool ParseUint(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace byteback::imports::internal
