// routes_import.cc: platform exports over HTTP (docs/API.md#imports): the
// upload is read by the importers (src/imports) in one pass, each message
// scored by the Shield, either returned (/api/v1/import), rendered as the
// triage report (/api/v1/triage) or filed into an incident with the export
// itself kept in the evidence log (/api/v1/incidents/{id}/import).
//
// A ZIP (an X archive, a Facebook or Instagram download) is opened with
// evidence::SafeArchive, which refuses bombs, `..` paths and links before
// anything is inflated; each file of it whose format is recognised is read.
// A file that stops with an error keeps every message read before it: the
// response says where it stopped.
#include <ctime>
#include <streambuf>

#include "core/utf8.h"
#include "detect/detect.h"
#include "evidence/evidence.h"
#include "imports/imports.h"
#include "incidents/incidents.h"
#include "server/http_internal.h"
#include "server/server_internal.h"
#include "shield/shield.h"

namespace byteback::server {
namespace {

namespace im = byteback::imports;
namespace inc = byteback::incidents;

// Most messages filed into an incident by one upload (split larger exports).
constexpr uint64_t kMaxIncidentImport = inc::kMaxMessagesPerImport;
// Most messages returned by /api/v1/import in one response.
constexpr uint64_t kMaxReturned = 100000;

// An istream over bytes we already hold, without copying them.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view bytes) {
    char* b = const_cast<char*>(bytes.data());
    setg(b, b, b + bytes.size());
  }
};

const std::vector<std::string> kImportQuery = {"name", "format", "date_order", "utc_offset_minutes", "owner"};

Result<im::ImportOptions> OptionsFrom(RouteContext& ctx, im::Format* format) {
  im::ImportOptions o;
  *format = im::Format::kAuto;
  if (auto f = ctx.QueryString("format"); f && !f->empty()) {
    BB_ASSIGN_OR_RETURN(*format, im::ParseFormat(*f));
  }
  if (auto d = ctx.QueryString("date_order")) {
    if (*d == "dmy") {
      o.date_order = im::DateOrder::kDayFirst;
    } else if (*d == "mdy") {
      o.date_order = im::DateOrder::kMonthFirst;
    } else if (*d != "auto") {
      return Status::InvalidArgument("query parameter 'date_order': auto, dmy or mdy (as `byteback import`)");
    }
  }
  BB_ASSIGN_OR_RETURN(auto offset, ctx.QueryInt("utc_offset_minutes", -14 * 60, 14 * 60));
  o.utc_offset_minutes = static_cast<int>(offset.value_or(0));
  o.owner = ctx.QueryString("owner").value_or("").substr(0, 200);
  return o;
}

std::string NameOf(const RouteContext& ctx) { return UploadFileName(ctx); }

struct Outcome {
  im::ImportStats stats;
  std::vector<std::string> files;     // files read
  std::vector<std::string> skipped;   // archive members not recognised
  std::vector<std::string> errors;    // "file: where it stopped and why"
};

// Reads the upload (one file, or each recognised file of a ZIP) and hands
// every message to `sink`. Errors of one file are collected (the messages
// before them are kept); an unsafe archive fails the whole request.
Result<Outcome> ReadUpload(std::string_view body, const std::string& name, im::Format format,
                           const im::ImportOptions& options, const im::MessageSink& sink) {
  Outcome out;
  auto read_one = [&](std::string_view bytes, const std::string& file, im::Format f) {
    ViewBuf buf(bytes);
    std::istream in(&buf);
    im::ImportStats stats;
    Status s = im::Import(in, file, f, options, sink, &stats);
    out.stats.messages += stats.messages;
    out.stats.skipped += stats.skipped;
    out.stats.truncated += stats.truncated;
    out.stats.bytes += stats.bytes;
    for (auto& w : stats.warnings) {
      if (out.stats.warnings.size() < im::kMaxWarnings) out.stats.warnings.push_back(std::move(w));
    }
    out.files.push_back(file);
    if (!s.ok()) out.errors.push_back(s.message());
    return s;
  };
  if (body.size() >= 4 && body.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
    BB_ASSIGN_OR_RETURN(evidence::SafeArchive zip, evidence::SafeArchive::OpenMemory(std::string(body), name));
    for (const evidence::ArchiveEntry& e : zip.entries()) {
      if (e.is_dir) continue;
      im::Format f = format;
      if (f == im::Format::kAuto) {
        // The first bytes only: stop the stream once there are enough.
        std::string head;
        Status sniffed = zip.Stream(e, [&](std::string_view chunk) {
          head.append(chunk.substr(0, im::kSniffBytes - head.size()));
          return head.size() < im::kSniffBytes ? Status::Ok() : Status::ResourceExhausted("enough");
        });
        if (!sniffed.ok() && head.size() < std::min<uint64_t>(e.size, im::kSniffBytes)) return sniffed;
        auto detected = im::DetectFormat(e.name, head);
        if (!detected.ok()) {
          out.skipped.push_back(e.name);
          continue;
        }
        f = *detected;
      }
      if (out.files.size() >= im::kMaxFiles) {
        out.errors.push_back(name + ": more than " + std::to_string(im::kMaxFiles) + " files; the rest were not read");
        break;
      }
      BB_ASSIGN_OR_RETURN(std::string bytes, zip.Read(e, e.size));  // bounded by the archive limits
      Status s = read_one(bytes, name + "/" + e.name, f);
      if (s.code() == StatusCode::kResourceExhausted) break;  // the caller's cap
    }
    if (out.files.empty()) {
      return Status::InvalidArgument(name + ": no file in this archive is an export Byte Back can read "
                                     "(see docs/IMPORTS.md)");
    }
    return out;
  }
  if (format == im::Format::kAuto) {
    auto detected = im::DetectFormat(name, body.substr(0, im::kSniffBytes));
    if (!detected.ok()) {
      return Status::NotFound(name + ": cannot tell the export format from its name and first bytes; add "
                              "?format= (twitter, facebook, instagram, youtube-csv, youtube-json, whatsapp, "
                              "telegram, mbox, eml, csv, jsonl)");
    }
    format = *detected;
  }
  (void)read_one(body, name, format);
  return out;
}

nlohmann::json StatsJson(const Outcome& o) {
  return {{"messages", o.stats.messages}, {"skipped", o.stats.skipped}, {"truncated", o.stats.truncated},
          {"files", o.files},             {"unrecognised_files", o.skipped},
          {"warnings", o.stats.warnings}, {"errors", o.errors},
          {"complete", o.errors.empty()}};
}

Result<std::shared_ptr<const detect::Detector>> DetectorOf(RouteContext& ctx) {
  if (ctx.server.services.shield == nullptr) return Status::Unavailable("the Shield is not loaded on this server");
  return ctx.server.services.shield->detector();
}

Status ImportAndReturn(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(auto det, DetectorOf(ctx));
  im::Format format;
  BB_ASSIGN_OR_RETURN(im::ImportOptions options, OptionsFrom(ctx, &format));
  std::string messages = "[";
  uint64_t n = 0;
  im::BatchScorer scorer(det, 1, [&](im::ScoredMessage&& m) {
    if (n++ > 0) messages.push_back(',');
    messages += im::ToJsonLine(m);
    return Status::Ok();
  });
  auto sink = [&](im::Message&& m) {
    if (scorer.scored() + 1 > kMaxReturned) {
      return Status::ResourceExhausted("more than " + std::to_string(kMaxReturned) +
                                       " messages: use `byteback import` for exports this large");
    }
    return scorer.Add(std::move(m));
  };
  auto outcome = ReadUpload(ctx.raw_body, NameOf(ctx), format, options, sink);
  BB_RETURN_IF_ERROR(scorer.Flush());
  BB_RETURN_IF_ERROR(outcome.status());
  messages += "]";
  std::string body = "{\"model_version\":" + nlohmann::json(det->model().version).dump() +
                     ",\"stats\":" + StatsJson(*outcome).dump() + ",\"messages\":" + messages + "}";
  ctx.res.status = 200;
  ctx.res.set_content(std::move(body), "application/json");
  return Status::Ok();
}

Status Triage(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(auto det, DetectorOf(ctx));
  im::Format format;
  BB_ASSIGN_OR_RETURN(im::ImportOptions options, OptionsFrom(ctx, &format));
  im::TriageReport report;
  im::BatchScorer scorer(det, 1, [&](im::ScoredMessage&& m) {
    report.Add(std::move(m));
    return Status::Ok();
  });
  auto outcome = ReadUpload(ctx.raw_body, NameOf(ctx), format, options,
                            [&](im::Message&& m) { return scorer.Add(std::move(m)); });
  BB_RETURN_IF_ERROR(scorer.Flush());
  BB_RETURN_IF_ERROR(outcome.status());
  const bool csv = ctx.QueryString("as").value_or("html") == "csv";
  ctx.res.status = 200;
  ctx.res.set_header("Content-Disposition", std::string("attachment; filename=\"triage.") + (csv ? "csv" : "html") + "\"");
  ctx.res.set_header("X-Import-Complete", outcome->errors.empty() ? "true" : "false");
  if (csv) {
    ctx.res.set_content(report.RenderCsv(), "text/csv; charset=utf-8");
  } else {
    // The report carries its own inline style and script (the blur toggle).
    ctx.res.set_header("Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:");
    ctx.res.set_content(report.RenderHtml("Triage: " + NameOf(ctx)), "text/html; charset=utf-8");
  }
  return Status::Ok();
}

int64_t UnixOf(const std::string& t) {
  std::tm tm{};
  if (t.size() < 20 || strptime(t.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

Status ImportIntoIncident(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(auto det, DetectorOf(ctx));
  im::Format format;
  BB_ASSIGN_OR_RETURN(im::ImportOptions options, OptionsFrom(ctx, &format));
  inc::Incidents& incidents = *ctx.server.services.incidents;
  const std::string name = NameOf(ctx);
  // The export itself is evidence first (and the access check).
  inc::NewEvidence up;
  up.name = name;
  up.declared_mime = ctx.req.get_header_value("Content-Type");
  up.bytes = ctx.raw_body;
  BB_ASSIGN_OR_RETURN(evidence::ChainEntry entry, incidents.AddEvidence(*ctx.principal, id, up));
  // Filed in one transaction at the end (the chain is checked once).
  std::vector<inc::NewMessage> batch;
  uint64_t added = 0;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    auto ids = incidents.ImportMessages(*ctx.principal, id, batch);
    if (!ids.ok()) return ids.status();
    added += ids->size();
    batch.clear();
    return Status::Ok();
  };
  im::BatchScorer scorer(det, 1, [&](im::ScoredMessage&& m) -> Status {
    detect::Verdict v;
    v.lang = m.lang;
    v.scores = m.scores;
    for (size_t l = 0; l < detect::kLabelCount; ++l) {
      for (const std::string& name_l : m.labels) {
        if (name_l == detect::LabelName(static_cast<detect::Label>(l))) v.labels |= detect::Bit(static_cast<detect::Label>(l));
      }
    }
    for (const auto& s : m.spans) v.spans.push_back({s.begin, s.end, detect::Label::kAbusive, s.severity, 0});
    inc::NewMessage n;
    n.text = utf8::TruncateToBoundary(m.message.text, inc::kMaxMessageTextBytes);
    n.author_handle = utf8::TruncateToBoundary(m.message.author, inc::kMaxHandleBytes);
    n.platform = utf8::TruncateToBoundary(m.message.platform, inc::kMaxPlatformBytes);
    n.url = utf8::TruncateToBoundary(m.message.url, inc::kMaxUrlBytes);
    n.sent_at = UnixOf(m.message.time);
    n.score = ScoreOfVerdict(v);
    n.source = "import:" + std::to_string(entry.item.seq);
    if (n.text.empty()) return Status::Ok();
    batch.push_back(std::move(n));
    return Status::Ok();
  });
  auto sink = [&](im::Message&& m) {
    if (scorer.scored() + 1 > kMaxIncidentImport) {
      return Status::ResourceExhausted("more than " + std::to_string(kMaxIncidentImport) +
                                       " messages in one upload: split the export");
    }
    return scorer.Add(std::move(m));
  };
  auto outcome = ReadUpload(up.bytes, name, format, options, sink);
  BB_RETURN_IF_ERROR(scorer.Flush());
  BB_RETURN_IF_ERROR(flush());
  BB_RETURN_IF_ERROR(outcome.status());
  nlohmann::json out = {{"evidence_seq", entry.item.seq}, {"added", added}, {"stats", StatsJson(*outcome)}};
  WriteJson(ctx.res, out, 201);
  return Status::Ok();
}

}  // namespace

void AddImportRoutes(ServerImpl& s) {
  std::vector<std::string> triage_query = kImportQuery;
  triage_query.push_back("as");
  s.AddRoute({.method = "POST", .pattern = "/api/v1/import", .access = Access::kSignedIn,
              .handler = ImportAndReturn, .query = kImportQuery,
              .summary = "Read a platform export (or a ZIP of them) and return every message scored",
              .upload = true});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/triage", .access = Access::kSignedIn, .handler = Triage,
              .query = triage_query, .summary = "The triage report (HTML, or CSV with ?as=csv) of an export",
              .upload = true});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/incidents/{id}/import", .access = Access::kSignedIn,
              .handler = ImportIntoIncident, .query = kImportQuery, .module_audits_denials = true,
              .summary = "File an export's messages into an incident, scored, with the export kept as evidence",
              .upload = true});
}

}  // namespace byteback::server
