// report.h: incident report PDFs for complaint packs, and the per-destination
// complaint templates (police cyber-crime units, platforms).
//
// Flow: the caller (the evidence/pack code, the CLI, the server) fills a
// ReportInput from the incident: it is a plain value, this module never
// touches the store. RenderPdf() lays it out on A4 pages with cairo (PDF
// surface) and pango (pangocairo: HarfBuzz shaping, bidi), so Devanagari,
// Bengali, Tamil, Sinhala and Urdu are shaped correctly, Urdu right to left,
// with Noto fonts from Debian's fonts-noto-core. User text is never parsed as
// pango markup. Pages: cover (title, destination, complainant fields,
// summary), rules broken (platforms), timeline, messages table, attacker
// handles, a bar chart of messages per day, verification (chain head,
// signature, public key, how to run `byteback evidence verify PACK`); every
// page has a header and "page N of M" footer. See docs/REPORTS.md.
//
// Templates are TOML data files in data/complaints/ (one per destination,
// editable by focal persons): LoadTemplate() parses one into a Template,
// FillFields() turns a complainant's answers into ReportInput::fields.
//
// Thread safety: all functions are reentrant; concurrent RenderPdf() calls
// are safe (each uses its own cairo surface and pango context; fontconfig and
// pango's shared caches are internally locked).
#ifndef BYTEBACK_REPORT_REPORT_H_
#define BYTEBACK_REPORT_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace byteback::report {

// ---- limits (a report over a limit is refused, not truncated silently) ------
inline constexpr size_t kMaxMessages = 20'000;
inline constexpr size_t kMaxTimelineEntries = 5'000;
inline constexpr size_t kMaxFields = 200;
inline constexpr size_t kMaxHandles = 5'000;
inline constexpr size_t kMaxDays = 3'660;
// A message text longer than this is cut in the PDF with a note that the full
// text is in the pack's original files (the PDF is a reading copy).
inline constexpr size_t kMaxRenderedTextBytes = 8'192;
// Any other single string (title, field value, summary, URL) over this is
// refused with the name of the field.
inline constexpr size_t kMaxStringBytes = 64 * 1024;

// ---- complaint templates (data/complaints/*.toml) -------------------------
// Abuse categories (incident categories) a platform rule can cover.
inline constexpr const char* kCategories[] = {
    "sexual_harassment", "threats", "doxxing", "impersonation", "slurs", "pile_on", "non_consensual_images"};

enum class TemplateKind { kPolice, kPlatform };

struct TemplateField {
  std::string key;    // [a-z0-9_]+, unique in the template
  std::string label;  // what the destination calls it
  bool required = false;
  std::string help;   // what to write, in plain words
};

// A platform rule an abuse category breaks.
struct PolicyRule {
  std::string category;  // one of kCategories
  std::string policy;    // the rule's name, e.g. "Abuse and harassment"
  std::string url;       // the published policy
};

struct Template {
  std::string id;          // the file name without .toml, e.g. "pk-fia"
  TemplateKind kind = TemplateKind::kPolice;
  std::string name;        // "Pakistan: FIA Cyber Crime Wing (NCCIA)"
  std::string country;     // ISO 3166-1 alpha-2 for police; empty for platforms
  std::string submit_url;  // where the complaint is filed
  std::string checked;     // date the content was last researched, YYYY-MM-DD
  std::string notes;       // how to file, what to attach
  std::vector<TemplateField> fields;
  std::vector<PolicyRule> rules;  // platforms only
  std::string path;        // the file it came from
};

// Parses one template. InvalidArgument naming "<path>: <key>: <reason>" for
// a TOML syntax error (with line:column), a missing or mistyped key, an
// unknown key, a duplicate field key, an unknown category or a bad URL;
// NotFound when the file cannot be read.
Result<Template> LoadTemplate(const std::string& path);
// The same from TOML text already in memory; `origin` (a path or a name)
// prefixes the error messages and gives the id (its file stem).
Result<Template> ParseTemplate(std::string_view toml, const std::string& origin);
// Every *.toml in `dir`, sorted by id. The first bad file's error; NotFound
// when `dir` has no template.
Result<std::vector<Template>> LoadTemplates(const std::string& dir);

// Turns answers (key -> value) into label -> value pairs in the template's
// order. InvalidArgument naming a required key without a value or a key the
// template does not have. Empty optional fields are left out.
Result<std::vector<std::pair<std::string, std::string>>> FillFields(
    const Template& t, const std::map<std::string, std::string>& values);
// The template's rules for `categories`, in template order.
std::vector<PolicyRule> RulesFor(const Template& t, const std::vector<std::string>& categories);

// ---- the report -------------------------------------------------------------
struct TimelineEntry {
  std::string time;  // as it should be printed, e.g. "2026-11-20 22:14 PKT"
  std::string text;
};

struct ReportMessage {
  std::string time;
  std::string platform;  // "X", "WhatsApp", ...
  std::string author;    // handle, e.g. "@someone"
  std::string url;
  std::string text;      // original text, any script or mix of scripts
  std::string lang;      // BCP-47 guess, e.g. "ur"; may be empty
  std::vector<std::pair<std::string, float>> scores;  // label -> 0..1
  std::vector<std::string> labels;                   // labels over threshold
  std::string sha256;    // of the evidence item (hex)
};

struct HandleCount {
  std::string handle;
  std::string platform;
  int64_t count = 0;
};

struct DayCount {
  std::string day;  // "YYYY-MM-DD"
  int64_t count = 0;
};

struct ReportInput {
  std::string title;        // "Complaint: online harassment of a journalist"
  std::string destination;  // "Pakistan FIA Cyber Crime Wing" or "X"
  std::vector<std::pair<std::string, std::string>> fields;  // label -> value (FillFields)
  std::string summary;      // what happened, in the complainant's words
  std::vector<PolicyRule> rules_broken;  // platforms: RulesFor(template, categories)
  std::vector<TimelineEntry> timeline;
  std::vector<ReportMessage> messages;
  std::vector<HandleCount> handles;
  std::vector<DayCount> per_day;  // in date order; gaps are drawn as empty days
  std::string chain_head;   // hex SHA-256 of the evidence chain head
  std::string signature;    // hex Ed25519 signature of the head
  std::string public_key;   // hex Ed25519 public key of the server
  std::string generated_at; // e.g. "2026-11-25 10:00 UTC"
  // Case study mode: complainant field values, URLs, item hashes and every
  // author handle are replaced or dropped ("[removed]", "account 1",
  // "account 2" ... consistently), and
  // every occurrence of a redact_names entry in any text becomes "[name]".
  bool redact = false;
  std::vector<std::string> redact_names;
};

// Renders the report; returns the PDF bytes (PDF 1.5, A4, fonts embedded and
// subset). InvalidArgument naming the field ("messages[3].text") for invalid
// UTF-8 or a string over kMaxStringBytes; ResourceExhausted over a count
// limit; Internal when cairo fails.
Result<std::string> RenderPdf(const ReportInput& input);

}  // namespace byteback::report

#endif  // BYTEBACK_REPORT_REPORT_H_
