// imports.h: streaming importers for platform exports, and the triage report.
//
// Flow: a caller opens an export (a path, or any std::istream such as an HTTP
// body), picks or auto-detects its Format (DetectFormat, from the file name
// and its first bytes), and calls Import(). The reader turns the export into
// Message values and hands them to a MessageSink one at a time, in file
// order; nothing is accumulated, so memory stays bounded by the Limits below
// whatever the file size. Every Message carries `source` ("file:line" or
// "file:@byte") so a reviewer can find the original.
//
// Errors (see docs/IMPORTS.md#errors): structural damage (truncated file,
// JSON syntax error, text that is not UTF-8, a limit exceeded) stops the
// import with a Status naming file:line or file:@offset; every message
// delivered before the error stays delivered. A single bad record in a
// line-oriented format (CSV row, JSONL line, WhatsApp line, one email) is
// skipped, counted in ImportStats::skipped and described in
// ImportStats::warnings, unless ImportOptions::strict makes it an error.
//
// Triage: ScoredMessage is a Message plus the Shield's verdict as plain
// values (so a report can be rebuilt from the JSONL that `byteback import`
// writes without the engine). TriageReport collects them and renders one
// self-contained HTML page and an RFC 4180 CSV.
//
// Thread safety: Import() keeps all state on its stack; concurrent imports of
// different streams are safe. A TriageReport is used by one thread at a time.
#ifndef BYTEBACK_IMPORTS_IMPORTS_H_
#define BYTEBACK_IMPORTS_IMPORTS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/detect.h"

namespace byteback::imports {

// ---- messages ----------------------------------------------------------------
struct Message {
  std::string platform;  // "x", "facebook", "instagram", "youtube", "whatsapp", "telegram", "email", or from the data
  std::string author;    // handle or display name as the export gives it
  std::string time;      // UTC "YYYY-MM-DDTHH:MM:SSZ", or as the export gives it; empty when unknown
  std::string url;       // link to the message on the platform, when the export allows one
  std::string text;      // original text, valid UTF-8 (Facebook mojibake repaired)
  std::string thread;    // conversation, chat, post or subject it belongs to
  std::string source;    // "name:line" or "name:@byte-offset" of the record in the input
};

// ---- formats -----------------------------------------------------------------
enum class Format {
  kAuto = 0,
  kTwitter,      // X/Twitter archive data/tweets.js (window.YTD.tweets.part0 = [...])
  kFacebook,     // Facebook "Download your information" JSON: comments and messages
  kInstagram,    // Instagram "Download your information" JSON: comments and messages
  kYouTubeCsv,   // Google Takeout YouTube comments.csv
  kYouTubeJson,  // YouTube Data API commentThreads/comments JSON (items[])
  kWhatsApp,     // WhatsApp "Export chat" .txt (Android and iPhone)
  kTelegram,     // Telegram Desktop export result.json
  kMbox,         // Unix mbox (mboxo/mboxrd)
  kEml,          // one RFC 5322 message (.eml)
  kCsv,          // generic RFC 4180 CSV with a header row
  kJsonl,        // one JSON object per line
};

// Stable lower-case names: "twitter", "facebook", "instagram", "youtube-csv",
// "youtube-json", "whatsapp", "telegram", "mbox", "eml", "csv", "jsonl", "auto".
std::string_view FormatName(Format f);
// Parses a FormatName (also "x" and "youtube"). InvalidArgument listing the
// accepted names otherwise.
Result<Format> ParseFormat(std::string_view name);

// Guesses the format from the file name (any path; only its last components
// are used) and the first bytes of the file (up to kSniffBytes). NotFound
// naming the file when nothing matches; the caller may then pass a Format.
inline constexpr size_t kSniffBytes = 4096;
Result<Format> DetectFormat(std::string_view name, std::string_view head);

// ---- limits and options --------------------------------------------------------
// Hard ceilings; ImportOptions may lower but not raise them.
inline constexpr size_t kMaxMessageBytes = 64 * 1024;       // text of one message
inline constexpr size_t kMaxLineBytes = 1024 * 1024;        // one line / CSV record / JSONL line
inline constexpr size_t kMaxRecordBytes = 4 * 1024 * 1024;  // one JSON record / one email
inline constexpr int kMaxDepth = 64;                        // JSON and MIME nesting
inline constexpr size_t kMaxFiles = 1000;                   // files per `byteback import`
inline constexpr size_t kMaxWarnings = 100;                 // kept in ImportStats::warnings

struct FieldMap {
  // Column names (CSV) or dotted paths (JSONL, "user.screen_name") per field.
  // Empty: the first present of the defaults listed in docs/IMPORTS.md#csv.
  std::string text, author, time, url, thread, platform;
};

enum class DateOrder { kAuto, kDayFirst, kMonthFirst };

struct ImportOptions {
  // Longer message texts are cut at a UTF-8 boundary (with a warning).
  size_t max_message_bytes = kMaxMessageBytes;
  // A longer line is an error at that line (not a message to cut).
  size_t max_line_bytes = kMaxLineBytes;
  // Skipped bad records before the import gives up (a file that is mostly
  // garbage is probably the wrong format).
  size_t max_skipped = 10000;
  // A bad record stops the import instead of being skipped.
  bool strict = false;
  // CSV/JSONL column mapping; platform defaults to "csv"/"jsonl".
  FieldMap fields;
  // WhatsApp: day/month order of dates. kAuto looks for a day above 12 in the
  // first kWhatsAppSniffMessages messages, else assumes day-first for
  // 24-hour exports and month-first for 12-hour ones.
  DateOrder date_order = DateOrder::kAuto;
  // WhatsApp exports carry the phone's local time: minutes east of UTC to
  // subtract (e.g. 330 for India). 0 treats them as UTC.
  int utc_offset_minutes = 0;
  // Handle of the account the export belongs to. X tweets.js and Facebook /
  // Instagram "your comments" files leave the author implicit (it is the
  // owner); when set, it fills their empty authors. Empty: left empty.
  std::string owner;
};
inline constexpr size_t kWhatsAppSniffMessages = 1000;

struct ImportStats {
  uint64_t messages = 0;   // delivered to the sink
  uint64_t skipped = 0;    // bad records skipped
  uint64_t truncated = 0;  // texts cut at max_message_bytes
  uint64_t bytes = 0;      // bytes consumed from the stream
  std::vector<std::string> warnings;  // first kMaxWarnings, each naming its place
};

// Receives each message. A non-OK return stops the import with that Status.
using MessageSink = std::function<Status(Message&&)>;
// Called from time to time with the bytes consumed so far (for progress).
using ProgressFn = std::function<void(uint64_t bytes)>;

// Reads `in` (named `name` in sources and errors) as `format` (kAuto:
// DetectFormat on the name and the stream's first bytes, which are pushed
// back). Returns OK at a clean end of input, else the first fatal error; in
// both cases `stats` (optional) counts what was delivered.
Status Import(std::istream& in, std::string_view name, Format format, const ImportOptions& options,
              const MessageSink& sink, ImportStats* stats = nullptr, const ProgressFn& progress = nullptr);
// Opens `path` (NotFound / IOError naming it) and Import()s it.
Status ImportFile(const std::string& path, Format format, const ImportOptions& options,
                  const MessageSink& sink, ImportStats* stats = nullptr, const ProgressFn& progress = nullptr);

// ---- scoring and triage ---------------------------------------------------------
enum class Severity { kNone = 0, kLow, kMedium, kHigh, kSevere };
// "none", "low", "medium", "high", "severe".
std::string_view SeverityName(Severity s);

struct ScoredSpan {
  uint32_t begin = 0, end = 0;  // byte offsets into Message::text
  std::string label;
  int severity = 1;             // of the lexicon entry, 1-3
};

struct ScoredMessage {
  Message message;
  std::string lang;
  std::array<float, detect::kLabelCount> scores{};  // by detect::Label
  std::vector<std::string> labels;                  // names over threshold
  std::vector<ScoredSpan> spans;
  std::string model;     // model version
  Severity severity = Severity::kNone;
  std::string category;  // "threat", "gendered", "identity", "insult", "abusive" or "none"
};

// Builds a ScoredMessage from a verdict; severity and category follow the
// rules in docs/IMPORTS.md#severity.
ScoredMessage Score(Message message, const detect::Verdict& verdict, std::string_view model_version);
// One JSON object (no newline) with every Message field plus lang, scores,
// labels, spans, severity, category and model: the `byteback import` line.
std::string ToJsonLine(const ScoredMessage& m);
// Parses a line written by ToJsonLine. InvalidArgument with a reason
// otherwise (the caller adds file:line).
Result<ScoredMessage> ParseJsonLine(std::string_view line);
// True when `line` (the first line of a .jsonl) looks like ToJsonLine output.
bool IsScoredJsonLine(std::string_view line);

// Scores messages in batches with one Scratch per thread over one shared
// Detector and hands the results, in input order, to `out`. Memory is one
// batch. Not thread-safe: one producer calls Add() and Flush().
class BatchScorer {
 public:
  using Output = std::function<Status(ScoredMessage&&)>;
  // `threads` >= 1 (1 scores on the caller's thread); `batch` messages per round.
  BatchScorer(std::shared_ptr<const detect::Detector> detector, unsigned threads, Output out,
              size_t batch = 4096);
  ~BatchScorer();
  BatchScorer(const BatchScorer&) = delete;  // owns scratches
  BatchScorer& operator=(const BatchScorer&) = delete;
  // Queues `m`; scores and outputs the batch when it is full. Returns the
  // first error of `out`.
  Status Add(Message&& m);
  // Scores and outputs what is queued. Call at the end, and before reporting
  // an import error, so nothing read is lost.
  Status Flush();
  uint64_t scored() const { return scored_; }

 private:
  std::shared_ptr<const detect::Detector> detector_;
  unsigned threads_;
  Output out_;
  size_t batch_;
  std::vector<std::unique_ptr<detect::Scratch>> scratches_;
  std::vector<Message> pending_;
  std::vector<detect::Verdict> verdicts_;
  uint64_t scored_ = 0;
};

// Most messages a report lists (counts keep covering all of them).
inline constexpr size_t kMaxReportRows = 100000;

// Collects scored messages and renders the report. Copyable value.
class TriageReport {
 public:
  TriageReport() = default;
  // Counts `m` and, for severity >= kLow and up to kMaxReportRows, keeps it
  // as a row. Messages with severity kNone are counted only.
  void Add(ScoredMessage m);
  // One self-contained HTML page: no external resources, inline CSS and a
  // few lines of JS, every text escaped, abusive text blurred until clicked.
  std::string RenderHtml(std::string_view title) const;
  // RFC 4180 CSV of the rows (CRLF), cells starting with = + - @ (or tab/CR)
  // prefixed with a quote against formula injection.
  std::string RenderCsv() const;

  uint64_t total() const { return total_; }
  uint64_t flagged() const { return flagged_; }
  const std::vector<ScoredMessage>& rows() const { return rows_; }
  // Flagged messages per severity / category / author / day (YYYY-MM-DD).
  const std::array<uint64_t, 5>& by_severity() const { return by_severity_; }
  const std::map<std::string, uint64_t>& by_category() const { return by_category_; }
  const std::map<std::string, uint64_t>& by_author() const { return by_author_; }
  const std::map<std::string, uint64_t>& by_day() const { return by_day_; }

 private:
  // Distinct authors counted; later ones go to "(other authors)".
  static constexpr size_t kMaxAuthors = 100000;
  uint64_t total_ = 0, flagged_ = 0, dropped_rows_ = 0;
  std::vector<ScoredMessage> rows_;
  std::array<uint64_t, 5> by_severity_{};
  std::map<std::string, uint64_t> by_category_, by_author_, by_day_;
};

}  // namespace byteback::imports

#endif  // BYTEBACK_IMPORTS_IMPORTS_H_
