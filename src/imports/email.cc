// email.cc: mbox files and single .eml messages (RFC 5322 + MIME). See
// docs/IMPORTS.md#email.
//
// One message is held in memory at a time (at most kMaxRecordBytes). The text
// is the first text/plain part found depth-first (text/html with tags
// stripped when there is none), with its Content-Transfer-Encoding
// (quoted-printable, base64) undone and its charset converted to UTF-8 by ICU.
// Headers are unfolded and RFC 2047 encoded-words decoded.
#include <unicode/ucnv.h>

#include <cstdio>
#include <cstring>
#include <map>

#include "core/utf8.h"
#include "imports/imports_internal.h"

namespace byteback::imports::internal {
namespace {

constexpr int kMaxMimeDepth = 16;
constexpr size_t kMaxHeaders = 1000;

using Headers = std::map<std::string, std::string>;  // lower-case name -> first value

// Any bytes to valid UTF-8: ICU for a named charset, else invalid sequences
// become U+FFFD.
std::string ToUtf8(std::string_view bytes, std::string charset) {
  charset = Lower(Trim(charset));
  if (charset.empty() || charset == "utf-8" || charset == "utf8" || charset == "us-ascii" || charset == "ascii") {
    if (utf8::IsValid(bytes)) return std::string(bytes);
    if (charset.empty() || charset == "us-ascii" || charset == "ascii") charset = "windows-1252";
  }
  if (charset != "utf-8" && charset != "utf8") {
    UErrorCode err = U_ZERO_ERROR;
    std::string out(bytes.size() * 3 + 16, '\0');
    int32_t n = ucnv_convert("UTF-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                             static_cast<int32_t>(bytes.size()), &err);
    if (U_SUCCESS(err) && n >= 0 && static_cast<size_t>(n) <= out.size()) {
      out.resize(static_cast<size_t>(n));
      if (utf8::IsValid(out)) return out;
    }
  }
  std::string out;
  size_t pos = 0;
  while (pos < bytes.size()) utf8::Append(utf8::Decode(bytes, &pos), &out);
  return out;
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeQuotedPrintable(std::string_view s, bool header) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (header && c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < s.size() && HexVal(s[i + 1]) >= 0 && HexVal(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexVal(s[i + 1]) * 16 + HexVal(s[i + 2])));
      i += 2;
    } else if (c == '=' && i + 1 < s.size() && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
      // Soft line break.
      ++i;
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string DecodeBase64(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=') break;
    else continue;  // line breaks and junk
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// RFC 2047: "=?utf-8?B?...?=" and "=?iso-8859-1?Q?...?=" words in a header.
std::string DecodeHeader(std::string_view s) {
  std::string out;
  size_t i = 0;
  bool last_encoded = false;
  std::string pending_space;
  while (i < s.size()) {
    if (s.substr(i, 2) == "=?") {
      size_t q1 = s.find('?', i + 2);
      size_t q2 = q1 == std::string_view::npos ? q1 : s.find('?', q1 + 1);
      size_t end = q2 == std::string_view::npos ? q2 : s.find("?=", q2 + 1);
      if (end != std::string_view::npos && q2 == q1 + 2) {
        std::string charset(s.substr(i + 2, q1 - i - 2));
        if (size_t star = charset.find('*'); star != std::string::npos) charset.resize(star);  // RFC 2231 language
        char enc = static_cast<char>(s[q1 + 1] | 0x20);
        std::string_view payload = s.substr(q2 + 1, end - q2 - 1);
        std::string raw = enc == 'b' ? DecodeBase64(payload) : DecodeQuotedPrintable(payload, true);
        if (!last_encoded) out += pending_space;  // space between two encoded words is dropped
        pending_space.clear();
        out += ToUtf8(raw, charset);
        last_encoded = true;
        i = end + 2;
        continue;
      }
    }
    if (s[i] == ' ' || s[i] == '\t') {
      pending_space.push_back(s[i++]);
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out.push_back(s[i++]);
    last_encoded = false;
  }
  out += pending_space;
  return ToUtf8(out, "utf-8");
}

// Splits a raw part into unfolded headers and the body. False when a header
// line is malformed or there are too many.
bool SplitHeaders(std::string_view raw, Headers* headers, std::string_view* body, std::string* why) {
  size_t pos = 0;
  std::string name, value;
  size_t count = 0;
  auto flush = [&] {
    if (!name.empty()) headers->emplace(Lower(name), std::string(Trim(value)));
    name.clear();
    value.clear();
  };
  while (pos < raw.size()) {
    size_t nl = raw.find('\n', pos);
    std::string_view line = raw.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? raw.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      flush();
      *body = raw.substr(pos);
      return true;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (name.empty()) {
        *why = "continuation line before any header";
        return false;
      }
      value.append(" ").append(Trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      *why = "header line without a name: \"" + std::string(line.substr(0, 60)) + "\"";
      return false;
    }
    flush();
    if (++count > kMaxHeaders) {
      *why = "more than " + std::to_string(kMaxHeaders) + " header lines";
      return false;
    }
    name = std::string(Trim(line.substr(0, colon)));
    value = std::string(line.substr(colon + 1));
  }
  flush();
  *body = {};
  return true;
}

// "text/plain; charset=utf-8; boundary=..." -> type and parameters.
std::string ContentType(const Headers& h, std::map<std::string, std::string>* params) {
  auto it = h.find("content-type");
  if (it == h.end()) return "text/plain";
  std::string_view v = it->second;
  size_t semi = v.find(';');
  std::string type = Lower(Trim(v.substr(0, semi)));
  while (semi != std::string_view::npos) {
    v.remove_prefix(semi + 1);
    semi = v.find(';');
    std::string_view p = v.substr(0, semi);
    size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view val = Trim(p.substr(eq + 1));
    if (val.size() >= 2 && val.front() == '"' && val.back() == '"') val = val.substr(1, val.size() - 2);
    (*params)[Lower(Trim(p.substr(0, eq)))] = std::string(val);
  }
  return type;
}

std::string StripHtml(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (in_tag) {
      if (c == '>') in_tag = false;
      continue;
    }
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (c == '&') {
      static const std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&nbsp;", ' '}};
      bool done = false;
      for (auto [ent, ch] : kEntities)
        if (html.substr(i, ent.size()) == ent) {
          out.push_back(ch);
          i += ent.size() - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out.push_back(c);
  }
  return out;
}

struct Part {
  std::string text;
  bool html = false;
  bool found = false;
};

// Finds the text of a MIME entity, depth-first, text/plain first.
void FindText(const Headers& h, std::string_view body, int depth, Part* best) {
  std::map<std::string, std::string> params;
  const std::string type = ContentType(h, &params);
  if (StartsWith(type, "multipart/")) {
    auto b = params.find("boundary");
    if (b == params.end() || b->second.empty() || depth >= kMaxMimeDepth) return;
    const std::string delim = "--" + b->second;
    size_t pos = body.find(delim);
    while (pos != std::string_view::npos) {
      size_t start = body.find('\n', pos);
      if (start == std::string_view::npos || body.substr(pos + delim.size(), 2) == "--") return;
      size_t next = body.find("\n" + delim, start);
      std::string_view part = body.substr(start + 1, next == std::string_view::npos ? next : next - start - 1);
      Headers ph;
      std::string_view pbody;
      std::string why;
      if (SplitHeaders(part, &ph, &pbody, &why)) FindText(ph, pbody, depth + 1, best);
      if (best->found && !best->html) return;
      pos = next == std::string_view::npos ? next : next + 1;
    }
    return;
  }
  const bool plain = type == "text/plain", html = type == "text/html";
  if (!plain && !html) return;
  if (best->found && (best->html == false || html)) return;  // keep the first plain, or first html
  auto it = h.find("content-transfer-encoding");
  const std::string cte = it == h.end() ? "" : Lower(Trim(it->second));
  std::string raw = cte == "base64"             ? DecodeBase64(body)
                    : cte == "quoted-printable" ? DecodeQuotedPrintable(body, false)
                                                : std::string(body);
  std::string text = ToUtf8(raw, params.count("charset") ? params["charset"] : "");
  if (html) text = StripHtml(text);
  // CRLF -> LF, and trim.
  std::string clean;
  clean.reserve(text.size());
  for (char c : text)
    if (c != '\r') clean.push_back(c);
  best->text = std::string(Trim(clean));
  best->html = html;
  best->found = true;
}

// "Tue, 1 Jul 2003 10:52:37 +0200" -> ISO-8601 UTC, or the value unchanged.
std::string EmailTime(const std::string& v) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string_view s = v;
  if (size_t comma = s.find(','); comma != std::string_view::npos && comma < 10) s.remove_prefix(comma + 1);
  unsigned d, y, hh, mm, ss = 0;
  char mon[4] = {0}, zone[8] = {0};
  std::string str(Trim(s));
  if (str.size() > 60) return v;
  int n = std::sscanf(str.c_str(), "%u %3s %u %u:%u:%u %7s", &d, mon, &y, &hh, &mm, &ss, zone);
  if (n < 7) {
    n = std::sscanf(str.c_str(), "%u %3s %u %u:%u %7s", &d, mon, &y, &hh, &mm, zone);
    if (n < 6) return v;
    ss = 0;
  }
  unsigned m = 0;
  std::string lm = Lower(mon);
  for (unsigned i = 0; i < 12; ++i)
    if (lm == kMonths[i]) m = i + 1;
  if (y < 100) y += y < 50 ? 2000 : 1900;
  if (m == 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return v;
  int64_t off = 0;
  if ((zone[0] == '+' || zone[0] == '-') && std::strlen(zone) == 5) {
    int z = std::atoi(zone + 1);
    off = (z / 100 * 60 + z % 100) * 60 * (zone[0] == '-' ? -1 : 1);
  }
  return IsoFromUnix(DaysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - off);
}

// The address in "Name <addr@host>", else the trimmed value.
std::string Address(const std::string& from) {
  size_t lt = from.rfind('<'), gt = from.rfind('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) return from.substr(lt + 1, gt - lt - 1);
  return std::string(Trim(from));
}

std::string StripReplyPrefixes(std::string s) {
  for (;;) {
    std::string l = Lower(s.substr(0, 5));
    if (StartsWith(l, "re:")) s = std::string(Trim(s.substr(3)));
    else if (StartsWith(l, "fwd:")) s = std::string(Trim(s.substr(4)));
    else if (StartsWith(l, "fw:")) s = std::string(Trim(s.substr(3)));
    else return s;
  }
}

Status EmitEmail(Context& ctx, std::string_view raw, const std::string& where) {
  Headers h;
  std::string_view body;
  std::string why;
  if (!SplitHeaders(raw, &h, &body, &why)) return ctx.Skip(where, why);
  if (h.find("from") == h.end() && h.find("date") == h.end() && h.find("subject") == h.end())
    return ctx.Skip(where, "no From, Date or Subject header: not an email");
  Message m;
  m.author = Address(DecodeHeader(h["from"]));
  m.time = EmailTime(ToUtf8(h["date"], ""));
  m.thread = StripReplyPrefixes(DecodeHeader(h["subject"]));
  std::string id = Address(ToUtf8(h["message-id"], ""));
  if (!id.empty()) m.url = "mid:" + id;
  Part part;
  FindText(h, body, 0, &part);
  m.text = std::move(part.text);
  m.source = where;
  return ctx.Emit(std::move(m));
}

}  // namespace

Status ReadMbox(Context& ctx) {
  std::string raw, line;
  uint64_t line_no = 0, start_line = 0;
  bool in_message = false, oversize = false;
  auto finish = [&]() -> Status {
    if (!in_message) return Status::Ok();
    in_message = false;
    if (oversize) return ctx.Skip(ctx.At(start_line), "email larger than " + std::to_string(kMaxRecordBytes) + " bytes");
    return EmitEmail(ctx, raw, ctx.At(start_line));
  };
  for (;;) {
    line.clear();
    int r = ctx.src.GetLine(&line, ctx.options.max_line_bytes);
    if (r == 0) break;
    ++line_no;
    if (r < 0) return Status::InvalidArgument(ctx.At(line_no) + ": line longer than " +
                                              std::to_string(ctx.options.max_line_bytes) + " bytes");
    if (line_no == 1 && StartsWith(line, "\xEF\xBB\xBF")) line.erase(0, 3);
    if (StartsWith(line, "From ") && line.size() > 5 && line[5] != ' ') {
      BB_RETURN_IF_ERROR(finish());
      in_message = true;
      oversize = false;
      raw.clear();
      start_line = line_no;
      continue;
    }
    if (!in_message) {
      if (!Trim(line).empty())
        return Status::InvalidArgument(ctx.At(line_no) + ": not an mbox: expected a \"From \" separator line");
      continue;
    }
    // mboxrd: ">From " (and ">>From ") in bodies lose one '>'.
    std::string_view l = line;
    size_t gt = 0;
    while (gt < l.size() && l[gt] == '>') ++gt;
    if (gt > 0 && l.substr(gt, 5) == "From ") l.remove_prefix(1);
    if (raw.size() + l.size() + 1 > kMaxRecordBytes) {
      oversize = true;
      continue;
    }
    raw.append(l).push_back('\n');
  }
  if (in_message && raw.find("\n\n") == std::string::npos && raw.find("\r\n\r\n") == std::string::npos &&
      !oversize)
    return Status::InvalidArgument(ctx.At(start_line) + ": truncated email (the file ends inside the headers)");
  return finish();
}

Status ReadEml(Context& ctx) {
  std::string raw;
  char buf[64 * 1024];
  while (raw.size() <= kMaxRecordBytes && ctx.in.read(buf, sizeof buf).gcount() > 0)
    raw.append(buf, static_cast<size_t>(ctx.in.gcount()));
  if (raw.size() > kMaxRecordBytes)
    return Status::InvalidArgument(ctx.name + ": email larger than " + std::to_string(kMaxRecordBytes) + " bytes");
  if (StartsWith(raw, "\xEF\xBB\xBF")) raw.erase(0, 3);
  if (raw.find("\n\n") == std::string::npos && raw.find("\r\n\r\n") == std::string::npos)
    return Status::InvalidArgument(ctx.AtByte(raw.size()) + ": truncated email (no blank line after the headers)");
  ImportOptions strict = ctx.options;
  strict.strict = true;  // a single message: a bad one is the error
  Context one{ctx.src, ctx.in, ctx.name, ctx.format, strict, ctx.sink, ctx.stats, ctx.progress};
  return EmitEmail(one, raw, ctx.At(1));
}

}  // namespace byteback::imports::internal
