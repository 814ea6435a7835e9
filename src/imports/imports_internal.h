// imports_internal.h: pieces shared by the format readers (private to
// src/imports). Each reader is a function ReadX(Context&) that pulls bytes
// from ctx.in and pushes messages through ctx.Emit().
#ifndef BYTEBACK_IMPORTS_IMPORTS_INTERNAL_H_
#define BYTEBACK_IMPORTS_IMPORTS_INTERNAL_H_

#include <cstdint>
#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "imports/imports.h"

namespace byteback::imports::internal {

// The byte source of one import: serves the sniffed head first, then the
// caller's stream, through a 64 KiB buffer, and counts bytes consumed.
class Source : public std::streambuf {
 public:
  Source(std::streambuf* src, std::string head) : src_(src), head_(std::move(head)), buf_(64 * 1024) {}
  // Bytes handed out so far.
  uint64_t consumed() const { return filled_ - static_cast<uint64_t>(egptr() - gptr()); }
  // Appends the next line (without its '\n') to *out. Returns 0 at end of
  // input, 1 for a line ending in '\n', 2 for a last line without one, and
  // -1 when the line exceeds `max` bytes (nothing more is read).
  int GetLine(std::string* out, size_t max);

 protected:
  int_type underflow() override;

 private:
  std::streambuf* src_;
  std::string head_;
  size_t head_pos_ = 0;
  std::vector<char> buf_;
  uint64_t filled_ = 0;
};

// State of one import: the stream, options, sink and counters.
struct Context {
  Source& src;
  std::istream& in;  // over `src`
  std::string name;  // used in sources and errors
  Format format;
  const ImportOptions& options;
  const MessageSink& sink;
  ImportStats& stats;
  const ProgressFn& progress;
  uint64_t last_progress = 0;

  // Cuts the text to max_message_bytes, fills platform defaults, hands the
  // message to the sink and counts it.
  Status Emit(Message&& m);
  // A bad record at `where`: skipped with a warning, or (strict, or too many
  // skipped) the error that stops the import.
  Status Skip(const std::string& where, const std::string& why);
  void Warn(std::string w);
  // Reports progress when at least 1 MiB more has been consumed.
  void Progress(uint64_t bytes);
  // "name:line" and "name:@offset".
  std::string At(uint64_t line) const { return name + ":" + std::to_string(line); }
  std::string AtByte(uint64_t offset) const { return name + ":@" + std::to_string(offset); }
};

// Reads lines (without "\n" or "\r\n") and counts them from 1. Lines over the
// limit and bytes that are not UTF-8 are errors naming name:line. A UTF-8 BOM
// on the first line is dropped; a UTF-16/32 BOM is an error.
class LineReader {
 public:
  LineReader(Context& ctx) : ctx_(ctx) {}  // NOLINT
  // Next line into *line. Returns false at end of input (status() OK) or on
  // an error (status() not OK).
  bool Next(std::string* line);
  uint64_t line_no() const { return line_no_; }
  uint64_t offset() const { return offset_; }
  // True when the last line returned ended without a newline (end of file).
  bool last_unterminated() const { return unterminated_; }
  const Status& status() const { return status_; }

 private:
  Context& ctx_;
  uint64_t line_no_ = 0;
  uint64_t offset_ = 0;
  bool unterminated_ = false;
  Status status_;
};

// Readers, one per format family (json_formats.cc, whatsapp.cc, email.cc,
// tabular.cc).
Status ReadTwitter(Context& ctx);
Status ReadFacebookOrInstagram(Context& ctx);
Status ReadTelegram(Context& ctx);
Status ReadYouTubeJson(Context& ctx);
Status ReadWhatsApp(Context& ctx);
Status ReadMbox(Context& ctx);
Status ReadEml(Context& ctx);
Status ReadCsv(Context& ctx);
Status ReadYouTubeCsv(Context& ctx);
Status ReadJsonl(Context& ctx);

// ---- text helpers (text.cc) ------------------------------------------------
// Facebook and Instagram write each UTF-8 byte of non-ASCII text as a \u00XX
// escape, so the parsed string holds one Latin-1 code point per byte. When
// every code point of `s` is below U+0100 and the bytes they spell form valid
// UTF-8 with at least one multi-byte sequence, returns those bytes; otherwise
// returns `s` unchanged.
std::string RepairMojibake(std::string_view s);
// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
// Returns true when it cut.
bool CutUtf8(std::string* s, size_t max);
// "YYYY-MM-DDTHH:MM:SSZ" for unix seconds.
std::string IsoFromUnix(int64_t seconds);
// Days since 1970-01-01 for a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
// ISO-8601 with a zone ("2023-03-01T12:00:00.123+05:30", "... Z") -> UTC
// "YYYY-MM-DDTHH:MM:SSZ"; unix seconds (10 digits) or milliseconds (13) ->
// the same; anything else is returned unchanged.
std::string NormalizeTime(std::string t);
// Parses a non-negative decimal integer of at most 18 digits.
bool ParseUint(std::string_view s, uint64_t* out);
std::string_view Trim(std::string_view s);
// ASCII lower-case copy.
std::string Lower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view p);
bool EndsWith(std::string_view s, std::string_view p);
// The last path component without directories.
std::string_view BaseName(std::string_view path);

}  // namespace byteback::imports::internal

#endif  // BYTEBACK_IMPORTS_IMPORTS_INTERNAL_H_
