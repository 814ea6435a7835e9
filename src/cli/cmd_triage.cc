// cmd_triage.cc: `byteback triage INPUT... --out report.html [--csv report.csv]`
// builds the triage report (docs/IMPORTS.md#triage). Each input is either the
// JSONL `byteback import` wrote (read back without rescoring) or an export in
// any importer format (imported and scored on the way, as `import` does).
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "cli/import_common.h"
#include "cli/shield_paths.h"
#include "imports/imports.h"

namespace byteback::cli {
namespace {

struct TriageArgs {
  std::vector<std::string> inputs;
  std::string out, csv, format = "auto", model, lexicons, title = "Byte Back triage report";
  ImportFlags flags;
};

// Reads a line of at most `max` bytes (without '\n'). 0 at end, -1 too long.
int ReadLine(std::istream& in, std::string* line, size_t max) {
  line->clear();
  std::streambuf* sb = in.rdbuf();
  for (;;) {
    int c = sb->sbumpc();
    if (c == std::char_traits<char>::eof()) return line->empty() ? 0 : 1;
    if (c == '\n') return 1;
    if (line->size() >= max) return -1;
    line->push_back(static_cast<char>(c));
  }
}

// True when the first line of `path` is a `byteback import` line.
bool IsScoredFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  return in && ReadLine(in, &line, imports::kMaxLineBytes) == 1 && imports::IsScoredJsonLine(line);
}

Status ReadScored(const std::string& path, imports::TriageReport* report, uint64_t* skipped) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + path + "'");
  std::string line;
  uint64_t line_no = 0;
  for (int r; (r = ReadLine(in, &line, imports::kMaxLineBytes)) != 0;) {
    ++line_no;
    const std::string where = path + ":" + std::to_string(line_no);
    if (r < 0) return Status::InvalidArgument(where + ": line longer than " + std::to_string(imports::kMaxLineBytes) + " bytes");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    Result<imports::ScoredMessage> m = imports::ParseJsonLine(line);
    if (!m.ok()) {
      std::fprintf(stderr, "warning: %s: %s (skipped)\n", where.c_str(), m.status().message().c_str());
      ++*skipped;
      continue;
    }
    report->Add(std::move(m).value());
  }
  return Status::Ok();
}

Status WriteFile(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot write '" + tmp + "'");
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) return Status::IOError("write failed: '" + tmp + "'");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::IOError("cannot rename '" + tmp + "' to '" + path + "'");
  return Status::Ok();
}

Status RunTriage(const TriageArgs& a) {
  BB_ASSIGN_OR_RETURN(imports::Format format, imports::ParseFormat(a.format));
  BB_ASSIGN_OR_RETURN(imports::ImportOptions options, a.flags.ToOptions());
  if (a.inputs.size() > imports::kMaxFiles)
    return Status::InvalidArgument("more than " + std::to_string(imports::kMaxFiles) + " inputs");
  imports::TriageReport report;
  std::shared_ptr<const detect::Detector> detector;
  Progress progress(a.inputs);
  Status first_error;
  uint64_t skipped = 0;
  for (const std::string& path : a.inputs) {
    Status s;
    if (path != "-" && format == imports::Format::kAuto && IsScoredFile(path)) {
      s = ReadScored(path, &report, &skipped);
    } else {
      if (!detector) {
        BB_ASSIGN_OR_RETURN(detector, LoadShield(a.model, a.lexicons));
      }
      imports::BatchScorer scorer(detector, std::max(1u, a.flags.threads), [&](imports::ScoredMessage&& m) {
        report.Add(std::move(m));
        return Status::Ok();
      });
      imports::ImportStats stats;
      s = ImportOne(path, format, options, [&](imports::Message&& m) {
          progress.Message();
          return scorer.Add(std::move(m));
        }, &stats,
                    progress);
      Status f = scorer.Flush();
      if (s.ok()) s = f;
      progress.FileDone(stats);
      skipped += stats.skipped;
      PrintWarnings(stats);
    }
    if (!s.ok()) {
      std::fprintf(stderr, "byteback: %s (messages read before it are in the report)\n", s.message().c_str());
      if (first_error.ok()) first_error = s;
    }
  }
  BB_RETURN_IF_ERROR(WriteFile(a.out, report.RenderHtml(a.title)));
  if (!a.csv.empty()) BB_RETURN_IF_ERROR(WriteFile(a.csv, report.RenderCsv()));
  const auto& sev = report.by_severity();
  std::fprintf(stderr,
               "triage: %llu messages, %llu flagged (severe %llu, high %llu, medium %llu), %llu low, %llu bad records "
               "skipped -> %s\n",
               static_cast<unsigned long long>(report.total()), static_cast<unsigned long long>(report.flagged()),
               static_cast<unsigned long long>(sev[4]), static_cast<unsigned long long>(sev[3]),
               static_cast<unsigned long long>(sev[2]), static_cast<unsigned long long>(sev[1]),
               static_cast<unsigned long long>(skipped), a.out.c_str());
  if (!first_error.ok()) return Status(first_error.code(), "report incomplete: " + first_error.message());
  return Status::Ok();
}

}  // namespace

void RegisterTriage(CLI::App& app) {
  auto a = std::make_shared<TriageArgs>();
  CLI::App* cmd = app.add_subcommand(
      "triage", "Build a triage report (HTML, optional CSV) from exports or from `byteback import` JSONL");
  cmd->add_option("inputs", a->inputs, "export files or import JSONL (- for standard input)")->required();
  cmd->add_option("--out", a->out, "HTML report to write")->required();
  cmd->add_option("--csv", a->csv, "also write the rows as CSV");
  cmd->add_option("--title", a->title, "report title")->capture_default_str();
  cmd->add_option("--format", a->format, "input format for exports (auto: detect; see `import --help`)")
      ->capture_default_str();
  cmd->add_option("--model", a->model, "model file (default: BYTEBACK_MODEL, then data/models/shield.bbm)");
  cmd->add_option("--lexicons", a->lexicons, "lexicon folder (default: BYTEBACK_LEXICONS, then data/lexicons)");
  a->flags.Register(cmd);
  cmd->callback([a] {
    if (Status s = RunTriage(*a); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
