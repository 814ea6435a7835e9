// imports.cc: format names and detection, the byte source, the line reader
// and the Import() dispatch. See docs/IMPORTS.md.
#include "imports/imports.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/utf8.h"
#include "imports/imports_internal.h"

namespace byteback::imports {
namespace {

using internal::Context;
using internal::EndsWith;
using internal::Lower;
using internal::StartsWith;

struct NamedFormat {
  std::string_view name;
  Format format;
};
constexpr std::array<NamedFormat, 14> kFormats = {{
    {"auto", Format::kAuto},           {"twitter", Format::kTwitter},
    {"x", Format::kTwitter},           {"facebook", Format::kFacebook},
    {"instagram", Format::kInstagram}, {"youtube-csv", Format::kYouTubeCsv},
    {"youtube", Format::kYouTubeCsv},  {"youtube-json", Format::kYouTubeJson},
    {"whatsapp", Format::kWhatsApp},   {"telegram", Format::kTelegram},
    {"mbox", Format::kMbox},           {"eml", Format::kEml},
    {"csv", Format::kCsv},             {"jsonl", Format::kJsonl},
}};

bool Contains(std::string_view s, std::string_view needle) { return s.find(needle) != std::string_view::npos; }

// True when `line` starts like a WhatsApp message header: "[12/31/20, " or
// "31/12/2020, " (digits, a date separator, digits).
bool LooksLikeWhatsAppLine(std::string_view line) {
  if (StartsWith(line, "\xE2\x80\x8E")) line.remove_prefix(3);  // U+200E on iPhone
  if (!line.empty() && line[0] == '[') line.remove_prefix(1);
  size_t i = 0;
  while (i < line.size() && i < 4 && line[i] >= '0' && line[i] <= '9') ++i;
  if (i == 0 || i >= line.size() || (line[i] != '/' && line[i] != '.' && line[i] != '-')) return false;
  size_t comma = line.find(',');
  return comma != std::string_view::npos && comma < 12 && line.find(':') != std::string_view::npos;
}

bool LooksLikeEmailHeader(std::string_view head) {
  for (std::string_view h : {"Received:", "Return-Path:", "From:", "Date:", "Message-ID:", "MIME-Version:",
                             "Delivered-To:", "Subject:", "To:"})
    if (StartsWith(head, h)) return true;
  return false;
}

Result<Format> DetectJson(std::string_view path, std::string_view head) {
  if (Contains(head, "youtube#comment")) return Format::kYouTubeJson;
  if (Contains(head, "\"date_unixtime\"") || Contains(head, "\"from_id\"") ||
      Contains(head, "\"text_entities\"") || Contains(head, "\"personal_chat\"") ||
      (Contains(head, "\"chats\"") && Contains(head, "\"list\"")))
    return Format::kTelegram;
  const bool insta = Contains(Lower(path), "instagram");
  if (Contains(head, "\"string_map_data\"") || Contains(head, "\"comments_reels_comments\"") ||
      Contains(head, "\"comments_media_comments\""))
    return Format::kInstagram;
  if (Contains(head, "\"comments_v2\"") || Contains(head, "\"sender_name\"") ||
      Contains(head, "\"timestamp_ms\"") || Contains(head, "\"participants\""))
    return insta ? Format::kInstagram : Format::kFacebook;
  return Status::NotFound("");
}

}  // namespace

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::kAuto: return "auto";
    case Format::kTwitter: return "twitter";
    case Format::kFacebook: return "facebook";
    case Format::kInstagram: return "instagram";
    case Format::kYouTubeCsv: return "youtube-csv";
    case Format::kYouTubeJson: return "youtube-json";
    case Format::kWhatsApp: return "whatsapp";
    case Format::kTelegram: return "telegram";
    case Format::kMbox: return "mbox";
    case Format::kEml: return "eml";
    case Format::kCsv: return "csv";
    case Format::kJsonl: return "jsonl";
  }
  return "auto";
}

Result<Format> ParseFormat(std::string_view name) {
  std::string n = Lower(name);
  for (const auto& f : kFormats)
    if (n == f.name) return f.format;
  return Status::InvalidArgument("unknown format '" + std::string(name) +
                                 "' (accepted: auto, twitter, facebook, instagram, youtube-csv, youtube-json, "
                                 "whatsapp, telegram, mbox, eml, csv, jsonl)");
}

Result<Format> DetectFormat(std::string_view name, std::string_view head) {
  head = head.substr(0, kSniffBytes);
  if (StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  const std::string base = Lower(internal::BaseName(name));
  const std::string_view trimmed = internal::Trim(head);
  if (Contains(head, "window.YTD.") || (StartsWith(base, "tweets") && EndsWith(base, ".js")))
    return Format::kTwitter;
  if (EndsWith(base, ".mbox") || StartsWith(head, "From ")) return Format::kMbox;
  if (EndsWith(base, ".eml")) return Format::kEml;
  if (EndsWith(base, ".jsonl") || EndsWith(base, ".ndjson")) return Format::kJsonl;
  if (EndsWith(base, ".csv")) {
    std::string first = Lower(head.substr(0, head.find('\n')));
    if (Contains(first, "comment id") && (Contains(first, "comment text") || Contains(first, "video id")))
      return Format::kYouTubeCsv;
    return Format::kCsv;
  }
  if (EndsWith(base, ".json") || StartsWith(trimmed, "{") || StartsWith(trimmed, "[")) {
    Result<Format> f = DetectJson(name, head);
    if (f.ok()) return f;
    // Several objects on separate lines: JSON Lines.
    size_t nl = trimmed.find('\n');
    if (StartsWith(trimmed, "{") && nl != std::string_view::npos &&
        StartsWith(internal::Trim(trimmed.substr(nl)), "{"))
      return Format::kJsonl;
  }
  if (LooksLikeWhatsAppLine(head)) return Format::kWhatsApp;
  if (LooksLikeEmailHeader(head)) return Format::kEml;
  return Status::NotFound(std::string(name) +
                          ": cannot tell the export format from its name and first bytes; pass --format");
}

namespace internal {

// ---- Source -------------------------------------------------------------------
Source::int_type Source::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  size_t n = 0;
  if (head_pos_ < head_.size()) {
    n = std::min(buf_.size(), head_.size() - head_pos_);
    std::memcpy(buf_.data(), head_.data() + head_pos_, n);
    head_pos_ += n;
  } else if (src_ != nullptr) {
    std::streamsize got = src_->sgetn(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    n = got > 0 ? static_cast<size_t>(got) : 0;
  }
  if (n == 0) return traits_type::eof();
  filled_ += n;
  setg(buf_.data(), buf_.data(), buf_.data() + n);
  return traits_type::to_int_type(*gptr());
}

int Source::GetLine(std::string* out, size_t max) {
  bool any = false;
  for (;;) {
    if (gptr() == egptr() && underflow() == traits_type::eof()) return any ? 2 : 0;
    any = true;
    const char* b = gptr();
    const size_t avail = static_cast<size_t>(egptr() - b);
    const void* nl = std::memchr(b, '\n', avail);
    const size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - b) : avail;
    if (out->size() + take > max) return -1;
    out->append(b, take);
    gbump(static_cast<int>(nl ? take + 1 : take));
    if (nl) return 1;
  }
}

// ---- LineReader ---------------------------------------------------------------
bool LineReader::Next(std::string* line) {
  if (!status_.ok()) return false;
  line->clear();
  offset_ = ctx_.src.consumed();
  int r = ctx_.src.GetLine(line, ctx_.options.max_line_bytes);
  if (r == 0) return false;
  ++line_no_;
  if (r < 0) {
    status_ = Status::InvalidArgument(ctx_.At(line_no_) + ": line longer than " +
                                      std::to_string(ctx_.options.max_line_bytes) + " bytes");
    return false;
  }
  unterminated_ = r == 2;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  if (line_no_ == 1) {
    if (StartsWith(*line, "\xEF\xBB\xBF")) {
      line->erase(0, 3);
    } else if (StartsWith(*line, "\xFF\xFE") || StartsWith(*line, "\xFE\xFF")) {
      status_ = Status::InvalidArgument(ctx_.At(1) +
                                        ": the file is UTF-16; save or convert it as UTF-8 (iconv -f UTF-16 -t UTF-8)");
      return false;
    }
  }
  size_t bad = utf8::FirstInvalid(*line);
  if (bad != line->size()) {
    const bool nul = (*line)[bad] == '\0' || line->find('\0') != std::string::npos;
    status_ = Status::InvalidArgument(
        ctx_.At(line_no_) + ": " +
        (nul ? std::string("NUL bytes: the file looks like UTF-16 without a byte order mark; convert it to UTF-8")
             : "invalid UTF-8 at byte " + std::to_string(bad + 1) +
                   " of the line (the file is not UTF-8; convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8)"));
    return false;
  }
  return true;
}

// ---- Context ----------------------------------------------------------------------
Status Context::Emit(Message&& m) {
  if (CutUtf8(&m.text, std::min(options.max_message_bytes, kMaxMessageBytes))) {
    ++stats.truncated;
    Warn(m.source + ": text cut at " + std::to_string(options.max_message_bytes) + " bytes");
  }
  if (m.author.empty() && !options.owner.empty() &&
      (format == Format::kTwitter || format == Format::kFacebook || format == Format::kInstagram))
    m.author = options.owner;
  if (m.platform.empty()) {
    switch (format) {
      case Format::kTwitter: m.platform = "x"; break;
      case Format::kFacebook: m.platform = "facebook"; break;
      case Format::kInstagram: m.platform = "instagram"; break;
      case Format::kYouTubeCsv:
      case Format::kYouTubeJson: m.platform = "youtube"; break;
      case Format::kWhatsApp: m.platform = "whatsapp"; break;
      case Format::kTelegram: m.platform = "telegram"; break;
      case Format::kMbox:
      case Format::kEml: m.platform = "email"; break;
      default: m.platform = std::string(FormatName(format));
    }
  }
  BB_RETURN_IF_ERROR(sink(std::move(m)));
  ++stats.messages;
  Progress(src.consumed());
  return Status::Ok();
}

Status Context::Skip(const std::string& where, const std::string& why) {
  if (options.strict) return Status::InvalidArgument(where + ": " + why);
  ++stats.skipped;
  Warn(where + ": " + why + " (skipped)");
  if (stats.skipped > options.max_skipped)
    return Status::InvalidArgument(where + ": more than " + std::to_string(options.max_skipped) +
                                   " bad records; is this the right format? Last: " + why);
  return Status::Ok();
}

void Context::Warn(std::string w) {
  if (stats.warnings.size() < kMaxWarnings) stats.warnings.push_back(std::move(w));
}

void Context::Progress(uint64_t bytes) {
  if (progress && bytes - last_progress >= (1u << 20)) {
    last_progress = bytes;
    progress(bytes);
  }
}

}  // namespace internal

Status Import(std::istream& in, std::string_view name, Format format, const ImportOptions& options,
              const MessageSink& sink, ImportStats* stats, const ProgressFn& progress) {
  ImportStats local;
  ImportStats& st = stats ? *stats : local;
  std::string head(kSniffBytes, '\0');
  std::streambuf* sb = in.rdbuf();
  std::streamsize got = sb ? sb->sgetn(head.data(), static_cast<std::streamsize>(head.size())) : 0;
  head.resize(got > 0 ? static_cast<size_t>(got) : 0);
  // UTF-16/32 is refused up front, whatever the format (docs/IMPORTS.md#encoding).
  if (StartsWith(head, "\xFF\xFE") || StartsWith(head, "\xFE\xFF") ||
      head.find('\0') < std::min<size_t>(head.size(), 512))
    return Status::InvalidArgument(std::string(name) +
                                   ":@0: the file is UTF-16 (or binary), not UTF-8; export or save it as UTF-8 "
                                   "(e.g. iconv -f UTF-16 -t UTF-8)");
  if (format == Format::kAuto) {
    BB_ASSIGN_OR_RETURN(format, DetectFormat(name, head));
  }
  internal::Source src(sb, std::move(head));
  std::istream stream(&src);
  internal::Context ctx{src, stream, std::string(name), format, options, sink, st, progress};
  Status s;
  switch (format) {
    case Format::kTwitter: s = internal::ReadTwitter(ctx); break;
    case Format::kFacebook:
    case Format::kInstagram: s = internal::ReadFacebookOrInstagram(ctx); break;
    case Format::kTelegram: s = internal::ReadTelegram(ctx); break;
    case Format::kYouTubeJson: s = internal::ReadYouTubeJson(ctx); break;
    case Format::kYouTubeCsv: s = internal::ReadYouTubeCsv(ctx); break;
    case Format::kWhatsApp: s = internal::ReadWhatsApp(ctx); break;
    case Format::kMbox: s = internal::ReadMbox(ctx); break;
    case Format::kEml: s = internal::ReadEml(ctx); break;
    case Format::kCsv: s = internal::ReadCsv(ctx); break;
    case Format::kJsonl: s = internal::ReadJsonl(ctx); break;
    case Format::kAuto: s = Status::Internal("format not resolved"); break;
  }
  st.bytes = src.consumed();
  if (progress) progress(st.bytes);
  return s;
}

Status ImportFile(const std::string& path, Format format, const ImportOptions& options, const MessageSink& sink,
                  ImportStats* stats, const ProgressFn& progress) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::InvalidArgument("'" + path + "' is a folder; name the export files in it");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + path + "'");
  return Import(in, path, format, options, sink, stats, progress);
}

}  // namespace byteback::imports
